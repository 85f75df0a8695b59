"""Small text pieces forms are made of: table cells, bracketed notes, check marks, blanks, numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from normalizers.numerals import parse_number

# Marks a form uses for a box: empty, ticked, and crossed (☒: some fill it to choose, some to strike out).
EMPTY_MARKS = "☐□▢○"
TICK_MARKS = "☑✅✓✔√■▣◼🗹✗"
UNCLEAR_MARKS = "☒⊠"
MARKS = EMPTY_MARKS + TICK_MARKS + UNCLEAR_MARKS
MARK_RUN = re.compile(rf"[{MARKS}]+")

BLANK = re.compile(r"_{2,}|＿{2,}")
_BRACKETED = re.compile(r"[（(]([^（）()]*)[）)]")
# 其他（请注明）：____ — a free-text choice after the boxes (其他 is sometimes left out).
OTHER = re.compile(r"(?:其他|其它)?\s*[（(]\s*请注明\s*[）)]\s*[：:]?")
WORD_LIMIT = re.compile(r"不(?:超过|多于|得超过)\s*(?P<n>\d{2,5})\s*字")
# A unit in a label's brackets: 主营业务收入（万元）, 用户注册规模（亿）.
UNIT_NOTE = re.compile(r"^(?:万元|亿元|元|亿|万|千|平方米|平米|人|个|项|次|%|万人|亿人|人次)$")
CONDITION_NOTE = re.compile(r"必填|如有|选填|若")
OPTIONAL_NOTE = re.compile(r"自行添加|如有|选填|可不填")


def squash(s: str) -> str:
    """Text compared without spaces, with one form of brackets and colons."""
    # Plain replacements: a form is read through this hundreds of times, and on Chinese text
    # they run several times faster than a pattern or a translation table.
    for space in " \t\u3000\u00a0":
        s = s.replace(space, "")
    return s.replace("(", "（").replace(")", "）").replace(":", "：").strip()


def notes(label: str) -> list[str]:
    """The bracketed notes of a label: 软件业务收入（软件业企业必填） → ['软件业企业必填']."""
    return [m.group(1).strip() for m in _BRACKETED.finditer(label)]


def base_name(label: str) -> str:
    """A label without its bracketed notes and trailing colon: 主营业务收入（万元） → 主营业务收入."""
    return squash(_BRACKETED.sub("", label)).rstrip("：")


def unit_of(label: str) -> str | None:
    for note in notes(label):
        if UNIT_NOTE.match(squash(note)):
            return squash(note)
    return None


def is_blank(value: str) -> bool:
    """Nothing but layout: spaces, underscores, slashes or a lone dash."""
    return not re.sub(r"[\s_＿/／\-—–·.。、，,：:]+", "", value)


@dataclass
class Cell:
    text: str  # stripped
    start: int  # offset of the stripped text in the document
    end: int


def cells(line: str, offset: int) -> list[Cell]:
    """Tab-separated cells of a line, each with its span in the document."""
    out: list[Cell] = []
    pos = 0
    for raw in line.split("\t"):
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        out.append(Cell(text, offset + pos + lead, offset + pos + lead + len(text)))
        pos += len(raw) + 1
    return out


@dataclass
class Line:
    text: str
    start: int
    end: int


def lines(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    """Lines of text[start:end] with their offsets (empty lines kept out)."""
    out: list[Line] = []
    end = len(text) if end is None else end
    for m in re.finditer(r"[^\n]*", text[start:end]):
        if m.group(0).strip():
            out.append(Line(m.group(0), start + m.start(), start + m.end()))
    return out


@dataclass
class Mark:
    """One box in a checkbox cell, with the option text that follows it."""

    state: str  # ticked | empty | unclear
    option: str  # the option text, cut before its sub-blanks and notes
    text: str  # everything up to the next box
    start: int  # offset of the mark in the cell
    end: int  # end of `text` in the cell


def mark_state(run: str) -> str:
    if any(c in TICK_MARKS for c in run):
        return "ticked"
    if any(c in UNCLEAR_MARKS for c in run):
        return "unclear"
    return "empty"


_OPTION_CUT = re.compile(r"[/／（(：:\s]|_{2,}")


def option_text(segment: str) -> str:
    """The option's own words: 是（上市时间：____） → 是; 国家级/ → 国家级; 方向1：数字创意… kept whole."""
    seg = segment.strip()
    if re.match(r"^\D{0,4}?\d{1,2}\s*[：:.、．]", seg):
        return squash(seg)  # a numbered choice (方向1：…): the number and its title belong together
    m = _OPTION_CUT.search(seg)
    return squash(seg[: m.start()] if m else seg)


def marks(cell: str) -> tuple[str, list[Mark]]:
    """The text before the first box, and every box with its option, in a checkbox cell."""
    runs = list(MARK_RUN.finditer(cell))
    if not runs:
        return cell, []
    out: list[Mark] = []
    for i, r in enumerate(runs):
        end = runs[i + 1].start() if i + 1 < len(runs) else len(cell)
        seg = cell[r.end():end]
        out.append(Mark(mark_state(r.group(0)), option_text(seg), seg, r.start(), end))
    return cell[: runs[0].start()], out


_NUM = re.compile(r"(?P<num>-?\d[\d,，]*(?:\.\d+)?|[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?)\s*"
                  r"(?P<unit>亿元|万元|亿|万|千|元|平方米|平米|㎡|m²|人次|万人|亿人|人)?")
_SCALE = {"元": 1.0, "千": 1e3, "万": 1e4, "万元": 1e4, "亿": 1e8, "亿元": 1e8, "万人": 1e4, "亿人": 1e8, "人": 1.0,
          "平方米": 1.0, "平米": 1.0, "㎡": 1.0, "m²": 1.0, "人次": 1.0}


def number(value: str, unit: str | None = None) -> tuple[float, str | None] | None:
    """The first number in a value, in the field's unit when both units are scales of one another.

    >>> number("8,000", "万元")
    (8000.0, '万元')
    >>> number("1.2亿", "万元")
    (12000.0, '万元')
    >>> number("280平方米")
    (280.0, '平方米')
    """
    m = _NUM.search(value)
    if not m:
        return None
    raw = m.group("num").replace(",", "").replace("，", "")
    v = parse_number(raw) if not re.match(r"-?\d", raw) else float(raw)
    if v is None:
        return None
    written = m.group("unit")
    if written and unit and written != unit and written in _SCALE and unit in _SCALE:
        return float(v) * _SCALE[written] / _SCALE[unit], unit
    return float(v), unit or written
