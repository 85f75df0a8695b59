"""The corpus commands: `ingest`, `search`, `export` and the `query` family.

Each is a thin shell over a function in `extractor.store` (ingest, queries, export) that tests
call directly. SQLAlchemy and Alembic are imported inside the commands so `extractor --help`
stays fast. Database problems end in one line `extractor: error: …` and exit status 2.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
from collections.abc import Callable
from dataclasses import asdict, is_dataclass
from typing import Any

EXIT_BAD_INPUT = 2
_DB_HELP = "the corpus database: sqlite:///FILE or a file path, or postgresql://USER@HOST/DB (default: $EXTRACTOR_DB, else ./notices.db)"


def _error(message: str) -> None:
    print(f"extractor: error: {' '.join(str(message).split())}", file=sys.stderr)


def _guarded(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Database errors as one line and exit 2; everything else goes to the main handler."""

    @functools.wraps(func)
    def run(args: argparse.Namespace) -> int:
        from sqlalchemy.exc import SQLAlchemyError

        from extractor.store.db import StoreError

        try:
            return func(args)
        except (StoreError, LookupError) as exc:
            _error(str(exc))
        except SQLAlchemyError as exc:
            orig = getattr(exc, "orig", None)
            detail = str(orig or exc).strip().splitlines()
            _error(f"database: {detail[0] if detail else type(exc).__name__}")
        return EXIT_BAD_INPUT

    return run


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return _plain(asdict(value))
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _json_lines(items: list[Any]) -> None:
    for item in items:
        sys.stdout.write(json.dumps(_plain(item), ensure_ascii=False) + "\n")


def _notice_line(n: Any) -> str:
    version = f" v{n.version}" if n.version > 1 or not n.is_current else ""
    old = "" if n.is_current else " (replaced)"
    return (f"{n.id:>6}  {n.year or '----'}  {(n.level or '-'):<10}  {n.issuer or '-'}  {n.doc_number or '-'}  "
            f"{n.title or os.path.basename(n.path)}{version}{old}")


# --- ingest / search / export -----------------------------------------------------------------


@_guarded
def cmd_ingest(args: argparse.Namespace) -> int:
    from extractor.readers import ReadError
    from extractor.store.db import display, normalize_url
    from extractor.store.ingest import ingest

    report = ingest(args.paths, args.db, jobs=args.jobs, progress=not args.quiet)
    if not report.files:
        raise ReadError("missing", f"no documents found in {' '.join(args.paths)}")
    for f in report.failed:
        _error(f.error or f"{f.path}: failed")
    if args.verbose:
        for f in report.files:
            extra = f" (same as {f.same_as})" if f.same_as else f" (notice {f.notice_id}, v{f.version})" if f.notice_id else ""
            print(f"{f.status:<10} {f.path}{extra}")
    print(f"ingest: {report.summary()} into {display(normalize_url(args.db))}", file=sys.stderr)
    return EXIT_BAD_INPUT if report.failed else 0


def _marked(passage: Any, hits: list[Any]) -> str:
    out, pos = [], passage.start
    for h in sorted(hits, key=lambda h: h.start):
        if h.start < pos:
            continue
        out += [passage.text[pos - passage.start:h.start - passage.start], "【", h.text, "】"]
        pos = h.end
    out.append(passage.text[pos - passage.start:])
    return "".join(out)


@_guarded
def cmd_search(args: argparse.Namespace) -> int:
    from extractor.store.queries import search

    found = search(args.db, args.query, limit=args.limit, year=args.year, all_versions=args.all_versions)
    if args.json:
        _json_lines(found)
        return 0
    for i, h in enumerate(found, 1):
        n = h.notice
        print(f"[{i}] {h.score:.2f}  notice {n.id}  {n.year or '----'}  {n.issuer or '-'}  {os.path.basename(n.path)}  "
              f"@{h.passage.start}-{h.passage.end}")
        print(f"    {_marked(h.passage, h.hits)}")
    if not found:
        print("no passages found", file=sys.stderr)
    return 0


