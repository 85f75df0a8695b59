"""Spaces and line breaks that layout, not language, put into Chinese text."""

from __future__ import annotations

import re

from normalizers._edits import CJK_PUNCT, HAN, regex_edits, run
from normalizers.offsets import Edit

_CJK = f"{HAN}{CJK_PUNCT}"
# Spaces (never tabs: tabs separate table cells) between Chinese and Chinese, or Chinese and a
# number or Latin word: "2023 年", "不超过 10 个", "示范项目 申报书", "移动 APP 或".
_SPACE_RUN = re.compile(rf"(?<=[{_CJK}A-Za-z0-9%])[ \u00a0]+(?=[{_CJK}A-Za-z0-9])")
_PHONE_AHEAD = re.compile(r"(?:\+?\d{2,4}[-—]?\d{7,8}|1\d{10}|\d{3,4}-\d{7,8})(?!\d)")
_SHORT_HAN_RUN = 4  # two names in a row ("裴艳 李琰") are 2–4 characters each


def _han_run_left(text: str, pos: int) -> int:
    n = 0
    while pos - n - 1 >= 0 and _is_han(text[pos - n - 1]):
        n += 1
    return n


def _han_run_right(text: str, pos: int) -> int:
    n = 0
    while pos + n < len(text) and _is_han(text[pos + n]):
        n += 1
    return n


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def edits_cjk_spaces(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for m in _SPACE_RUN.finditer(text):
        a, b = text[m.start() - 1], text[m.end()]
        a_han, b_han = _is_han(a) or a in CJK_PUNCT, _is_han(b) or b in CJK_PUNCT
        if not (a_han or b_han):
            continue  # Latin words and numbers keep their spaces
        if b.isdigit() and _PHONE_AHEAD.match(text, m.end()):
            continue  # "李琰 010-68208246": keep the name apart from the number
        if _is_han(a) and _is_han(b):
            left, right = _han_run_left(text, m.start()), _han_run_right(text, m.end())
            if left <= _SHORT_HAN_RUN and right <= _SHORT_HAN_RUN:
                # Short words on both sides ("裴艳 李琰", "国家级 省市级") are a list, not debris.
                continue
        edits.append((m.start(), m.end(), ""))
    return edits


def fix_cjk_spaces(text: str) -> str:
    """Remove spaces that layout put inside Chinese text; keep those between names and numbers.

    >>> fix_cjk_spaces("组织开展2021年 新型信息消费示范项目申报工作，不超过 10 个，2023 年")
    '组织开展2021年新型信息消费示范项目申报工作，不超过10个，2023年'
    >>> fix_cjk_spaces("联系人：裴艳 李琰 010-68208246")
    '联系人：裴艳 李琰 010-68208246'
    """
    return run(edits_cjk_spaces, text)


_TRAILING = re.compile(r"[ \u00a0]+$", re.M)
_MANY_BLANKS = re.compile(r"\n[ \t\u00a0]*(?:\n[ \t\u00a0]*){2,}")


def edits_blank_lines(text: str) -> list[Edit]:
    edits = regex_edits(_TRAILING, "", text) + regex_edits(_MANY_BLANKS, "\n\n", text)
    edits.sort()
    clean: list[Edit] = []
    for e in edits:
        if clean and e[0] < clean[-1][1]:
            # A trailing-space edit inside a blank run: the blank-run edit covers it.
            if e[1] > clean[-1][1]:
                clean[-1] = (clean[-1][0], e[1], clean[-1][2])
            continue
        clean.append(e)
    return clean


def fix_blank_lines(text: str) -> str:
    """Trailing spaces go; runs of blank lines become one blank line.

    >>> fix_blank_lines("一、总体思路  \\n\\n\\n\\n二、示范内容")
    '一、总体思路\\n\\n二、示范内容'
    """
    return run(edits_blank_lines, text)


# Lines that start a new unit and must never be glued to the line before them.
_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、](?!\d)"
    r"|附\s*件|附\s*\d|[-•·●]\s|第[一二三四五六七八九十\d]+[章条节]|[☐☑☒□■]|联系人|邮寄地址|信息公开属性)"
)
_SENTENCE_END = "。！？；：!?;:）)】」』”\""
_MID_SENTENCE_END = "、，,（(《“"
_LONG_LINE = 12  # a line this long that stops on a character was wrapped, not ended
_LABELLED = re.compile(r"^[\u4e00-\u9fff]{2,8}(?:[（(][^（）()\n]{1,12}[）)])?[：:]")
_PROSE_PUNCT = re.compile("[，。、；：]")  # titles and headings carry none; wrapped prose does


def _line_joins(prev: str, nxt: str) -> bool:
    p, n = prev.rstrip(), nxt.lstrip()
    if not p or not n or "\t" in prev or "\t" in nxt:
        return False
    if _HEADING.match(nxt):
        return False
    last, first = p[-1], n[0]
    if not (_is_han(first) or first in "，。、；：）》”"):
        return False
    if last in _MID_SENTENCE_END:
        return True
    if last in _SENTENCE_END:
        return False
    if not _is_han(last):
        return False
    if _LABELLED.match(p):
        return False  # "邮寄地址：…" is a field with its value, not a wrapped sentence
    if _HEADING.match(p) and "。" not in p:
        return False  # a heading line ("(1) 项目实施主体、服务对象及适用场景") ends where it ends
    if first in "，。、；：）》”":
        return True
    return len(p) >= _LONG_LINE and bool(_PROSE_PUNCT.search(p))


_LINE_BREAK = re.compile(r"[ \u00a0]*\n(?:[ \t\u00a0\u3000]*\n)*[ \u00a0\u3000]*")


def edits_broken_lines(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for m in _LINE_BREAK.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        next_end = text.find("\n", m.end())
        prev = text[line_start : m.start()]
        nxt = text[m.end() : next_end if next_end != -1 else len(text)]
        if _line_joins(prev, nxt):
            edits.append((m.start(), m.end(), ""))
    return edits


def fix_broken_lines(text: str) -> str:
    """Join a sentence that a page or column break split; headings and table rows stay apart.

    >>> fix_broken_lines("推进数字创意内容与服务多元化、品质\\n\\n化发展。\\n二、示范内容")
    '推进数字创意内容与服务多元化、品质化发展。\\n二、示范内容'
    >>> fix_broken_lines("工业和信息化部办公厅\\n\\n工信厅信发函〔2021〕27号")
    '工业和信息化部办公厅\\n\\n工信厅信发函〔2021〕27号'
    """
    return run(edits_broken_lines, text)
