"""ASCII punctuation in Chinese text to its Chinese form; dashes in numbers to hyphens."""

from __future__ import annotations

import re

from normalizers._edits import CJK_PUNCT, HAN, Rule, literal_rules, run

_ASCII_TO_CJK = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_CHINESE_BEFORE = f"[{HAN}{CJK_PUNCT}）》」』]"
_MARKS = "[,;:?!]"


# Whether a mark follows the space is asked before what stands behind it: most spaces have none.
_AFTER_SPACE = re.compile(rf" (?={_MARKS})(?<={_CHINESE_BEFORE} ){_MARKS}+(?![/\\])")


def _sep(m: re.Match[str]) -> str:
    return "".join(_ASCII_TO_CJK[c] for c in m.group(0).strip())


# A comma, semicolon or colon right after Chinese text (so "10:30" and "http://" stay as they are),
# with a space between them or not. Each pattern starts on a literal and looks behind from there,
# which `re` searches for fast, and is replaced without a Python call. A run of marks ("：:", "?!")
# converts mark by mark: each follows Chinese punctuation once the one before it is converted
# (the marks' rules reopen one another), and the last is judged by what comes after the run.
ASCII_SEPARATORS = (
    Rule(_AFTER_SPACE, _sep, ",;:?!", settle=_AFTER_SPACE),  # "中 : :": the second follows "：" once converted
    *(
        # "著::": one substitution sees the second after the first as it was; it looks again.
        Rule(re.compile(rf"{re.escape(c)}(?<={_CHINESE_BEFORE}{re.escape(c)})(?![/\\])"), cjk, c,
             settle=re.compile(rf"{re.escape(c)}(?<={cjk}{re.escape(c)})(?![/\\])"))
        for c, cjk in _ASCII_TO_CJK.items()
    ),
)
# A parenthesised run without line breaks, converted when it touches Chinese or holds Chinese
# (a converted one can make the next one touch Chinese: "，(a)(b)").
_PARENS = re.compile(rf"\((?:(?<=[{HAN}{CJK_PUNCT}]\()|(?=[^()\n]{{0,200}}?[{HAN}]))([^()\n]{{0,200}})\)")


def _parens(m: re.Match[str]) -> str:
    return "（" + m[1] + "）"


ASCII_BRACKETS = (Rule(_PARENS, _parens, "(", settle=_PARENS),)
ASCII_PUNCTUATION = ASCII_BRACKETS + ASCII_SEPARATORS


def fix_ascii_punctuation(text: str) -> str:
    """ASCII ``,;:()`` in Chinese text become ``，；：（）``; URLs and times are left alone.

    >>> fix_ascii_punctuation("意見》(國發〔2017〕40號),加速提升;聯系人:張三 http://www.tjec.gov.cn 10:30")
    '意見》（國發〔2017〕40號），加速提升；聯系人：張三 http://www.tjec.gov.cn 10:30'
    """
    return run(ASCII_PUNCTUATION, text)


# An em dash, en dash, full-width hyphen or minus between digits: phone numbers and ranges.
_DASHES = "\u2014\u2013\u2012\u2015\uff0d\u2212"
NUMBER_DASHES = literal_rules(_DASHES, rf"{{c}}(?<=\d{{c}})[{_DASHES}]?(?=\d)", "-")


def fix_number_dashes(text: str) -> str:
    """Dashes inside numbers become ASCII hyphens so phone numbers stay recognisable.

    >>> fix_number_dashes("李琰 010—68208246")
    '李琰 010-68208246'
    """
    return run(NUMBER_DASHES, text)
