"""Word .docx documents: body paragraphs and tables, in document order, as plain lines.

One body paragraph is one line. One table row is one line, its cells joined by a tab. Ticked and
empty checkboxes, however Word stored them (content controls, legacy form fields, Wingdings
symbols), come out as ☑ / ☐ so the forms code can read which directions were chosen. Automatic
list numbers (一、 （一） 1.) are rendered into the text because the structure code keys on them.
Headers, footers, footnotes, comments and deleted revisions are left out.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from io import BytesIO
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.package import OpcPackage
from docx.oxml import parse_xml
from docx.oxml.ns import nsmap

from extractor.readers.base import RawDocument, ReadError

__all__ = ["read_docx"]

_W = nsmap["w"]
_W14 = nsmap["w14"]
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MATH = nsmap["m"]


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


# Word's XML compresses ~20x; a document.xml beyond this is a zip bomb or a dump, not a notice.
MAX_XML_BYTES = 64 * 1024 * 1024
MAX_UNZIPPED_BYTES = 256 * 1024 * 1024

_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}

CHECKED = "☑"
UNCHECKED = "☐"

# Symbol-font code points (low byte; Word stores them as U+F0xx or as the bare byte) that forms
# use for boxes, ticks and bullets. Anything else in a symbol font is a picture, not text.
_SYMBOL_FONTS: dict[str, dict[int, str]] = {
    "wingdings": {
        0xFE: CHECKED, 0xFD: "☒", 0x78: "☒", 0xA8: UNCHECKED, 0x6F: UNCHECKED, 0x71: UNCHECKED,
        0xFC: "√", 0xFB: "✗", 0x6E: "■", 0xA7: "■", 0x6C: "●", 0x9F: "•", 0xA1: "○", 0xD8: "➢",
    },
    "wingdings 2": {
        0x52: CHECKED, 0x54: "☒", 0x53: "☒", 0x51: "☒", 0xA3: "□", 0x2A: "□", 0xA2: "■",
        0x50: "√", 0x4F: "✗", 0x97: "●", 0x98: "●",
    },
    "symbol": {0xD6: "√", 0xB7: "•", 0xB4: "×", 0xA8: "♦"},
}

_ON = {"1", "true", "on"}
_CJK = re.compile(
    "[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f]"
)
_ZH_DIGITS = "零一二三四五六七八九"
_ZH_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def _on(el: Any, attr: str = "val", ns: str = _W) -> bool:
    """An OOXML on/off element: present without a value means on."""
    val = el.get(f"{{{ns}}}{attr}")
    return val is None or val.lower() in _ON


def _int(value: str | None, default: int) -> int:
    """An integer attribute; broken files put anything there."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _join_cjk(pieces: list[str]) -> str:
    """Join a cell's paragraphs: nothing between two CJK characters, a space otherwise."""
    out = ""
    for piece in pieces:
        if not piece:
            continue
        if out and not (_CJK.match(out[-1]) and _CJK.match(piece[0])):
            out += " "
        out += piece
    return out


# --- list numbering -------------------------------------------------------------------------

def _zh_number(n: int, digits: str = _ZH_DIGITS, units: str = "十百千") -> str:
    """Chinese counting: 1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五."""
    if n <= 0 or n >= 10000:
        return str(n)
    parts: list[str] = []
    zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = n // power % 10
        if d:
            if zero:
                parts.append(digits[0])
            parts.append(digits[d] + unit)
            zero = False
        elif parts:
            zero = True
    text = "".join(parts)
    # 十一, not 一十一, for 10-19 (as 一、…十一、 headings are written)
    return text[1:] if 10 <= n < 20 and digits is _ZH_DIGITS else text


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += sym
            n -= value
    return out


def _letters(n: int) -> str:
    """Word's letter numbering repeats the letter: 27 → AA."""
    if n <= 0:
        return str(n)
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format_number(n: int, fmt: str) -> str:
    if n < 0 or n > 9999:  # only a broken file numbers like this; letters would repeat n/26 times
        return str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "koreanCounting"):
        return _zh_number(n)
    if fmt == "chineseLegalSimplified":
        return _zh_number(n, _ZH_LEGAL, "拾佰仟")
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12] if n > 0 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "none":
        return ""
    return str(n)  # decimal, and the rare formats (ordinalText, hex, ...) as plain numbers


