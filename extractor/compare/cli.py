"""`extractor compare A B [C ...]`: what changed between notices, as JSON, a Markdown memo or an HTML report.

Imports stay inside the command so `extractor --help` does not load jieba or spaCy.
"""

from __future__ import annotations

import argparse
import sys

FORMATS = ("json", "md", "html")


def render(paths: list[str], fmt: str = "json", layer: str = "both") -> str:
    """The comparison of the files, rendered: one pair gives a PolicyDiff, more give a Comparison."""
    from extractor.compare import compare_many

    comparison = compare_many(paths, layer=layer)
    if fmt == "md":
        from extractor.compare.report_md import markdown

        return markdown(comparison)
    if fmt == "html":
        from extractor.compare.report_html import html

        return html(comparison)
    record = comparison.diffs[0] if len(comparison.diffs) == 1 else comparison
    return record.model_dump_json(indent=2) + "\n"


def cmd_compare(args: argparse.Namespace) -> int:
    from extractor.io import write_atomic

    try:
        text = render(args.paths, args.format, args.layer)
    except ValueError as exc:
        # Usage problems (one notice, an unknown layer) are one line, like every other bad input.
        print(f"extractor: error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    if args.output:
        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("compare", help="what changed between notices (editions, or a notice and its forward)",
                       description="Compare notices in the order given: each consecutive pair, and a timeline of "
                                   "the directions across all. A file holding a forward stands for the national notice "
                                   "it wraps and then the forward (see --layer).")
    p.add_argument("paths", nargs="+", metavar="FILE", help="notices, oldest first")
    p.add_argument("--format", choices=FORMATS, default="json", help="json (PolicyDiff, or a Comparison for 3+), md, html")
    p.add_argument("-o", "--output", help="write here (atomically) instead of standard output")
    p.add_argument("--layer", choices=("both", "outer", "forwarded"), default="both",
                   help="for a forward: both layers (default), only the forward, or only the notice it wraps")
    p.set_defaults(func=cmd_compare)
