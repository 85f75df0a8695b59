"""The reviewer's checklist: an application checked against the notice it answers, alone or in a batch."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extractor.checklist.context import NoticeContext
    from models import Application, Checklist


def __getattr__(name: str) -> Any:
    # Imported on first use: `extractor --help` loads this package's cli module and must stay fast.
    if name in ("NoticeContext", "context_for", "load_context"):
        from extractor.checklist import context

        return getattr(context, name)
    if name == "check":
        from extractor.checklist.rules import check

        return check
    raise AttributeError(name)

# Below this share of the form's labels a document is something else (a letter, a wrong file).
MIN_COVERAGE = 0.3

__all__ = ["NoticeContext", "check", "check_file", "context_for", "load_context", "read_for"]


def read_for(path: str | os.PathLike[str], ctx: NoticeContext) -> Application:
    """Read a filled application against the form of `ctx` it answers (chosen by its labels)."""
    from extractor.document import load
    from extractor.forms.reader import coverage, pick_template, read_document
    from extractor.readers import ReadError

    doc = load(path)
    template = pick_template(doc.text, ctx.templates)
    if template is None:
        raise ReadError("no-form", f"{os.fspath(path)}: the notice carries no application form to read it against "
                                   "(give one with --forms NOTICE)")
    share = coverage(doc.text, template)
    if share < MIN_COVERAGE:
        raise ReadError("not-a-form", f"{os.fspath(path)}: does not look like a filled 《{template.title}》 "
                                      f"(only {share:.0%} of the form's labels are in it)")
    return read_document(doc, template)


def check_file(path: str | os.PathLike[str], ctx: NoticeContext) -> tuple[Application, Checklist]:
    """Read one filled application and fill its checklist."""
    app = read_for(path, ctx)
    from extractor.checklist.rules import check

    return app, check(app, ctx)