class _Numbering:
    """Word's automatic list numbers: counters per abstract list, rendered from each level's lvlText."""

    def __init__(self, numbering: Any | None, styles: Any | None) -> None:
        self.num_to_abstract: dict[str, str] = {}
        self.start_overrides: dict[str, dict[int, int]] = {}
        self.levels: dict[str, dict[int, Any]] = {}
        self.style_level: dict[tuple[str, str], int] = {}
        self.style_numpr: dict[str, tuple[str | None, str | None]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.restarted: set[str] = set()
        if numbering is not None:
            self._load_numbering(numbering)
        if styles is not None:
            self._load_styles(styles)

    def _load_numbering(self, root: Any) -> None:
        for absnum in root.iterchildren(_w("abstractNum")):
            aid = absnum.get(_w("abstractNumId"))
            if aid is None:
                continue
            levels: dict[int, Any] = {}
            for lvl in absnum.iterchildren(_w("lvl")):
                ilvl = _int(lvl.get(_w("ilvl")), 0)
                levels[ilvl] = lvl
                pstyle = lvl.find(_w("pStyle"))
                if pstyle is not None and pstyle.get(_w("val")):
                    self.style_level[(aid, pstyle.get(_w("val")))] = ilvl
            self.levels[aid] = levels
        for num in root.iterchildren(_w("num")):
            nid = num.get(_w("numId"))
            ref = num.find(_w("abstractNumId"))
            if nid is None or ref is None:
                continue
            self.num_to_abstract[nid] = ref.get(_w("val"), "")
            overrides: dict[int, int] = {}
            for ov in num.iterchildren(_w("lvlOverride")):
                so = ov.find(_w("startOverride"))
                if so is not None:
                    overrides[_int(ov.get(_w("ilvl")), 0)] = _int(so.get(_w("val")), 1)
            self.start_overrides[nid] = overrides

    def _load_styles(self, root: Any) -> None:
        based_on: dict[str, str] = {}
        own: dict[str, tuple[str | None, str | None]] = {}
        for style in root.iterchildren(_w("style")):
            sid = style.get(_w("styleId"))
            if sid is None:
                continue
            base = style.find(_w("basedOn"))
            if base is not None and base.get(_w("val")):
                based_on[sid] = base.get(_w("val"))
            numpr = style.find(f"{_w('pPr')}/{_w('numPr')}")
            if numpr is not None:
                own[sid] = self._numpr(numpr)
        for sid in set(based_on) | set(own):
            seen: set[str] = set()
            cur: str | None = sid
            while cur is not None and cur not in seen:  # basedOn chains can loop in broken files
                seen.add(cur)
                if cur in own:
                    self.style_numpr[sid] = own[cur]
                    break
                cur = based_on.get(cur)

    @staticmethod
    def _numpr(numpr: Any) -> tuple[str | None, str | None]:
        nid = numpr.find(_w("numId"))
        ilvl = numpr.find(_w("ilvl"))
        return (
            nid.get(_w("val")) if nid is not None else None,
            ilvl.get(_w("val")) if ilvl is not None else None,
        )

    def label(self, p: Any) -> str:
        """The list number Word shows before paragraph `p` ("一、", "（二）", "1.2 "), or ""."""
        if not self.levels:
            return ""
        ppr = p.find(_w("pPr"))
        nid: str | None = None
        ilvl_s: str | None = None
        style: str | None = None
        if ppr is not None:
            ps = ppr.find(_w("pStyle"))
            style = ps.get(_w("val")) if ps is not None else None
            numpr = ppr.find(_w("numPr"))
            if numpr is not None:
                nid, ilvl_s = self._numpr(numpr)
        if style is not None and style in self.style_numpr:
            snid, silvl = self.style_numpr[style]
            nid = nid or snid
            ilvl_s = ilvl_s or silvl
        if nid is None or nid == "0" or nid not in self.num_to_abstract:
            return ""
        aid = self.num_to_abstract[nid]
        levels = self.levels.get(aid, {})
        if ilvl_s is not None:
            ilvl = _int(ilvl_s, 0)
        else:
            ilvl = self.style_level.get((aid, style or ""), 0)
        lvl = levels.get(ilvl)
        if lvl is None:
            return ""
        counters = self.counters.setdefault(aid, {})
        overrides = self.start_overrides.get(nid, {})
        if overrides and nid not in self.restarted:
            # a num with startOverride is a restarted list: its first use resets the counters
            self.restarted.add(nid)
            for level in list(counters):
                if level >= min(overrides):
                    del counters[level]
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else self._start(aid, nid, ilvl)
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        return self._render(aid, nid, ilvl, lvl, counters)

    def _start(self, aid: str, nid: str, ilvl: int) -> int:
        if ilvl in self.start_overrides.get(nid, {}):
            return self.start_overrides[nid][ilvl]
        lvl = self.levels.get(aid, {}).get(ilvl)
        start = lvl.find(_w("start")) if lvl is not None else None
        return _int(start.get(_w("val")), 1) if start is not None else 1

    def _render(self, aid: str, nid: str, ilvl: int, lvl: Any, counters: dict[int, int]) -> str:
        fmt_el = lvl.find(_w("numFmt"))
        fmt = fmt_el.get(_w("val"), "decimal") if fmt_el is not None else "decimal"
        text_el = lvl.find(_w("lvlText"))
        template = text_el.get(_w("val"), "") if text_el is not None else ""
        if fmt == "bullet":
            font = _lvl_font(lvl)
            text = _map_symbol_text(template, font) if font else template
            text = text or "•"
        else:
            legal = lvl.find(_w("isLgl")) is not None

            def sub(m: re.Match[str]) -> str:
                k = int(m.group(1)) - 1
                other = self.levels.get(aid, {}).get(k)
                n = counters.get(k, self._start(aid, nid, k))
                other_fmt = "decimal"
                if other is not None and other.find(_w("numFmt")) is not None:
                    other_fmt = other.find(_w("numFmt")).get(_w("val"), "decimal")
                if legal and k != ilvl:
                    other_fmt = "decimal"
                return _format_number(n, other_fmt)

            text = re.sub(r"%([1-9])", sub, template)
        if not text:
            return ""
        suff_el = lvl.find(_w("suff"))
        suff = suff_el.get(_w("val"), "tab") if suff_el is not None else "tab"
        # a tab after the number would read as a table column; "一、" needs no gap at all
        if suff == "nothing" or _CJK.match(text[-1]):
            return text
        return text + " "


def _lvl_font(lvl: Any) -> str | None:
    fonts = lvl.find(f"{_w('rPr')}/{_w('rFonts')}")
    return _symbol_font(fonts)


def _symbol_font(rfonts: Any | None) -> str | None:
    """The symbol font (lower-cased) a run's Latin characters are set in, if any."""
    if rfonts is None:
        return None
    for attr in ("ascii", "hAnsi", "cs"):
        name = (rfonts.get(_w(attr)) or "").strip().lower()
        if name in _SYMBOL_FONTS:
            return name
    return None


def _map_symbol_text(text: str, font: str) -> str:
    """Characters typed in a symbol font: map the boxes and ticks, drop the other pictures."""
    table = _SYMBOL_FONTS[font]
    out = []
    for ch in text:
        code = ord(ch)
        if code < 0x100 or 0xF000 <= code <= 0xF0FF:
            mapped = table.get(code & 0xFF)
            if mapped is not None:
                out.append(mapped)
            elif ch.isspace():
                out.append(ch)
        else:
            out.append(ch)  # CJK in a Wingdings run is drawn in the East Asian font
    return "".join(out)


# --- the body walk ----------------------------------------------------------------------------

class _Walker:
    def __init__(self, numbering: _Numbering) -> None:
        self.numbering = numbering
        self.warnings: list[str] = []

    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    # block level: body, cell, text box, block content control
    def blocks(self, parent: Any) -> Iterator[tuple[str, Any]]:
        """Yield ("p", element) and ("tbl", element) in document order, unwrapping containers."""
        for child in parent.iterchildren():
            tag = child.tag
            if tag == _w("p"):
                yield "p", child
            elif tag == _w("tbl"):
                yield "tbl", child
            elif tag == _w("sdt"):
                content = child.find(_w("sdtContent"))
                if content is not None:
                    yield from self.blocks(content)
            elif tag in (_w("customXml"), _w("ins"), _w("moveTo")):
                yield from self.blocks(child)
            elif tag == _w("altChunk"):
                self._warn("an embedded document (altChunk) was not read")

    def body_lines(self, parent: Any) -> list[str]:
        lines: list[str] = []
        for kind, el in self.blocks(parent):
            if kind == "p":
                text, boxes = self.paragraph(el)
                lines.extend(text.split("\n"))
                for box in boxes:
                    lines.extend(self.body_lines(box))
            else:
                lines.extend(self.table_rows(el, nested=False))
        return lines

    def table_rows(self, tbl: Any, nested: bool) -> list[str]:
        """One string per row; cells joined by tab (or by space inside a cell's nested table)."""
        rows = []
        sep = " " if nested else "\t"
        for tr in self._children(tbl, "tr"):
            cells = []
            for tc in self._children(tr, "tc"):
                tcpr = tc.find(_w("tcPr"))
                if tcpr is not None:
                    hmerge = tcpr.find(_w("hMerge"))
                    if hmerge is not None and hmerge.get(_w("val"), "continue") == "continue":
                        continue  # legacy horizontal merge: the first cell holds the text
                    vmerge = tcpr.find(_w("vMerge"))
                    if vmerge is not None and vmerge.get(_w("val"), "continue") == "continue":
                        # covered by the cell above: an empty cell keeps the columns in place,
                        # and the text is not repeated (it would be counted twice downstream)
                        cells.append("")
                        continue
                cells.append(self.cell_text(tc))
            if nested:
                cells = [c for c in cells if c]
            rows.append(sep.join(cells))
        return rows

    def _children(self, parent: Any, tag: str) -> Iterator[Any]:
        """Rows of a table or cells of a row, through content controls and custom XML wrappers."""
        for child in parent.iterchildren():
            if child.tag == _w(tag):
                yield child
            elif child.tag == _w("sdt"):
                content = child.find(_w("sdtContent"))
                if content is not None:
                    yield from self._children(content, tag)
            elif child.tag in (_w("customXml"), _w("ins")):
                yield from self._children(child, tag)

    def cell_text(self, tc: Any) -> str:
        pieces: list[str] = []
        for kind, el in self.blocks(tc):
            if kind == "p":
                text, boxes = self.paragraph(el)
                pieces.extend(part.strip() for part in text.replace("\t", " ").split("\n"))
                for box in boxes:
                    pieces.append(_join_cjk(self.body_lines(box)).replace("\t", " "))
            else:
                pieces.extend(self.table_rows(el, nested=True))
        return _join_cjk(pieces)

    # paragraph level
    def paragraph(self, p: Any) -> tuple[str, list[Any]]:
        """The paragraph's text (list number first) and the text boxes anchored in it."""
        out: list[str] = [self.numbering.label(p)]
        boxes: list[Any] = []
        self.inline(p, out, boxes)
        return "".join(out), boxes

    def inline(self, parent: Any, out: list[str], boxes: list[Any]) -> None:
        for child in parent.iterchildren():
            tag = child.tag
            if not isinstance(tag, str):
                continue  # comments and processing instructions
            if tag == _w("r"):
                self.run(child, out, boxes)
            elif tag == _w("sdt"):
                box = _sdt_checkbox(child)
                if box is not None:
                    out.append(box)  # the control's content is just a glyph for the same state
                else:
                    content = child.find(_w("sdtContent"))
                    if content is not None:
                        self.inline(content, out, boxes)
            elif tag == _w("ruby"):
                base = child.find(_w("rubyBase"))  # the pinyin guide (w:rt) is not the text
                if base is not None:
                    self.inline(base, out, boxes)
            elif tag in (_w("hyperlink"), _w("ins"), _w("moveTo"), _w("smartTag"), _w("customXml"),
                         _w("fldSimple"), _w("dir"), _w("bdo"), _w("sdtContent")):
                self.inline(child, out, boxes)
            elif tag in (f"{{{_MATH}}}oMath", f"{{{_MATH}}}oMathPara"):
                out.append("".join(t.text or "" for t in child.iter(f"{{{_MATH}}}t")))
            elif tag == f"{{{_MC}}}AlternateContent":
                self._alternate(child, out, boxes, self.inline)
            # w:del, w:moveFrom, w:pPr, bookmarks, proofing marks: nothing visible

    def run(self, r: Any, out: list[str], boxes: list[Any]) -> None:
        rpr = r.find(_w("rPr"))
        font: str | None = None
        if rpr is not None:
            vanish = rpr.find(_w("vanish"))
            if vanish is not None and _on(vanish):
                return  # hidden text is not part of what the reader sees
            font = _symbol_font(rpr.find(_w("rFonts")))
        for child in r.iterchildren():
            tag = child.tag
            if tag == _w("t"):
                text = child.text or ""
                out.append(_map_symbol_text(text, font) if font else text)
            elif tag in (_w("tab"), _w("ptab")):
                out.append("\t")
            elif tag == _w("br"):
                if child.get(_w("type"), "textWrapping") == "textWrapping":
                    out.append("\n")
            elif tag == _w("cr"):
                out.append("\n")
            elif tag == _w("noBreakHyphen"):
                out.append("-")
            elif tag == _w("sym"):
                out.append(self._sym(child))
            elif tag == _w("fldChar"):
                box = _legacy_checkbox(child)
                if box is not None:
                    out.append(box)
            elif tag in (_w("drawing"), _w("pict"), _w("object")):
                boxes.extend(_text_boxes(child))
            elif tag == f"{{{_MC}}}AlternateContent":
                self._alternate(child, out, boxes, self._run_like)

    def _run_like(self, parent: Any, out: list[str], boxes: list[Any]) -> None:
        """Run content inside mc:Choice: usually a drawing with a text box."""
        for child in parent.iterchildren():
            if child.tag in (_w("drawing"), _w("pict"), _w("object")):
                boxes.extend(_text_boxes(child))
            elif child.tag == _w("sym"):
                out.append(self._sym(child))

    @staticmethod
    def _alternate(alt: Any, out: list[str], boxes: list[Any], walk: Any) -> None:
        # Choice and Fallback hold the same content twice; read only the first Choice
        branch = alt.find(f"{{{_MC}}}Choice")
        if branch is None:
            branch = alt.find(f"{{{_MC}}}Fallback")
        if branch is not None:
            walk(branch, out, boxes)

    def _sym(self, sym: Any) -> str:
        font = (sym.get(_w("font")) or "").strip().lower()
        raw = sym.get(_w("char")) or ""
        try:
            code = int(raw, 16)
        except ValueError:
            return ""
        if font in _SYMBOL_FONTS:
            mapped = _SYMBOL_FONTS[font].get(code & 0xFF)
            if mapped is not None:
                return mapped
            self._warn(f"a {sym.get(_w('font'))} symbol (code {raw}) has no text equivalent and was left out")
            return ""
        if 0xF000 <= code <= 0xF0FF or not 0 < code < 0x110000:
            self._warn(f"a {sym.get(_w('font')) or 'symbol-font'} symbol (code {raw}) was left out")
            return ""
        return chr(code)  # w:sym in an ordinary font names a real Unicode character


def _sdt_checkbox(sdt: Any) -> str | None:
    """A Word 2010+ checkbox content control → ☑ / ☐; None for any other control."""
    sdtpr = sdt.find(_w("sdtPr"))
    if sdtpr is None:
        return None
    box = sdtpr.find(f"{{{_W14}}}checkbox")
    if box is None:
        return None
    checked = box.find(f"{{{_W14}}}checked")
    return CHECKED if checked is not None and _on(checked, "val", _W14) else UNCHECKED


def _legacy_checkbox(fldchar: Any) -> str | None:
    """A legacy form-field checkbox (FORMCHECKBOX) at its field's begin mark → ☑ / ☐."""
    if fldchar.get(_w("fldCharType")) != "begin":
        return None
    box = fldchar.find(f"{_w('ffData')}/{_w('checkBox')}")
    if box is None:
        return None
    state = box.find(_w("checked"))  # the current state; w:default is the state before any click
    if state is None:
        state = box.find(_w("default"))
    return CHECKED if state is not None and _on(state) else UNCHECKED


def _text_boxes(el: Any) -> list[Any]:
    """Outermost w:txbxContent elements under a drawing, skipping VML fallbacks (duplicates)."""
    found: list[Any] = []
    for box in el.iter(_w("txbxContent")):
        anc = box.getparent()
        skip = False
        while anc is not None and anc is not el:
            if anc.tag in (f"{{{_MC}}}Fallback", _w("txbxContent")):
                skip = True
                break
            anc = anc.getparent()
        if not skip:
            found.append(box)
    return found


# --- opening the package ----------------------------------------------------------------------

def _damaged(path: str, why: str) -> ReadError:
    why = " ".join(why.split())  # one line for the user, whatever the library said
    return ReadError("damaged", f"{path}: the Word document is damaged ({why})")


def _unzipped_size(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> int:
    """Bytes a member really inflates to, stopping past `cap`: declared sizes can lie."""
    size = 0
    with zf.open(info) as fh:
        while chunk := fh.read(1 << 20):
            size += len(chunk)
            if size > cap:
                break
    return size


def _check_sizes(data: bytes, path: str) -> None:
    """Refuse zip bombs before python-docx inflates every part into memory."""
    try:
        zf = zipfile.ZipFile(BytesIO(data))
        infos = zf.infolist()
        sizes = {info.filename: info.file_size for info in infos}
        # measure only what claims to be big, largest first, until the claims are plausible
        for info in sorted(infos, key=lambda i: i.file_size, reverse=True):
            if info.file_size <= MAX_XML_BYTES and sum(sizes.values()) <= MAX_UNZIPPED_BYTES:
                break
            sizes[info.filename] = _unzipped_size(zf, info, MAX_UNZIPPED_BYTES)
    except Exception as exc:  # zipfile: BadZipFile, EOFError, zlib.error, NotImplementedError ...
        raise _damaged(path, _why(exc)) from exc
    xml = max((n for name, n in sizes.items() if name.endswith((".xml", ".rels"))), default=0)
    total = sum(sizes.values())
    if xml > MAX_XML_BYTES or total > MAX_UNZIPPED_BYTES:
        raise ReadError(
            "too-large",
            f"{path}: the Word document unpacks to {max(xml, total) / 1048576:.0f} MB or more,"
            " more than a notice can be",
        )


def _xml_of(part: Any) -> Any:
    element = getattr(part, "element", None)
    return element if element is not None else parse_xml(part.blob)


def _related_xml(part: Any, reltype: str) -> Any | None:
    try:
        return _xml_of(part.part_related_by(reltype))
    except KeyError:
        return None


def _why(exc: Exception) -> str:
    from lxml.etree import XMLSyntaxError

    if isinstance(exc, XMLSyntaxError):
        return f"broken XML: {exc.msg}"
    if isinstance(exc, KeyError):
        return f"a required part is missing: {exc.args[0] if exc.args else exc}"
    if isinstance(exc, zipfile.BadZipFile | EOFError | NotImplementedError) or "zlib" in type(exc).__module__:
        return f"the ZIP container is corrupt: {exc}" if str(exc) else "the ZIP container is corrupt"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _open(data: bytes, path: str) -> tuple[Any, Any | None, Any | None]:
    """(body element, numbering XML, styles XML) of the main document part."""
    try:
        package = OpcPackage.open(BytesIO(data))
        part = package.main_document_part
        if part.content_type not in _MAIN_TYPES:
            raise ReadError(
                "unsupported", f"{path}: an Office file that is not a Word document ({part.content_type})"
            )
        root = _xml_of(part)
        body = root.find(_w("body"))
        if body is None:
            raise _damaged(path, "the document has no body")
        numbering = _related_xml(part, RT.NUMBERING)
        styles = _related_xml(part, RT.STYLES)
    except ReadError:
        raise
    except Exception as exc:  # python-docx/zipfile/lxml report damage with many exception types
        raise _damaged(path, _why(exc)) from exc
    return body, numbering, styles


def read_docx(data: bytes, path: str, sha: str) -> RawDocument:
    """Text of a .docx: paragraphs and table rows in document order; pages are not fixed in Word."""
    _check_sizes(data, path)
    body, numbering, styles = _open(data, path)
    try:
        walker = _Walker(_Numbering(numbering, styles))
        lines = walker.body_lines(body)
    except (ValueError, TypeError, IndexError, KeyError, RecursionError) as exc:  # nonsense values in the XML
        raise _damaged(path, _why(exc)) from exc
    while lines and not lines[-1].strip():
        lines.pop()
    text = "\n".join(lines)
    if not text.strip():
        raise ReadError("empty", f"{path}: the Word document holds no text")
    return RawDocument(path=path, format="docx", text=text + "\n", sha256=sha, warnings=walker.warnings)
