"""`read(path) -> RawDocument`, dispatched on the file's content (magic bytes), not its name."""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import zipfile
from io import BytesIO

from extractor.readers.base import Page, RawDocument, ReadError

__all__ = ["MAX_BYTES", "Page", "RawDocument", "ReadError", "read", "read_bytes", "sniff"]

# A notice is a few hundred KB at most; beyond this something is wrong and parsing would hang.
MAX_BYTES = 64 * 1024 * 1024


def sniff(data: bytes) -> str:
    """Name the format of `data`: pdf, docx, zip, ole (legacy .doc), text or binary."""
    head = data[:8]
    # A PDF header may follow up to 1 KB of junk, but only at a line start and as "%PDF-1.x".
    if re.search(rb"(?:^|[\r\n])%PDF-\d\.\d", data[:1024]):
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        try:
            names = zipfile.ZipFile(BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return "zip"
        except Exception:  # noqa: BLE001 - zipfile raises NotImplementedError and others on damage
            return "damaged-zip"
        return "docx" if "word/document.xml" in names else "zip"
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    return "text"


def read_bytes(data: bytes, path: str = "<bytes>") -> RawDocument:
    """Read a document already in memory; `path` is only used in messages and the record."""
    body = data
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if body.startswith(bom):
            body = body[len(bom):]
            break
    if not body.strip(b" \t\r\n\x00"):
        raise ReadError("empty", f"{path}: the file is empty")
    kind = sniff(data)
    sha = hashlib.sha256(data).hexdigest()
    if kind == "pdf":
        from extractor.readers.pdf import read_pdf

        return read_pdf(data, path, sha)
    if kind == "docx":
        from extractor.readers.docx import read_docx

        return read_docx(data, path, sha)
    if kind == "damaged-zip":
        raise ReadError("damaged", f"{path}: a damaged ZIP container (a .docx that cannot be opened)")
    if kind == "rtf":
        raise ReadError("unsupported", f"{path}: an RTF document; save it as .docx or PDF and try again")
    if kind == "zip":
        raise ReadError("unsupported", f"{path}: a ZIP archive that is not a Word .docx document")
    if kind == "ole":
        raise ReadError(
            "unsupported", f"{path}: a legacy Word .doc (OLE) file; save it as .docx or PDF and try again"
        )
    from extractor.readers.text import read_text

    return read_text(data, path, sha)


def read(path: str | os.PathLike[str]) -> RawDocument:
    """Read the file at `path` into a RawDocument, or raise ReadError with a one-line reason."""
    p = os.fspath(path)
    if not os.path.exists(p):
        raise ReadError("missing", f"{p}: no such file")
    if os.path.isdir(p):
        raise ReadError("directory", f"{p}: is a directory, not a file")
    size = os.path.getsize(p)
    if size > MAX_BYTES:
        raise ReadError("too-large", f"{p}: {size // (1024 * 1024)} MB is larger than the {MAX_BYTES // (1024 * 1024)} MB limit")
    try:
        with open(p, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise ReadError("unreadable", f"{p}: cannot be opened ({exc.strerror or exc})") from exc
    return read_bytes(data, p)
