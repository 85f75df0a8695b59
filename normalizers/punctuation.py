"""ASCII punctuation in Chinese text to its Chinese form; dashes in numbers to hyphens."""

from __future__ import annotations

import re

from normalizers._edits import CJK_PUNCT, HAN, regex_edits, run
from normalizers.offsets import Edit, apply_edits

_ASCII_TO_CJK = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
# A comma, semicolon or colon right after Chinese text (so "10:30" and "http://" stay as they are).
# A run ("：:" after a fix, "?!") is taken whole, so one pass converts all of it.
_SEP_AFTER_CHINESE = re.compile(rf"(?<=[{HAN}{CJK_PUNCT}）》」』])[ ]?[,;:?!]+(?![/\\])")


def _sep(m: re.Match[str]) -> str:
    return "".join(_ASCII_TO_CJK[c] for c in m.group(0).strip())


# A parenthesised run without line breaks; converted when it touches Chinese or holds Chinese.
_PARENS = re.compile(r"\(([^()\n]{0,200})\)")
_HAS_HAN = re.compile(f"[{HAN}]")
_CHINESE_CHAR = re.compile(f"[{HAN}{CJK_PUNCT}]")


def edits_ascii_punctuation(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for m in _PARENS.finditer(text):
        before = text[m.start() - 1] if m.start() else ""
        if _HAS_HAN.search(m.group(1)) or (before and _CHINESE_CHAR.match(before)):
            edits.append((m.start(), m.start() + 1, "（"))
            edits.append((m.end() - 1, m.end(), "）"))
    # Parenthesis edits keep the length, so separators can be found on the converted text with
    # the same offsets ("),加速" needs to see the "）").
    mid = apply_edits(text, edits) if edits else text
    edits += regex_edits(_SEP_AFTER_CHINESE, _sep, mid)
    edits.sort()
    clean: list[Edit] = []
    for e in edits:
        if clean and e[0] < clean[-1][1]:
            continue
        clean.append(e)
    return clean


def fix_ascii_punctuation(text: str) -> str:
    """ASCII ``,;:()`` in Chinese text become ``，；：（）``; URLs and times are left alone.

    >>> fix_ascii_punctuation("意見》(國發〔2017〕40號),加速提升;聯系人:張三 http://www.tjec.gov.cn 10:30")
    '意見》（國發〔2017〕40號），加速提升；聯系人：張三 http://www.tjec.gov.cn 10:30'
    """
    return run(edits_ascii_punctuation, text)


# An em dash, en dash, full-width hyphen or minus between digits: phone numbers and ranges.
_DIGIT_DASH = re.compile(r"(?<=\d)[\u2014\u2013\u2012\u2015\uff0d\u2212]{1,2}(?=\d)")


def edits_number_dashes(text: str) -> list[Edit]:
    return regex_edits(_DIGIT_DASH, "-", text)


def fix_number_dashes(text: str) -> str:
    """Dashes inside numbers become ASCII hyphens so phone numbers stay recognisable.

    >>> fix_number_dashes("李琰 010—68208246")
    '李琰 010-68208246'
    """
    return run(edits_number_dashes, text)
