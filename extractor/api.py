"""The Python API behind every CLI command: tests call these directly."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from extractor.io import write_atomic
from extractor.readers import ReadError
from models import Notice
from normalizers import NormalizedText

DOCUMENT_SUFFIXES = (".txt", ".pdf", ".docx", ".text")


def normalize_file(path: str | os.PathLike[str]) -> NormalizedText:
    from extractor.document import load

    return load(path).norm


def parse(path: str | os.PathLike[str]) -> Notice:
    """Read one notice file into a Notice record."""
    from extractor.document import load
    from extractor.extract.notice import extract_notice

    return extract_notice(load(path))


def iter_paths(paths: Iterable[str]) -> Iterator[str]:
    """Files named, and the documents inside folders named (sorted, not recursive into hidden dirs)."""
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if f.lower().endswith(DOCUMENT_SUFFIXES) and not f.startswith("."):
                        yield os.path.join(root, f)
        else:
            yield p


@dataclass
class Outcome:
    path: str
    notice: Notice | None = None
    error: str | None = None


def parse_many(paths: Iterable[str]) -> Iterator[Outcome]:
    """Parse every file; a file that fails is reported and never stops the others."""
    for path in iter_paths(paths):
        try:
            yield Outcome(path, notice=parse(path))
        except ReadError as exc:
            yield Outcome(path, error=str(exc))
        except Exception as exc:  # noqa: BLE001 - one bad file must not cost the others their results
            yield Outcome(path, error=f"{path}: internal error ({type(exc).__name__}: {exc})")


def notice_json(notice: Notice, indent: int | None = 2) -> str:
    return notice.model_dump_json(indent=indent)


def schema_json(record: str = "Notice") -> str:
    import models

    cls = getattr(models, record)
    return json.dumps(cls.model_json_schema(), ensure_ascii=False, indent=2)


class Progress:
    """A one-line progress bar on stderr, only when a person is watching."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done = total, 0
        self.enabled = enabled and total > 1 and sys.stderr.isatty()

    def step(self, label: str) -> None:
        self.done += 1
        if self.enabled:
            width = 30
            filled = width * self.done // self.total
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {label[-40:]:40}")
            sys.stderr.flush()
            if self.done == self.total:
                sys.stderr.write("\n")


def _render(notice: Notice, fmt: str) -> str:
    if fmt == "md":
        from extractor.markdown import notice_markdown

        return notice_markdown(notice)
    return notice_json(notice, indent=None if fmt == "jsonl" else 2)


def parse_command(paths: list[str], fmt: str = "json", out: str | None = None, progress: bool = True) -> int:
    """`extractor parse`: print or write records; exit 2 if any file failed (the rest still done)."""
    files = list(iter_paths(paths))
    if not files:
        raise ReadError("missing", f"no documents found in {' '.join(paths)}")
    bar = Progress(len(files), progress)
    failed = 0
    rendered: list[str] = []
    out_is_dir = out is not None and (os.path.isdir(out) or out.endswith(os.sep) or len(files) > 1)
    for outcome in parse_many(files):
        bar.step(os.path.basename(outcome.path))
        if outcome.error or outcome.notice is None:
            failed += 1
            print(f"extractor: error: {' '.join((outcome.error or 'failed').split())}", file=sys.stderr)
            continue
        text = _render(outcome.notice, fmt)
        if out_is_dir:
            ext = {"json": ".json", "jsonl": ".jsonl", "md": ".md"}[fmt]
            name = os.path.splitext(os.path.basename(outcome.path))[0] + ext
            write_atomic(os.path.join(out, name), text + "\n")  # type: ignore[arg-type]
        else:
            rendered.append(text)
    if not out_is_dir:
        if fmt == "json" and len(rendered) > 1:
            body = "[\n" + ",\n".join(rendered) + "\n]"
        elif fmt == "md":
            body = "\n\n---\n\n".join(rendered)
        else:
            body = "\n".join(rendered)
        if out:
            write_atomic(out, body + "\n")
        elif body:
            sys.stdout.write(body + "\n")
    return 2 if failed else 0
