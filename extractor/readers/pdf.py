"""PDF notices: the text of each page, one paragraph a line; ruled tables as tab-separated rows; char boxes kept.

One paragraph of the PDF is one line of text, as in the document it was made from: the lines the
layout wrapped it into are joined again, within a page and across a page break, from the geometry
(see "wrapped lines joined" below), and an empty line on the page is an empty line of text. What
else layout adds and a reader would not see is taken out: fake-bold duplicate glyphs, the gaps
justified Chinese text puts between characters, running headers and footers, and page numbers
("— 3 —", "第 3 页 共 10 页"). Lines are built straight from pdfplumber's char dicts rather than
`extract_text`, which would make us walk every page twice and cannot tell a space the author typed
from a gap the layout made.

A PDF that cannot give honest text is refused with a ReadError naming why: encrypted, scanned
(no text layer), fonts with no Unicode map, no pages, or damaged.
"""

from __future__ import annotations

import logging
import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from extractor.readers.base import Page, RawDocument, ReadError

__all__ = ["read_pdf"]

CHAR_KEYS = ("text", "x0", "x1", "top", "bottom", "fontname", "size")
# Past this share of unmappable glyphs the text is mostly holes: refuse rather than pass it on.
MAX_CID_SHARE = 0.2
DEDUPE_TOLERANCE = 1.0  # pt; fake bold redraws a glyph a fraction of a point away
LINE_TOLERANCE = 3.0  # pt between the tops of glyphs on one line (pdfplumber's y_tolerance)
GAP_EM = 0.25  # a gap wider than this (in font sizes) between glyphs is a word space
COLUMN_GAP_EM = 2.0  # wider than this even between Chinese characters: separate columns, keep apart
SKEW = 0.17  # sin 10°: a glyph turned further from an axis than this is a slanted watermark
MARGIN_ZONE = 0.2  # share of the page height at top and bottom where page numbers live
MAX_PAGE_WARNINGS = 5
MAX_LOG_WARNINGS = 5

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CJK_PUNCT = "\u3000-\u303f\uff00-\uffef\u2014\u2026\u2018\u2019\u201c\u201d\u00b7"
_CJK_CHAR = re.compile(f"[{_HAN}{_CJK_PUNCT}]")
# Single characters set apart by typed spaces ("联 合 国", "附 件"): letter-spacing, not words.
_LETTER_SPACED = re.compile(f"(?<![{_HAN}])[{_HAN}](?: [{_HAN}])+(?![{_HAN}])")

_DASHES = "-－—–~～·•"
_PAGE_NUMBER = re.compile(
    rf"""^(?:
        [{_DASHES}]*\s*\d{{1,4}}\s*[{_DASHES}]*            # — 3 —   - 3 -   -3-   3
      | 第\s*[\d一二三四五六七八九十百零〇]+\s*页(?:\s*[,，/／]?\s*共\s*\d+\s*页)?   # 第 3 页 共 10 页
      | 共\s*\d+\s*页\s*[,，/／]?\s*第\s*\d+\s*页
      | \d{{1,4}}\s*[/／]\s*\d{{1,4}}                       # 3 / 10
      | (?:page|p\.)\s*\d{{1,4}}(?:\s*(?:of|/)\s*\d{{1,4}})?
    )$""",
    re.X | re.I,
)
_BARE_NUMBER = re.compile(r"^\d{1,4}$")
_DIGITS = re.compile(r"\d+")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")

# A line a paragraph cannot continue into: headings, list items, attachments, boxes.
_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百\d]+[）)]|\d+[.．、](?!\d)"
    r"|附\s*件|附\s*\d|第[一二三四五六七八九十百\d]+[章条节款]|[□■☐☑☒●•◆▲√])"
)
_SENTENCE_END = set("。！？；：!?;:")
_BOXES = set("□■☐☑☒")
_CLOSERS = set("”’」』】）)》〉")


@dataclass(slots=True)
class _Line:
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    text: str
    row: bool = False  # a table row, cells joined by tabs
    # A space glyph drawn after the last character: where a line wraps at a typed space (Word
    # keeps it in the text layer), the word break is real and must survive the rejoin.
    space_after: bool = False
    # Where the line's first unbreakable piece ends (a Chinese character with the punctuation that
    # must stay with it, or a whole Latin word, number or URL): had it fit on the line above, the
    # layout would have put it there, so a line above that stopped short did not wrap.
    lead_x1: float = 0.0


# --- opening the file and saying clearly why it cannot be read ----------------------------------


