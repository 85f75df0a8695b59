"""Export the whole corpus: JSON lines (one Notice record per line, as `extractor parse --format
jsonl` writes them) or an Excel workbook with one sheet per kind of row.

Rows are streamed from the database and written to a temporary file that replaces the target
only when complete, so memory stays flat and a reader never sees half an export.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any

from sqlalchemy import Engine, select

from extractor.store import schema as S
from extractor.store.queries import opened

FORMATS = ("jsonl", "xlsx")


@contextmanager
def _atomic(path: str, mode: str) -> Iterator[IO[Any]]:
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-export-", dir=directory)
    try:
        with os.fdopen(fd, mode, **({"encoding": "utf-8"} if "b" not in mode else {})) as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _where(all_versions: bool) -> list[Any]:
    return [] if all_versions else [S.notices.c.is_current]


def _record_json(rec: dict[str, Any]) -> str:
    """A stored record as `extractor parse --format jsonl` writes it: PostgreSQL's jsonb keeps
    no key order, so the record goes back through the model when it still fits it."""
    from pydantic import ValidationError

    from models import Notice

    try:
        return Notice.model_validate(rec).model_dump_json()
    except ValidationError:  # written by another version of the extractor: as stored, not lost
        return json.dumps(rec, ensure_ascii=False)


def _jsonl(engine: Engine, out: IO[str], all_versions: bool) -> int:
    n = 0
    with engine.connect() as conn:
        q = select(S.notices.c.record).where(*_where(all_versions)).order_by(S.notices.c.id)
        for rec in conn.execution_options(yield_per=200).execute(q).scalars():
            out.write(_record_json(rec) + "\n")
            n += 1
    return n


_SHEETS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "directions": (S.directions, ("layer", "number", "title", "category", "description", "keywords", "span_start", "span_end")),
    "quotas": (S.quotas, ("layer", "recommender", "quota_limit", "direction", "extra", "cities", "note", "span_start", "span_end")),
    "deadlines": (S.deadlines, ("layer", "date", "actor", "action", "span_start", "span_end")),
    "cities": (S.cities, ("layer", "name", "province", "code", "role", "tier", "span_start", "span_end")),
}
_NOTICE_SHEET = ("id", "path", "version", "is_current", "previous_id", "sha256", "ingested_at", "year", "level", "issuer",
                 "doc_number", "title", "program", "date", "forwarded_doc_number", "format", "script")


def _cell_fixer() -> Callable[[Any], Any]:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def fix(value: Any) -> Any:
        if isinstance(value, list | dict):
            value = json.dumps(value, ensure_ascii=False)
        if hasattr(value, "tzinfo") and value.tzinfo is not None:
            value = value.replace(tzinfo=None)  # Excel has no time zones; stored times are UTC
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)[:32000]  # Excel's cell limit is 32,767
        return value

    return fix


def _xlsx(engine: Engine, out: IO[bytes], all_versions: bool) -> int:
    from openpyxl import Workbook

    fix = _cell_fixer()
    wb = Workbook(write_only=True)  # rows go straight to disk
    n = 0
    with engine.connect() as conn:
        ws = wb.create_sheet("notices")
        ws.append(list(_NOTICE_SHEET))
        cols = [S.documents.c.path if c == "path" else S.notices.c[c] for c in _NOTICE_SHEET]
        q = (select(*cols).join(S.documents, S.documents.c.id == S.notices.c.document_id)
             .where(*_where(all_versions)).order_by(S.notices.c.id))
        for row in conn.execution_options(yield_per=500).execute(q):
            ws.append([fix(v) for v in row])
            n += 1
        for name, (table, columns) in _SHEETS.items():
            ws = wb.create_sheet(name)
            ws.append(["notice_id", *columns])
            q = (select(table.c.notice_id, *(table.c[c] for c in columns))
                 .join(S.notices, S.notices.c.id == table.c.notice_id)
                 .where(*_where(all_versions)).order_by(table.c.notice_id, table.c.id))
            for row in conn.execution_options(yield_per=2000).execute(q):
                ws.append([fix(v) for v in row])
        ws = wb.create_sheet("failures")
        ws.append(["path", "sha256", "error", "first_at", "last_at"])
        for row in conn.execute(select(S.failures.c.path, S.failures.c.sha256, S.failures.c.error, S.failures.c.first_at,
                                       S.failures.c.last_at).order_by(S.failures.c.path)):
            ws.append([fix(v) for v in row])
    wb.save(out)
    return n


def export(db: str | Engine | None, fmt: str = "jsonl", out: str | None = None, *, all_versions: bool = False) -> int:
    """Write the corpus to `out` (stdout for jsonl when None); returns the number of notices."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use {' or '.join(FORMATS)}")
    if fmt == "xlsx" and (out is None or out == "-"):
        raise ValueError("an xlsx export needs a file: add -o corpus.xlsx")
    with opened(db) as engine:
        if fmt == "jsonl":
            if out is None or out == "-":
                return _jsonl(engine, sys.stdout, all_versions)
            with _atomic(out, "w") as fh:
                return _jsonl(engine, fh, all_versions)
        with _atomic(out, "wb") as fh:  # type: ignore[arg-type]
            return _xlsx(engine, fh, all_versions)
