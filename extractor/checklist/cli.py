"""`extractor check`: fill the reviewer's checklist for one application, or a recommender's batch.

Heavy imports stay inside the command so that `extractor --help` answers at once.
"""

from __future__ import annotations

import argparse
import os
import sys

EXIT_FAILED_CHECKS = 1  # with --strict: something failed
EXIT_BAD_INPUT = 2  # an application (or the notice) could not be read


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("check", help="fill the reviewer's checklist for applications against a notice")
    p.add_argument("paths", nargs="+", metavar="APPLICATION|DIR", help="filled application forms (TXT, DOCX, PDF) or folders")
    p.add_argument("--notice", required=True, help="the notice the applications answer")
    p.add_argument("--forms", metavar="NOTICE",
                   help="read the forms from this notice when the notice itself carries none (a city's forward)")
    p.add_argument("--recommender", help="who recommends the batch (广东省, 深圳市, a central enterprise …): checks quotas")
    p.add_argument("--format", choices=["md", "json"], default="md", help="what to print for a single application")
    p.add_argument("-o", "--output", help="write checklists (Markdown and JSON) and the batch workbook here")
    p.add_argument("--strict", action="store_true", help=f"exit {EXIT_FAILED_CHECKS} when any check fails")
    p.add_argument("-j", "--jobs", type=int, help="processes reading applications in parallel (default: one per core)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    from extractor.api import iter_paths
    from extractor.checklist import check_file, load_context
    from extractor.checklist.batch import batch_verdict, check_batch
    from extractor.checklist.render import batch_markdown, batch_workbook, checklist_markdown
    from extractor.io import write_atomic
    from extractor.readers import ReadError

    ctx = load_context(args.notice, args.forms)
    files = list(iter_paths(args.paths))
    if not files:
        raise ReadError("missing", f"no applications found in {' '.join(args.paths)}")
    single = len(files) == 1 and not os.path.isdir(args.paths[0]) and not args.recommender
    if single and not args.output:
        _app, checklist = check_file(files[0], ctx)
        if args.format == "json":
            sys.stdout.write(checklist.model_dump_json(indent=2) + "\n")
        else:
            sys.stdout.write(checklist_markdown(checklist))
        return EXIT_FAILED_CHECKS if args.strict and checklist.verdict == "fail" else 0

    out = args.output or "checklists"
    report = check_batch(files, ctx, args.recommender, progress=not args.quiet, jobs=args.jobs)
    for e in report.entries:
        if e.error:
            print(f"extractor: error: {' '.join(e.error.split())}", file=sys.stderr)
            continue
        assert e.checklist is not None
        stem = os.path.splitext(os.path.basename(e.path))[0]
        write_atomic(os.path.join(out, f"{stem}.md"), checklist_markdown(e.checklist))
        write_atomic(os.path.join(out, f"{stem}.json"), e.checklist.model_dump_json(indent=2) + "\n")
    name = f"汇总表_{args.recommender}.xlsx" if args.recommender else "汇总表.xlsx"
    write_atomic(os.path.join(out, name), batch_workbook(report, ctx))
    write_atomic(os.path.join(out, "batch.json"), report.model_dump_json(indent=2) + "\n")
    sys.stdout.write(batch_markdown(report, ctx))
    print(f"wrote {len(report.entries) - report.summary['unreadable']} checklists and {name} to {out}", file=sys.stderr)
    if report.summary["unreadable"]:
        return EXIT_BAD_INPUT
    return EXIT_FAILED_CHECKS if args.strict and batch_verdict(report) == "fail" else 0