def _refusal(path: str, exc: BaseException) -> ReadError:
    """The ReadError for an exception pdfplumber/pdfminer raised while opening or parsing."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    inner = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(inner, PDFEncryptionError):
        what = "a password" if isinstance(inner, PDFPasswordIncorrect) else "a decryption method pdfminer lacks"
        return ReadError("encrypted", f"{path}: the PDF is encrypted and needs {what} to open; "
                         "save an unprotected copy and try again")
    detail = "".join(ch if ch.isprintable() else "?" for ch in (str(inner).strip().split("\n")[0][:100]))
    detail = detail or type(inner).__name__
    return ReadError("damaged", f"{path}: the PDF is damaged or truncated and cannot be parsed ({detail})")


class _Collect(logging.Handler):
    """Keeps pdfminer's complaints for RawDocument.warnings instead of printing them to stderr."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        self.messages[record.getMessage().splitlines()[0][:160]] += 1


@contextmanager
def _pdfminer_log() -> Iterator[_Collect]:
    logger = logging.getLogger("pdfminer")
    handler = _Collect()
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def read_pdf(data: bytes, path: str, sha: str) -> RawDocument:
    """Read a PDF's text layer into a RawDocument, or raise ReadError saying why it cannot be read."""
    try:
        import pdfplumber
    except ImportError as exc:  # pragma: no cover - a broken install, not a bad file
        raise ReadError("unsupported", f"{path}: reading PDF needs pdfplumber (pip install pdfplumber)") from exc

    complete = b"%%EOF" in data.rstrip(b"\x00\r\n \t")[-1024:]
    with _pdfminer_log() as log:
        try:
            pdf = pdfplumber.open(BytesIO(data))
        except Exception as exc:
            raise _refusal(path, exc) from exc
        try:
            with pdf:
                pages = list(pdf.pages)
                if not pages and (log.messages or not complete):
                    raise ReadError("damaged", f"{path}: the PDF is damaged or truncated: no readable pages")
                if not pages:
                    raise ReadError("empty", f"{path}: the PDF has no pages")
                scans = [_scan_page(page) for page in pages]
        except ReadError:
            raise
        except Exception as exc:  # pdfminer fails lazily, page by page, on broken streams
            raise _refusal(path, exc) from exc
    doc = _assemble(scans, path, sha)
    if not complete:
        doc.warnings.append("the file does not end with %%EOF; it may be truncated")
    for message, n in log.messages.most_common(MAX_LOG_WARNINGS):
        doc.warnings.append(f"pdfminer: {message}" + (f" (x{n})" if n > 1 else ""))
    return doc


# --- one page: chars -> lines and table rows ------------------------------------------------------


@dataclass(slots=True)
class _PageScan:
    number: int
    width: float  # of the page as read: the height when its text runs sideways
    height: float  # of the page as read: the width when its text runs sideways
    lines: list[_Line]
    tables: list[list[list[str]]]
    chars: list[dict[str, Any]]
    images: int
    glyphs: int  # non-space glyphs drawn
    cid: int  # of which pdfminer could not map to Unicode: "(cid:N)"
    rotated: int  # glyphs left out because they run another way than the page's text


Box = tuple[float, float, float, float]  # x0, top, x1, bottom


def _scan_page(page: Any) -> _PageScan:
    chars = _dedupe(page.chars)
    glyphs = cid = 0
    for c in chars:
        if _unmapped(c["text"]):
            cid += 1
        elif c["text"].isspace():
            continue
        glyphs += 1
    if cid:
        # U+FFFD marks the hole; "(cid:1234)" would read as text to everything downstream.
        chars = [dict(c, text="\ufffd") if _unmapped(c["text"]) else c for c in chars]

    # Read the page the way its text runs: a table page turned sideways (content drawn rotated)
    # is read in its own frame, not as one glyph per line.
    width, height = float(page.width), float(page.height)
    turns = [_turn(c) for c in chars]
    if all(t == 0 for t in turns):  # the usual page: nothing to turn
        turn, aligned = 0, chars
    else:
        inked = Counter(t for t, c in zip(turns, chars, strict=True) if t >= 0 and not c["text"].isspace())
        turn = inked.most_common(1)[0][0] if inked else 0
        aligned = [c if turn == 0 else _framed(c, turn, width, height)
                   for t, c in zip(turns, chars, strict=True) if t == turn]
    rotated = len(chars) - len(aligned)

    lines: list[_Line] = []
    tables: list[list[list[str]]] = []
    flow = aligned
    if len(page.rects) + len(page.lines) + len(page.curves) >= 2:  # find_tables is costly: only for ruled pages
        found = [t for t in page.find_tables() if len(t.cells) >= 2]
        if found:
            boxes = [[_frame_box(cell, turn, width, height) for cell in t.cells] for t in found]
            flow, rows, tables = _tables(boxes, aligned)
            lines.extend(rows)
    lines.extend(_lines(flow))
    lines.sort(key=lambda line: line.top)
    slim = [{k: c[k] for k in CHAR_KEYS} for c in chars]
    frame_width, frame_height = (width, height) if turn in (0, 2) else (height, width)
    return _PageScan(
        page.page_number, frame_width, frame_height, lines, tables, slim, len(page.images), glyphs, cid, rotated
    )