@_guarded
def cmd_export(args: argparse.Namespace) -> int:
    from extractor.store.export import export

    n = export(args.db, args.format, args.output, all_versions=args.all_versions)
    if args.output and args.output != "-":
        print(f"export: {n} notices to {args.output}", file=sys.stderr)
    return 0


# --- query ------------------------------------------------------------------------------------


@_guarded
def cmd_notices(args: argparse.Namespace) -> int:
    from extractor.store.queries import list_notices

    rows = list_notices(args.db, year=args.year, issuer=args.issuer, level=args.level, doc_number=args.doc_number,
                        all_versions=args.all_versions)
    if args.json:
        _json_lines(rows)
    else:
        for r in rows:
            print(_notice_line(r))
    return 0


def _item_line(kind: str, item: Any) -> str:
    v = item.values
    where = f"  @{item.evidence.start}-{item.evidence.end}" if item.evidence else ""
    if kind == "directions":
        body = f"{v['number'] or '-'}. {v['title']}" + (f"  [{v['category']}]" if v.get("category") else "")
    elif kind == "quotas":
        limit = "no limit" if v["limit"] is None else f"≤ {v['limit']}"
        body = f"{v['recommender']}: {limit}" + (f" for {v['direction']}" if v.get("direction") else "") + (" (extra)" if v["extra"] else "")
    else:
        body = f"{v['date']}  {v.get('actor') or ''} {v.get('action') or ''}".rstrip()
    return f"    {item.layer:<9} {body}{where}"


@_guarded
def cmd_edition(args: argparse.Namespace) -> int:
    from extractor.store.queries import edition

    found = edition(args.db, year=args.year, issuer=args.issuer, level=args.level, doc_number=args.doc_number, notice_id=args.id)
    if not found:
        raise LookupError("no stored notice matches that edition")
    if args.json:
        _json_lines(found)
        return 0
    for ed in found:
        print(_notice_line(ed.notice))
        for kind in ("directions", "quotas", "deadlines"):
            items = getattr(ed, kind)
            print(f"  {kind} ({len(items)})")
            for item in items:
                print(_item_line(kind, item))
    return 0


@_guarded
def cmd_city(args: argparse.Namespace) -> int:
    from extractor.store.queries import notices_naming

    found = notices_naming(args.db, args.name, all_versions=args.all_versions)
    if args.json:
        _json_lines(found)
        return 0
    for h in found:
        tiers = f" ({', '.join(h.tiers)})" if h.tiers else ""
        print(f"{_notice_line(h.notice)}\n    {h.city}: {', '.join(h.roles)}{tiers}; {len(h.evidence)} mention(s)")
    if not found:
        print(f"no stored notice names {args.name}", file=sys.stderr)
    return 0


@_guarded
def cmd_history(args: argparse.Namespace) -> int:
    from extractor.store.queries import direction_history

    steps = direction_history(args.db, args.title, issuer=args.issuer, level=args.level, every_notice=args.every_notice)
    if args.json:
        _json_lines(steps)
        return 0
    for s in steps:
        n = s.notice
        sim = f" ({s.similarity:.2f})" if s.similarity is not None else ""
        number = f"{s.direction['number']}. " if s.direction and s.direction.get("number") else ""
        print(f"{n.year}  {(n.level or '-'):<10} notice {n.id:<5} {(s.change or 'first'):<9}{sim}  {number}{s.title or '—'}")
    return 0


@_guarded
def cmd_failures(args: argparse.Namespace) -> int:
    from extractor.store.queries import list_failures

    rows = list_failures(args.db)
    if args.json:
        _json_lines(rows)
    else:
        for r in rows:
            print(f"{r.path}\n    {r.error}")
    return 0


