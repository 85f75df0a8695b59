"""A document ready for extraction: the raw reading, its normalised text, and evidence spans."""

from __future__ import annotations

import os
from dataclasses import dataclass

from extractor.readers import RawDocument, read, read_bytes
from models import Evidence, Source
from normalizers import NormalizedText, normalize


@dataclass
class Document:
    raw: RawDocument
    norm: NormalizedText

    @property
    def text(self) -> str:
        return self.norm.text

    def evidence(self, start: int, end: int) -> Evidence:
        """Evidence for a span of the normalised text, with the PDF page it sits on."""
        start, end = max(0, start), min(len(self.norm.text), end)
        page = None
        if self.raw.page_starts:
            orig_start, _ = self.norm.to_original(start, end)
            page = self.raw.page_at(orig_start)
        return Evidence(text=self.norm.text[start:end], start=start, end=end, page=page)

    def source(self) -> Source:
        return Source(
            path=self.raw.path,
            sha256=self.raw.sha256,
            format=self.raw.format,
            script=self.norm.script,
            encoding=self.raw.encoding,
            opencc_config=self.norm.opencc_config,
        )


def load(path: str | os.PathLike[str]) -> Document:
    raw = read(path)
    return Document(raw, normalize(raw.text))


def load_bytes(data: bytes, path: str = "<bytes>") -> Document:
    raw = read_bytes(data, path)
    return Document(raw, normalize(raw.text))