def _unmapped(text: str) -> bool:
    """A glyph pdfminer could not turn into text: "(cid:N)", or a control byte from a font's raw code."""
    return not text or text.startswith("(cid:") or (len(text) == 1 and _CONTROL.match(text) is not None)


def _turn(c: dict[str, Any]) -> int:
    """Which way a glyph's text runs, in quarter turns clockwise (0 normal, 1 downwards, 2 upside
    down, 3 upwards); -1 for a slant (a diagonal watermark), which no frame reads."""
    a, b = c["matrix"][0], c["matrix"][1]
    if a > 0 and abs(b) <= SKEW * a:
        return 0
    norm = math.hypot(a, b) or 1.0
    if abs(b) <= SKEW * norm:
        return 0 if a > 0 else 2
    if abs(a) <= SKEW * norm:
        return 1 if b < 0 else 3
    return -1


def _frame_box(box: Box, turn: int, width: float, height: float) -> Box:
    """A box in the frame where text of `turn` reads left to right, lines going down."""
    x0, top, x1, bottom = box
    if turn == 1:
        return top, width - x1, bottom, width - x0
    if turn == 2:
        return width - x1, height - bottom, width - x0, height - top
    if turn == 3:
        return height - bottom, x0, height - top, x1
    return box


def _framed(c: dict[str, Any], turn: int, width: float, height: float) -> dict[str, Any]:
    x0, top, x1, bottom = _frame_box((c["x0"], c["top"], c["x1"], c["bottom"]), turn, width, height)
    return {"text": c["text"], "x0": x0, "x1": x1, "top": top, "bottom": bottom, "size": c["size"]}