@_guarded
def cmd_versions(args: argparse.Namespace) -> int:
    from extractor.store.queries import versions

    rows = versions(args.db, args.path)
    if not rows:
        raise LookupError(f"{args.path} is not in the corpus")
    if args.json:
        _json_lines(rows)
    else:
        for r in rows:
            print(f"{_notice_line(r)}  sha256 {r.sha256[:12]}" + (f"  replaces {r.previous_id}" if r.previous_id else ""))
    return 0


@_guarded
def cmd_show(args: argparse.Namespace) -> int:
    from extractor.store.queries import get_notice

    sys.stdout.write(get_notice(args.db, args.id).model_dump_json(indent=2) + "\n")
    return 0


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def register(sub: Any) -> None:
    """Add the corpus commands to the `extractor` command line."""
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", default=None, metavar="URL", help=_DB_HELP)
    out = argparse.ArgumentParser(add_help=False)
    out.add_argument("--json", action="store_true", help="one JSON object per line")
    versions_ = argparse.ArgumentParser(add_help=False)
    versions_.add_argument("--all-versions", action="store_true", help="include versions a changed file replaced")

    p = sub.add_parser("ingest", parents=[db], help="store notices (files or folders) in the corpus database")
    p.add_argument("paths", nargs="+", metavar="FILE|DIR")
    p.add_argument("-j", "--jobs", type=_positive, default=1, help="parse in N processes (default 1)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument("-v", "--verbose", action="store_true", help="one line per file: new, version, unchanged, duplicate, failed")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("search", parents=[db, out, versions_], help="full-text search of the stored notices (Chinese word segmentation)")
    p.add_argument("query")
    p.add_argument("-n", "--limit", type=_positive, default=10)
    p.add_argument("--year", type=int)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("export", parents=[db, versions_], help="export the whole corpus as JSON lines or an Excel workbook")
    p.add_argument("--format", choices=["jsonl", "xlsx"], default="jsonl")
    p.add_argument("-o", "--output", help="the file to write (default: stdout for jsonl)")
    p.set_defaults(func=cmd_export)

    q = sub.add_parser("query", help="ask the corpus database: notices, edition, city, history, versions, failures, show")
    qs = q.add_subparsers(dest="query", metavar="QUESTION", required=True)

    filters = argparse.ArgumentParser(add_help=False)
    filters.add_argument("--issuer", help="a part of the issuer's name")
    filters.add_argument("--level", choices=["national", "provincial", "municipal"])

    p = qs.add_parser("notices", parents=[db, out, versions_, filters], help="list notices by year, issuer, level")
    p.add_argument("--year", type=int)
    p.add_argument("--doc-number", help="a document number (a forward matches the one it forwards)")
    p.set_defaults(func=cmd_notices)

    p = qs.add_parser("edition", parents=[db, out, filters], help="directions, quotas and deadlines in force for an edition")
    p.add_argument("--year", type=int)
    p.add_argument("--doc-number")
    p.add_argument("--id", type=int, help="a notice id (from `query notices`)")
    p.set_defaults(func=cmd_edition)

    p = qs.add_parser("city", parents=[db, out, versions_], help="notices that name a city (list, quota or text)")
    p.add_argument("name", help="深圳, 深圳市 ...")
    p.set_defaults(func=cmd_city)

    p = qs.add_parser("history", parents=[db, out, filters], help="one direction across editions: renamed, merged, split ...")
    p.add_argument("title", help="the direction's title, or enough of it")
    p.add_argument("--every-notice", action="store_true", help="every notice, not one edition per year")
    p.set_defaults(func=cmd_history)

    p = qs.add_parser("versions", parents=[db, out], help="the stored versions of one file")
    p.add_argument("path")
    p.set_defaults(func=cmd_versions)

    p = qs.add_parser("failures", parents=[db, out], help="files that failed to ingest, with their errors")
    p.set_defaults(func=cmd_failures)

    p = qs.add_parser("show", parents=[db], help="the stored Notice record of one notice id")
    p.add_argument("id", type=int)
    p.set_defaults(func=cmd_show)
