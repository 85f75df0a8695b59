"""ASCII punctuation in Chinese text to its Chinese form; dashes in numbers to hyphens."""

from __future__ import annotations

import re

from normalizers._edits import CJK_PUNCT, HAN, Rule, run

_ASCII_TO_CJK = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_SEPS = "[,;:?!]"
_CHINESE_BEFORE = f"[{HAN}{CJK_PUNCT}）》」』]"
# A comma, semicolon or colon right after Chinese text (so "10:30" and "http://" stay as they are).
# A run ("：:" after a fix, "?!") is taken whole, so one pass converts all of it. Each pattern
# starts on the character it converts and looks behind from there, which `re` searches for fast.
_SEP_AFTER_SPACE = re.compile(rf" (?<={_CHINESE_BEFORE} ){_SEPS}+(?![/\\])")
_SEP_AFTER_CHINESE = re.compile(rf"{_SEPS}(?<={_CHINESE_BEFORE}{_SEPS}){_SEPS}*(?![/\\])")
# A parenthesised run without line breaks, converted when it touches Chinese or holds Chinese.
_PARENS = re.compile(rf"\((?:(?<=[{HAN}{CJK_PUNCT}]\()|(?=[^()\n]{{0,200}}?[{HAN}]))([^()\n]{{0,200}})\)")


def _sep(m: re.Match[str]) -> str:
    return "".join(_ASCII_TO_CJK[c] for c in m.group(0).strip())


def _parens(m: re.Match[str]) -> str:
    return f"（{m.group(1)}）"


ASCII_PUNCTUATION = (
    Rule(_PARENS, _parens, ("(",)),
    Rule(_SEP_AFTER_SPACE, _sep, tuple(f" {c}" for c in ",;:?!")),
    Rule(_SEP_AFTER_CHINESE, _sep, tuple(",;:?!")),
)


def fix_ascii_punctuation(text: str) -> str:
    """ASCII ``,;:()`` in Chinese text become ``，；：（）``; URLs and times are left alone.

    >>> fix_ascii_punctuation("意見》(國發〔2017〕40號),加速提升;聯系人:張三 http://www.tjec.gov.cn 10:30")
    '意見》（國發〔2017〕40號），加速提升；聯系人：張三 http://www.tjec.gov.cn 10:30'
    """
    return run(ASCII_PUNCTUATION, text)


# An em dash, en dash, full-width hyphen or minus between digits: phone numbers and ranges.
_DASHES = "\u2014\u2013\u2012\u2015\uff0d\u2212"
_DIGIT_DASH = re.compile(rf"[{_DASHES}](?<=\d[{_DASHES}])[{_DASHES}]?(?=\d)")
NUMBER_DASHES = (Rule(_DIGIT_DASH, "-", tuple(_DASHES)),)


def fix_number_dashes(text: str) -> str:
    """Dashes inside numbers become ASCII hyphens so phone numbers stay recognisable.

    >>> fix_number_dashes("李琰 010—68208246")
    '李琰 010-68208246'
    """
    return run(NUMBER_DASHES, text)