def _dedupe(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop fake-bold copies: the same glyph, font and size drawn again within DEDUPE_TOLERANCE.

    The same rule as pdfplumber's `Page.dedupe_chars()`, but linear: that one sorts its result
    with `list.index`, which is quadratic and costs more than reading the page.
    """
    seen: dict[tuple[Any, ...], list[tuple[float, float]]] = {}
    out = []
    tol = DEDUPE_TOLERANCE
    for c in chars:
        top, x0 = c["top"], c["x0"]
        by, bx = int(top // tol), int(x0 // tol)
        ident = (c["text"], c["fontname"], c["size"], c.get("upright", True))
        duplicate = False
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for t, x in seen.get((*ident, by + dy, bx + dx), ()):
                    if abs(t - top) <= tol and abs(x - x0) <= tol:
                        duplicate = True
                        break
        if duplicate:
            continue
        seen.setdefault((*ident, by, bx), []).append((top, x0))
        out.append(c)
    return out


def _is_cjk(ch: str) -> bool:
    return bool(_CJK_CHAR.match(ch))


def _lines(chars: list[dict[str, Any]]) -> list[_Line]:
    """Group glyphs into lines by their tops, left to right; spaces from typed spaces and wide gaps."""
    if not chars:
        return []
    ordered = sorted(chars, key=lambda c: c["top"])
    groups: list[list[dict[str, Any]]] = [[ordered[0]]]
    for c in ordered[1:]:
        if c["top"] - groups[-1][-1]["top"] > LINE_TOLERANCE:
            groups.append([c])
        else:
            groups[-1].append(c)
    out = []
    for group in groups:
        group.sort(key=lambda c: c["x0"])
        text = _line_text(group)
        if not text:
            continue
        ink = [c for c in group if not c["text"].isspace()] or group
        out.append(
            _Line(
                top=min(c["top"] for c in group),
                bottom=max(c["bottom"] for c in group),
                x0=ink[0]["x0"],
                x1=max(c["x1"] for c in ink),
                size=max(c["size"] for c in ink),
                text=text,
                space_after=group[-1]["text"].isspace() and group[-1]["text"] != "\u3000",
                lead_x1=_lead_x1(group),
            )
        )
    return out


_OPENERS = set("（《“‘「『【〔〈([{<")
_STICKY = set("，。、；：！？）》”’」』】〕〉…—,.;:!?)]}>%")  # never starts a line: wraps with what precedes


def _lead_x1(group: list[dict[str, Any]]) -> float:
    """The right end of the first piece of a line a layout cannot break (see `_Line.lead_x1`)."""
    ink = [c for c in group if c["text"] != "\u3000"]
    i, n = 0, len(ink)
    while i < n and ink[i]["text"].isspace():
        i += 1
    while i < n - 1 and ink[i]["text"] in _OPENERS:
        i += 1
    if i < n and _is_cjk(ink[i]["text"][0]):
        i += 1
    else:  # a Latin word, number or URL runs to the next space or Chinese character
        while i < n and not ink[i]["text"].isspace() and not _is_cjk(ink[i]["text"][0]):
            i += 1
    while i < n and ink[i]["text"] in _STICKY:
        i += 1
    return ink[max(i, 1) - 1]["x1"] if ink else 0.0


def _line_text(group: list[dict[str, Any]]) -> str:
    parts: list[str] = []
    prev: dict[str, Any] | None = None
    typed_space = False
    for c in group:
        t = c["text"]
        if t.isspace() and t != "\u3000":  # the ideographic space is indentation the author typed
            typed_space = prev is not None
            continue
        if prev is not None:
            gap = c["x0"] - prev["x1"]
            size = min(c["size"], prev["size"]) or 1.0
            if typed_space:
                parts.append(" ")
            elif gap > GAP_EM * size:
                # Justified Chinese spreads its glyphs: that gap is layout, not a word break.
                cjk = _is_cjk(prev["text"][-1]) or _is_cjk(t[0])
                if not cjk or gap > COLUMN_GAP_EM * size:
                    parts.append(" ")
        parts.append(t)
        prev = c
        typed_space = False
    text = "".join(parts).strip()
    return _LETTER_SPACED.sub(lambda m: m.group(0).replace(" ", ""), text)


def _tables(
    tables: list[list[Box]], chars: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[_Line], list[list[list[str]]]]:
    """Split chars into the flow and the tables' cells; each table row becomes one tab-joined line."""
    bounds = [(min(b[0] for b in t), min(b[1] for b in t), max(b[2] for b in t), max(b[3] for b in t))
              for t in tables]
    flow: list[dict[str, Any]] = []
    inside: list[list[dict[str, Any]]] = [[] for _ in tables]
    for c in chars:
        cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        for i, (x0, top, x1, bottom) in enumerate(bounds):
            if x0 <= cx < x1 and top <= cy < bottom:
                inside[i].append(c)
                break
        else:
            flow.append(c)
    lines: list[_Line] = []
    grids: list[list[list[str]]] = []
    for cells, tchars in zip(tables, inside, strict=True):
        rows = _rows(cells)
        row_tops = [min(b[1] for b in row if b) for row in rows]
        by_cell: dict[Box, list[dict[str, Any]]] = {}
        for c in tchars:
            cell = _cell_of(c, rows, row_tops, cells)
            if cell is not None:
                by_cell.setdefault(cell, []).append(c)
        grid: list[list[str]] = []
        for row in rows:
            texts = [_cell_text(by_cell.get(b, []), b[2]) if b else "" for b in row]
            grid.append(texts)
            present = [b for b in row if b]
            size = max((c["size"] for b in present for c in by_cell.get(b, [])), default=0.0)
            lines.append(
                _Line(
                    top=min(b[1] for b in present),
                    bottom=max(b[3] for b in present),
                    x0=min(b[0] for b in present),
                    x1=max(b[2] for b in present),
                    size=size,
                    text="\t".join(texts),
                    row=True,
                )
            )
        grids.append(grid)
    return flow, lines, grids


def _rows(cells: list[Box]) -> list[list[Box | None]]:
    """Cells grouped into rows by their tops, placed in columns by their left edges (None: merged)."""
    columns = sorted({b[0] for b in cells})
    rows: dict[float, dict[float, Box]] = {}
    for b in sorted(cells, key=lambda b: (b[1], b[0])):
        rows.setdefault(b[1], {})[b[0]] = b
    return [[row.get(x) for x in columns] for _, row in sorted(rows.items())]


def _cell_of(
    c: dict[str, Any], rows: list[list[Box | None]], row_tops: list[float], cells: list[Box]
) -> Box | None:
    cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
    r = bisect_right(row_tops, cy) - 1
    candidates: Iterable[Box | None] = rows[r] if r >= 0 else ()
    for pass_ in (candidates, cells):  # then all cells: a merged cell is listed in its first row only
        for b in pass_:
            if b and b[0] <= cx < b[2] and b[1] <= cy < b[3]:
                return b
    return None


def _cell_text(chars: list[dict[str, Any]], right: float) -> str:
    """A cell's lines as one string: a wrap joins as in the flow (`_glue`), other breaks are a space.

    A form's tick boxes are set apart from their labels by spaces ("□ 民营企业 □ 外资企业"), so a
    wrap next to a box, which takes such a space away, puts it back.
    """
    out = ""
    prev: _Line | None = None
    for line in _lines(chars):
        if prev is not None:
            # A line that stops well short of the cell's edge ended its item (a <p>, a list entry).
            wrapped = prev.x1 >= right - 2 * max(prev.size, 1.0)
            if wrapped and out[-1] not in _BOXES and line.text[0] not in _BOXES:
                out += _glue(prev, line)
            else:
                out += " "
        out += line.text
        prev = line
    return out


# --- the whole document: page furniture out, split paragraphs mended ---------------------------


def _assemble(scans: list[_PageScan], path: str, sha: str) -> RawDocument:
    glyphs = sum(s.glyphs for s in scans)
    cid = sum(s.cid for s in scans)
    if glyphs == 0:
        if any(s.images for s in scans):
            raise ReadError("scanned", f"{path}: no text layer; it looks like a scanned image — run OCR first")
        raise ReadError("empty", f"{path}: {len(scans)} page(s) but no text on any of them")
    if cid / glyphs > MAX_CID_SHARE:
        raise ReadError(
            "no-unicode-map",
            f"{path}: {cid} of {glyphs} characters use fonts with no Unicode map, so the text cannot be "
            "recovered; export the PDF again with fonts embedded as Unicode, or run OCR",
        )
    warnings: list[str] = []
    if cid:
        warnings.append(f"{cid} characters with no Unicode mapping were replaced by \ufffd")
    blank = [s.number for s in scans if s.glyphs == 0]
    if blank:
        shown = ", ".join(map(str, blank[:MAX_PAGE_WARNINGS])) + (" …" if len(blank) > MAX_PAGE_WARNINGS else "")
        warnings.append(f"no text on page(s) {shown}" + (" (scanned images?)" if any(
            scans[n - 1].images for n in blank) else ""))
    rotated = sum(s.rotated for s in scans)
    if rotated:
        warnings.append(f"{rotated} characters running another way than the page's text (a watermark or "
                        "sideways label) were left out")

    _strip_furniture(scans)
    layout = _layout(scans)
    text_parts: list[str] = []
    length = 0
    page_starts: list[int] = []
    pages: list[Page] = []
    prev_last: tuple[_Line, _Block] | None = None
    for s, block in zip(scans, layout.blocks, strict=True):
        page_text = _page_text(s.lines, block, layout)
        if not page_starts:
            glue = ""
        elif prev_last is not None and s.lines and _wraps(*prev_last, s.lines[0], block, layout, same_page=False):
            glue = _glue(prev_last[0], s.lines[0])
        else:
            glue = "\n"
        text_parts.append(glue)
        length += len(glue)
        page_starts.append(length)
        text_parts.append(page_text)
        length += len(page_text)
        prev_last = (s.lines[-1], block) if s.lines else None
        pages.append(Page(number=s.number, text=page_text, tables=s.tables, chars=s.chars))
    return RawDocument(
        path=path,
        format="pdf",
        text="".join(text_parts) + "\n",
        sha256=sha,
        pages=pages,
        page_starts=page_starts,
        warnings=warnings,
    )


def _key(line: _Line) -> str:
    """A header compared across pages: spacing and numbers (dates, page numbers) ignored."""
    return _DIGITS.sub("#", _SPACES.sub("", line.text))


def _is_page_number(line: _Line, height: float, top_side: bool) -> bool:
    if line.row:
        return False
    text = line.text.strip()
    if not _PAGE_NUMBER.match(text):
        return False
    if _BARE_NUMBER.match(text):  # a bare number is a page number only out in the margin
        return line.bottom < height * MARGIN_ZONE if top_side else line.top > height * (1 - MARGIN_ZONE)
    return True


def _strip_furniture(scans: list[_PageScan]) -> None:
    """Drop page numbers and running headers/footers from the top and bottom of every page."""
    for _ in range(2):  # a running header can sit above a page number, or the other way round
        for side in (0, -1):
            top_side = side == 0
            for s in scans:
                if s.lines and _is_page_number(s.lines[side], s.height, top_side):
                    s.lines.pop(side)
            for s, line in _running_lines(scans, side):
                if s.lines and s.lines[side] is line:
                    s.lines.pop(side)


def _running_lines(scans: list[_PageScan], side: int) -> list[tuple[_PageScan, _Line]]:
    """The first (side 0) or last (side -1) lines that repeat, at one height, on most pages."""
    n = len(scans)
    edge: dict[str, list[tuple[_PageScan, _Line]]] = {}
    for s in scans:
        if s.lines and not s.lines[side].row:
            line = s.lines[side]
            in_margin = line.top < s.height * 0.3 if side == 0 else line.bottom > s.height * 0.7
            if in_margin:
                edge.setdefault(_key(line), []).append((s, line))
    found: list[tuple[_PageScan, _Line]] = []
    for hits in edge.values():
        if len(hits) < 2 or len(hits) < n / 2:
            continue
        where = sorted(line.top for _, line in hits)[len(hits) // 2]
        hits = [(s, line) for s, line in hits if abs(line.top - where) <= LINE_TOLERANCE]
        if len(hits) < 2 or len(hits) < n / 2:
            continue
        # Body text at that height on another page means this is where the body starts, and the
        # repeated line is body text (page 1 opens with the issuer the header also names).
        mine = {id(line) for _, line in hits}
        if any(
            abs(line.top - where) <= LINE_TOLERANCE and id(line) not in mine
            for s in scans
            for line in s.lines
        ):
            continue
        found.extend(hits)
    return found


# --- wrapped lines joined: one paragraph of the source is one line of text again ------------------
#
# The layout wraps a paragraph into lines; the text it came from had one line per paragraph. Two
# lines can be one paragraph when the second starts back at the left edge of the text block (not
# indented, centred or right-aligned), at the same size, at the ordinary line pitch (not after a
# paragraph gap), and its first unbreakable piece would not have fit at the end of the first line
# (a layout wraps only what does not fit: a Chinese character when the line is full, a whole URL
# or a character with its pinyin gloss when it is not). Whether that is enough depends on how the
# document marks its paragraphs, which is measured, not assumed: after lines that ended by choice,
# does the next line start indented (GB/T 9704 首行缩进) or after a gap? If so, such a line can only
# be a continuation, whatever its text says ("协同。" then "7.智能…" is one paragraph wrapped after
# its full stop, "电话：" then "0571-5555 1234转8021" one line). If not, geometry cannot tell a wrap
# from a paragraph that happened to fill its last line, so the text decides as well: a line that
# ends a sentence, or one that opens a heading or list item, is not joined. A page break hides any
# gap, so across one only indentation counts as a mark. Apart from that, a centred title set larger
# than the body is joined where the layout wrapped it (its first line filled the measure).

INDENT_EM = 0.5  # a line starting this far (in font sizes) right of the block's left edge is indented
FIT_EM = 0.05  # past the right edge a piece may reach and still fit: rounding, not room
GAP_PITCH = 1.4  # a line more than this many line pitches below the last follows a paragraph gap
BLANK_PITCH = 1.75  # a gap this many pitches tall holds an empty line: the text gets one too
DEFAULT_PITCH_EM = 1.8  # the pitch when too few lines show it (GB/T 9704: 28.5 pt for 16 pt text)
SIZE_TOLERANCE = 0.15  # lines whose sizes differ more than this share are not one paragraph
MARKED_SHARE = 0.8  # of the paragraph starts seen, this share indented or after a gap: marked
MIN_STARTS = 2  # fewer paragraph starts than this say nothing about how paragraphs are marked
EDGE_SHARE = 0.1  # a right edge is one this share of the lines (and at least 2) run out to
MIN_BLOCK_RIGHT = 0.6  # of the page width: a "right edge" left of this is short lines, not a margin

_WORD_END = re.compile(r"(?:^|\s)[A-Za-z]+$")  # a Latin word standing alone at the end of a line
_WORD_START = re.compile(r"[A-Za-z]+(?:[\s,.;:!?)\]'\"]|$)")


@dataclass(slots=True)
class _Block:
    """Where a page's text block runs: continuation lines start at `left`, wrapped lines end at `right`."""

    left: float | None
    right: float | None


@dataclass(slots=True)
class _Layout:
    blocks: list[_Block]  # one per page
    pitch: dict[float, float]  # the ordinary distance from one line's top to the next, by font size
    # Paragraphs start indented or after a gap, so a line at the left edge continues one. Past a
    # page break a gap cannot be seen, so there only indentation counts.
    marked: bool
    indented: bool
    body_size: float  # the font size of most lines: a title is set larger


def _prose(lines: list[_Line]) -> list[_Line]:
    return [line for line in lines if not line.row]


def _low_edge(values: list[float], tol: float, support: int) -> float | None:
    """The smallest of the sorted values that at least `support` values sit within `tol` above."""
    for i, v in enumerate(values):
        if bisect_right(values, v + tol, lo=i) - i >= support:
            return v
    return None


def _size_key(size: float) -> float:
    return round(size * 2) / 2


def _layout(scans: list[_PageScan]) -> _Layout:
    """The text block of every page, the line pitch, and how this document marks its paragraphs."""
    blocks = _blocks_of(scans)
    distances: dict[float, list[float]] = {}
    for s in scans:
        for a, b in zip(s.lines, s.lines[1:], strict=False):
            if not (a.row or b.row) and _same_size(a, b) and b.top - a.top > a.size / 2:
                distances.setdefault(_size_key(a.size), []).append(b.top - a.top)
    pitch: dict[float, float] = {}
    for key, ds in distances.items():
        ds.sort()
        # The smallest distance that recurs: wrapped lines sit at it, paragraph gaps above it.
        found = _low_edge(ds, key * 0.1, max(2, len(ds) // 10))
        if found is not None:
            pitch[key] = found
    sizes = sorted(line.size for s in scans for line in _prose(s.lines))
    body_size = sizes[len(sizes) // 2] if sizes else 0.0
    layout = _Layout(blocks, pitch, marked=False, indented=False, body_size=body_size)
    # Every line in reading order with its page's block, page breaks included: a page that opens
    # with a new paragraph shows how paragraphs start as well as any other place does.
    flow = [(line, block, s.number) for s, block in zip(scans, blocks, strict=True) for line in s.lines]
    indent_seen = indent_marked = 0  # paragraph starts, and those indented
    seen = marked = 0  # paragraph starts where a gap could show, and those indented or after one
    if flow and not flow[0][0].row and flow[0][1].left is not None:  # the first line starts a paragraph
        indent_seen, indent_marked = 1, int(_indented(flow[0][0], flow[0][1]))
        seen, marked = indent_marked, indent_marked  # no line above it: no gap to see
    for (a, block_a, page_a), (b, block_b, page_b) in zip(flow, flow[1:], strict=False):
        if a.row or b.row or block_a.right is None or not _same_size(a, b):
            continue
        if _fits(a, b, block_a.right):  # a ended there by choice, so b starts a paragraph (or a line)
            indented = _indented(b, block_b)
            indent_seen += 1
            indent_marked += indented
            if indented or page_a == page_b:
                seen += 1
                marked += indented or _after_gap(a, b, layout)
    layout.marked = seen >= MIN_STARTS and marked >= MARKED_SHARE * seen
    layout.indented = indent_seen >= MIN_STARTS and indent_marked >= MARKED_SHARE * indent_seen
    return layout


def _blocks_of(scans: list[_PageScan]) -> list[_Block]:
    """Each page's text block, from the lines of all pages of its size: one page has too few.

    The left edge is where continuation lines start: the leftmost x two lines share. The right
    edge is where wrapped lines end: the x most of the longer half of the lines end at (justified
    text ends exactly there, ragged text around it, hanging punctuation a little past it), if enough
    lines do; a page of two lines has no measure to wrap at. A page's own left edge, where it has
    one, shifts its block (Word's mirrored margins); a page of indented lines only keeps the block.
    """
    by_width: dict[int, list[int]] = {}
    for i, s in enumerate(scans):
        by_width.setdefault(round(s.width), []).append(i)
    blocks = [_Block(None, None) for _ in scans]
    for width, members in by_width.items():
        lines = [line for i in members for line in _prose(scans[i].lines)]
        if not lines:
            continue
        em = sorted(line.size for line in lines)[len(lines) // 2] or 1.0
        tol = INDENT_EM * em / 2
        left = _low_edge(sorted(line.x0 for line in lines), tol, 2)
        right = _right_edge(sorted(line.x1 for line in lines), tol, max(2, EDGE_SHARE * len(lines)))
        if right is not None and right < MIN_BLOCK_RIGHT * width:
            right = None  # short lines of equal length (a list, a form): no measure was filled
        for i in members:
            own = _low_edge(sorted(line.x0 for line in _prose(scans[i].lines)), tol, 2)
            page_left = own if own is not None and (left is None or own <= left + em) else left
            shift = page_left - left if page_left is not None and left is not None else 0.0
            blocks[i] = _Block(page_left, right + shift if right is not None else None)
    return blocks


def _right_edge(ends: list[float], tol: float, support: float) -> float | None:
    """The line end (of the sorted `ends`) with the most of the longer half within `tol`, if enough."""
    upper = ends[len(ends) // 2:]
    best, best_count = None, 0
    for v in upper:
        count = bisect_right(upper, v + tol) - bisect_left(upper, v - tol)
        if count >= best_count:  # a tie goes to the larger: the margin, not a shorter run
            best, best_count = v, count
    return best if best_count >= support else None


def _fits(a: _Line, b: _Line, right: float) -> bool:
    """Would the first unbreakable piece of b have fit at the end of a, before the right edge?

    A layout wraps only what does not fit, so a line that stops short of the edge ended unless
    what follows could not go there: a long URL, a number, a character with its gloss "创(chuàng)".
    """
    return a.x1 + (b.lead_x1 - b.x0) <= right + FIT_EM * max(a.size, 1.0)


def _same_size(a: _Line, b: _Line) -> bool:
    return abs(a.size - b.size) <= SIZE_TOLERANCE * max(a.size, b.size)


def _indented(line: _Line, block: _Block) -> bool:
    """Not at the left edge: indented, centred or right-aligned; each starts a line of its own."""
    return block.left is None or abs(line.x0 - block.left) > INDENT_EM * max(line.size, 1.0)


def _after_gap(a: _Line, b: _Line, layout: _Layout, pitches: float = GAP_PITCH) -> bool:
    pitch = layout.pitch.get(_size_key(a.size), DEFAULT_PITCH_EM * a.size)
    return b.top - a.top > pitches * pitch


def _ends_sentence(text: str) -> bool:
    text = text.rstrip()
    while len(text) > 1 and text[-1] in _CLOSERS and text[-2] in _SENTENCE_END:
        text = text[:-1]  # "……。”" ends the sentence as surely as "。"
    return bool(text) and text[-1] in _SENTENCE_END


def _wraps(a: _Line, block_a: _Block, b: _Line, block_b: _Block, layout: _Layout, *, same_page: bool) -> bool:
    """Is line b the same paragraph as line a, carried on by the layout (within a page or past its end)?"""
    if a.row or b.row or not _same_size(a, b) or block_a.right is None:
        return False
    if same_page and _after_gap(a, b, layout):
        return False
    if _indented(b, block_b):
        return same_page and _title_wraps(a, b, block_a, layout)
    if _fits(a, b, block_a.right):
        return False  # b's first word had room on a: a ended there, the layout did not wrap it
    if layout.marked if same_page else layout.indented:
        return True
    return not _ends_sentence(a.text) and not _HEADING.match(b.text)


def _title_wraps(a: _Line, b: _Line, block: _Block, layout: _Layout) -> bool:
    """A title set larger than the body and centred, which the layout wrapped because it filled
    the measure. A title its author broke by hand (GB/T 9704 asks for balanced lines) leaves its
    first line short, and stays as broken."""
    if block.left is None or block.right is None or a.size <= layout.body_size * (1 + SIZE_TOLERANCE):
        return False
    if abs((a.x0 + a.x1) - (b.x0 + b.x1)) > 2 * INDENT_EM * a.size:
        return False  # not centred on one axis
    return a.x1 - a.x0 + (b.lead_x1 - b.x0) > block.right - block.left + FIT_EM * a.size


def _glue(a: _Line, b: _Line) -> str:
    """What goes between two lines made one: nothing, unless the break was between words.

    Chinese needs nothing. A URL, e-mail address, phone number or identifier broken at the edge
    ("www.xinxixiaofei.co" / "m/sfxm", "0571-" / "5555") must come back whole. A space is right
    only where the PDF drew one at the break, or between two Latin words standing alone — the
    one break where Word's wrapping takes a typed space away.
    """
    if a.space_after or (_WORD_END.search(a.text) and _WORD_START.match(b.text)):
        return " "
    return ""


def _page_text(lines: list[_Line], block: _Block, layout: _Layout) -> str:
    """A page's text, each paragraph the layout wrapped on one line again.

    Where the page leaves an empty line between two lines of text, so does the text, as the
    source the PDF was made from had it; the space a table's padding or a heading's size makes
    is not an empty line.
    """
    parts: list[str] = []
    for i, line in enumerate(lines):
        if i:
            prev = lines[i - 1]
            if _wraps(prev, block, line, block, layout, same_page=True):
                parts.append(_glue(prev, line))
            elif (not (prev.row or line.row) and _same_size(prev, line)
                  and _after_gap(prev, line, layout, BLANK_PITCH)):
                parts.append("\n\n")
            else:
                parts.append("\n")
        parts.append(line.text)
    return "".join(parts)
