"""Plain data a reader hands on: the text of a document, page by page, before any normalisation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class ReadError(Exception):
    """A document that cannot be read. `kind` names the problem; str() is one line for a user."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass
class Page:
    number: int  # 1-based
    text: str
    tables: list[list[list[str]]] = field(default_factory=list)
    chars: list[dict[str, Any]] = field(default_factory=list)  # pdfplumber char dicts, PDF only


@dataclass
class RawDocument:
    path: str
    format: str  # txt | docx | pdf
    text: str  # the whole document; pages joined
    sha256: str
    encoding: str | None = None  # text files: the codec that decoded them
    pages: list[Page] = field(default_factory=list)
    page_starts: list[int] = field(default_factory=list)  # offset in `text` where each page begins
    warnings: list[str] = field(default_factory=list)

    def page_at(self, offset: int) -> int | None:
        """1-based page holding `offset` of `text`, or None for a document without pages."""
        if not self.page_starts:
            return None
        lo, hi = 0, len(self.page_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.page_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1
