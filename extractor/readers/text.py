"""Plain-text notices: find the encoding (UTF-8/16 with or without BOM, GB18030, Big5) and decode."""

from __future__ import annotations

import codecs
import re

from extractor.readers.base import RawDocument, ReadError

# A text notice runs to tens of KB; 5 MB of text is a mistake (a log, a dump), not a notice.
MAX_TEXT_BYTES = 5 * 1024 * 1024

_BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
# C0 controls other than tab, newline, carriage return and form feed: never in a real notice.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_HAN = re.compile(r"[\u3400-\u9fff]")


def _common_chars() -> frozenset[str]:
    try:
        from corpora import common_chars
    except ImportError:  # corpora is optional for the reader; fall back to no plausibility check
        return frozenset()
    return common_chars()


_ODD = re.compile(r"[\ue000-\uf8ff\u3040-\u30ff\u0080-\u024f\u2460-\u27ff\ufffd]")


def _plausibility(text: str, common: frozenset[str]) -> float:
    """Share of common Han characters among Han and odd ones (private use, kana, Latin-1):
    high for real Chinese, low for a mis-decoding."""
    sample = text[:20000]
    han = _HAN.findall(sample)
    odd = len(_ODD.findall(sample))
    if not han:
        return 0.0
    return sum(ch in common for ch in han) / (len(han) + odd)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without BOM: ASCII-heavy text puts a NUL in every other byte."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0) / (len(sample) / 2)
    odd_nul = sample[1::2].count(0) / (len(sample) / 2)
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def decode(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Decode `data`, returning (text, encoding name); ReadError("binary") if nothing fits."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc).lstrip("\ufeff"), enc
            except UnicodeDecodeError as exc:
                raise ReadError("damaged", f"{path}: starts with a {enc} byte-order mark but is not valid {enc}") from exc
    enc16 = _utf16_without_bom(data)
    if enc16:
        try:
            return data.decode(enc16), enc16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:65536]:
        # NUL bytes: UTF-16 without a BOM (mostly Chinese, so few NULs), or binary data.
        common = _common_chars()
        if len(data) % 2 == 0 and common:
            for enc in ("utf-16-le", "utf-16-be"):
                try:
                    text = data.decode(enc)
                except UnicodeDecodeError:
                    continue
                if _plausibility(text, common) >= 0.5 and not _CONTROL.search(text[:65536]):
                    return text, enc
        raise ReadError("binary", f"{path}: binary data (NUL bytes), not a text, Word or PDF document")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # UTF-8 with a stray byte or cut mid-character: keep it, with U+FFFD where the bytes were bad.
    loose = data.decode("utf-8", errors="replace")
    bad = loose.count("\ufffd")
    if bad <= max(2, len(loose) // 2000) and len(loose) > 20:
        return loose, "utf-8"
    # GB18030 decodes almost any byte string, so choose between it and Big5 by plausibility.
    common = _common_chars()
    candidates: list[tuple[float, str, str]] = []
    for enc in ("gb18030", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((_plausibility(text, common), enc, text))
    if not candidates:
        raise ReadError("binary", f"{path}: not text in UTF-8, UTF-16, GB18030 or Big5, and not a Word or PDF document")
    score, enc, text = max(candidates)
    if common and score < 0.3:
        raise ReadError("binary", f"{path}: binary data, or text in an encoding that is not UTF-8, UTF-16, GB18030 or Big5")
    return text, enc


def read_text(data: bytes, path: str, sha: str) -> RawDocument:
    if len(data) > MAX_TEXT_BYTES:
        raise ReadError(
            "too-large",
            f"{path}: {len(data) / 1048576:.1f} MB of text is more than the {MAX_TEXT_BYTES // 1048576} MB a notice can be",
        )
    text, enc = decode(data, path)
    controls = len(_CONTROL.findall(text[:65536]))
    if controls > max(8, len(text[:65536]) // 200):
        raise ReadError("binary", f"{path}: binary data ({controls} control characters), not a text document")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadError("empty", f"{path}: the file holds only whitespace")
    return RawDocument(path=path, format="txt", text=text, sha256=sha, encoding=enc)
