"""The command line. Each command is a thin shell over a function in `extractor.api`.

Heavy libraries (spaCy, pdfplumber, OpenCC) are imported inside the commands, so `--help`
answers at once.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1


def _error(message: str) -> None:
    # One line, always: a user must never see a traceback.
    print(f"extractor: error: {' '.join(str(message).split())}", file=sys.stderr)


def cmd_normalize(args: argparse.Namespace) -> int:
    from extractor import api

    result = api.normalize_file(args.file)
    if args.explain:
        for line in result.explain():
            print(line)
    else:
        sys.stdout.write(result.text)
        if not result.text.endswith("\n"):
            sys.stdout.write("\n")
    return 0


def cmd_parse(args: argparse.Namespace) -> int:
    from extractor import api

    return api.parse_command(args.paths, fmt=args.format, out=args.output, progress=not args.quiet)


def cmd_schema(args: argparse.Namespace) -> int:
    from extractor import api

    sys.stdout.write(api.schema_json(args.record) + "\n")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from extractor import evaluate

    return evaluate.main(pdf=not args.no_pdf, verbose=args.verbose)


def cmd_bench(args: argparse.Namespace) -> int:
    from extractor import bench

    return bench.main(repeat=args.repeat)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="extractor",
        description="Read Chinese information-consumption demonstration-project notices into structured records.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("normalize", help="print a document's normalised Simplified text")
    p.add_argument("file")
    p.add_argument("--explain", action="store_true", help="list the fixes that changed something, with counts")
    p.set_defaults(func=cmd_normalize)

    p = sub.add_parser("parse", help="read notices into Notice records")
    p.add_argument("paths", nargs="+", metavar="FILE|DIR")
    p.add_argument("--format", choices=["json", "jsonl", "md"], default="json")
    p.add_argument("-o", "--output", help="write here (a file, or a directory for one file per notice)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("schema", help="print the JSON Schema of the records")
    p.add_argument("record", nargs="?", default="Notice",
                   choices=["Notice", "Application", "Checklist", "PolicyDiff"])
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("eval", help="precision / recall / F1 against the gold fixtures")
    p.add_argument("--no-pdf", action="store_true", help="text fixtures only")
    p.add_argument("-v", "--verbose", action="store_true", help="list every miss and false hit")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("bench", help="speed and memory against the raw libraries, as ratios")
    p.add_argument("--repeat", type=int, default=5)
    p.set_defaults(func=cmd_bench)

    # Commands of the other features register themselves; each module owns its arguments.
    import importlib

    for module in ("extractor.checklist.cli", "extractor.compare.cli", "extractor.store.cli"):
        try:
            importlib.import_module(module).register(sub)
        except ModuleNotFoundError as exc:
            if exc.name is None or not module.startswith(exc.name):
                raise
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return EXIT_BAD_INPUT
    from extractor.readers.base import ReadError

    try:
        return func(args)
    except ReadError as exc:
        _error(str(exc))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        return 0
    except (OSError, ValueError, TypeError) as exc:
        _error(f"{type(exc).__name__}: {exc}")
        return EXIT_BAD_INPUT
    except Exception as exc:  # noqa: BLE001 - the last line of defence against a traceback
        _error(f"internal error ({type(exc).__name__}: {exc}); please report it with the input file")
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
