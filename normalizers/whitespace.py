"""Spaces and line breaks that layout, not language, put into Chinese text."""

from __future__ import annotations

import re

from normalizers._edits import CJK_PUNCT, HAN, Rule, run

_CJK = f"{HAN}{CJK_PUNCT}"
_RUN_HAN = "\u3400-\u9fff\uf900-\ufaff"
_SP = " "  # no-break and full-width spaces are ordinary spaces by now (wide_spaces)
# Nine characters at least, asked first: most numbers beside a space are shorter ("2023 年").
_PHONE = r"(?=[+\d\-—]{9})(?:\+?\d{2,4}[-—]?\d{7,8}|1\d{10}|\d{3,4}-\d{7,8})(?!\d)"
# Spaces (never tabs: tabs separate table cells) between Chinese and Chinese, or Chinese and a
# number or Latin word: "2023 年", "不超过 10 个", "示范项目 申报书", "移动 APP 或". Kept: spaces
# between Latin words and numbers; a name before a phone number ("李琰 010-68208246"); and short
# words on both sides ("裴艳 李琰", "国家级 省市级"), which are a list, not debris: two names in a
# row are 2–4 characters each, so a run of five Han characters on either side is prose.
# The pattern starts on the space and judges the characters around it by looking behind and
# ahead, the cheap tests first (most spaces sit beside form boxes, rules or Latin words).
_AFTER_HAN = rf"(?<=[{HAN}]{_SP})"
_SHORT_WORDS_END = rf"(?:(?<=[{_RUN_HAN}]{{4}}[{HAN}]{_SP}){_SP}*(?=[{HAN}])|{_SP}*(?=[{HAN}][{_RUN_HAN}]{{4}}))"
_SPACE_RUN = re.compile(
    rf"{_SP}(?<=[{_CJK}A-Za-z0-9%]{_SP})(?={_SP}*[{_CJK}A-Za-z0-9])(?:"
    rf"{_AFTER_HAN}(?:{_SP}*(?=[{CJK_PUNCT}A-Za-z]|(?=\d)(?!{_PHONE}))|{_SHORT_WORDS_END})"
    rf"|(?<=[{CJK_PUNCT}]{_SP}){_SP}*(?=[{_CJK}A-Za-z]|(?=\d)(?!{_PHONE}))"
    rf"|(?<=[A-Za-z0-9%]{_SP}){_SP}*(?=[{_CJK}])"
    ")"
)
# Dropping a space lengthens the Han words beside it, which can decide a space kept between
# short words nearby (nothing else about a kept space changes): look again while one is found.
CJK_SPACES = (Rule(_SPACE_RUN, "", settle=re.compile(f"{_SP}{_AFTER_HAN}{_SHORT_WORDS_END}")),)


def fix_cjk_spaces(text: str) -> str:
    """Remove spaces that layout put inside Chinese text; keep those between names and numbers.

    >>> fix_cjk_spaces("组织开展2021年 新型信息消费示范项目申报工作，不超过 10 个，2023 年")
    '组织开展2021年新型信息消费示范项目申报工作，不超过10个，2023年'
    >>> fix_cjk_spaces("联系人：裴艳 李琰 010-68208246")
    '联系人：裴艳 李琰 010-68208246'
    """
    return run(CJK_SPACES, text)


# Each pattern starts on one literal character, which `re` skips to fast (a prefix of two or more
# tries fewer places but is searched for more slowly: 15–100 % slower overall, as measured), and
# a lookahead of one character class turns away most places before anything dearer is tried (a
# blank run has a line break, space or tab after its first line break; most line breaks have text).
# Spaces on blank lines went with the indentation, so a blank run holds only line breaks, which
# the first branch takes, unless a tab sits on one of its lines (the second; one pattern, so the
# text is scanned once). Dropping trailing spaces makes no blank run: it goes last, so the blank
# runs do not send it over the text again.
BLANK_LINES = (
    Rule(re.compile(r"\n(?=[\n \t])(?:(?=\n\n)\n\n+[ \t]*|(?=[ \t]*\n[ \t]*\n)[ \t]*(?:\n[ \t]*){2,})"), "\n\n"),
    Rule(re.compile(r" (?![^ \n]) *(?![^\n])"), ""),
)


def fix_blank_lines(text: str) -> str:
    """Trailing spaces go; runs of blank lines become one blank line.

    >>> fix_blank_lines("一、总体思路  \\n\\n\\n\\n二、示范内容")
    '一、总体思路\\n\\n二、示范内容'
    """
    return run(BLANK_LINES, text)


# Lines that start a new unit and must never be glued to the line before them.
_HEADING_START = (
    r"(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、](?!\d)"
    r"|附\s*件|附\s*\d|[-•·●]\s|第[一二三四五六七八九十\d]+[章条节]|[☐☑☒□■]|联系人|邮寄地址|信息公开属性)"
)
_HEADING = re.compile(rf"\s*{_HEADING_START}")
_MID_SENTENCE_END = "、，,（(《“"
_CLOSING = "，。、；：）》”"
_LONG_LINE = 12  # a line this long that stops on a character was wrapped, not ended
_LABELLED = re.compile(r"[\u4e00-\u9fff]{2,8}(?:[（(][^（）()\n]{1,12}[）)])?[：:]")
_PROSE_PUNCT = re.compile("[，。、；：]")  # titles and headings carry none; wrapped prose does

# A break (with any blank lines and the next line's indentation) after a Han character or a
# mid-sentence mark, before a line that starts with Han text or closing punctuation and is neither
# a heading nor a table row. Trailing spaces are gone by now (blank_lines runs first). Only a
# line of _LONG_LINE characters or more, or one ending mid-sentence, or a break before closing
# punctuation can join: looking behind for that spares most breaks the Python check below.
# What follows is asked first, and with one run of whitespace, looser than the gap but far
# cheaper to match (the gap itself, matched later, still has to reach the same character): is it
# Han text or closing punctuation at all (half the breaks after Han are not), then is it closing.
_GAP_CHARS = " \t\u00a0\u3000"
_GAP = f"(?:[{_GAP_CHARS}]*\n)*[ \u00a0\u3000]*"
_LINE_BREAK = re.compile(
    rf"\n(?<=[{_RUN_HAN}{re.escape(_MID_SENTENCE_END)}]\n)(?=[\n{_GAP_CHARS}]*[{_RUN_HAN}{_CLOSING}])"
    rf"(?:(?<=[{re.escape(_MID_SENTENCE_END)}]\n)|(?=[\n{_GAP_CHARS}]*[{_CLOSING}])|(?<=[^\n\t]{{{_LONG_LINE}}}\n))"
    rf"{_GAP}(?=[{_RUN_HAN}{_CLOSING}])(?!{_HEADING_START})(?![^\n]*\t)"
)


def _join(m: re.Match[str]) -> str:
    """The break removed when the line before it is a wrapped sentence, not a unit of its own."""
    # The line is read in place, not sliced out; it ends on a Han character or a mark (the pattern
    # looked behind for one), so it has no trailing space and is never empty.
    text, end = m.string, m.start()
    start = text.rfind("\n", 0, end) + 1
    if text[end - 1] in _MID_SENTENCE_END:
        return m.group(0) if text.find("\t", start, end) >= 0 else ""  # a table row ends where it ends
    if text[m.end()] not in _CLOSING and (end - start < _LONG_LINE or not _PROSE_PUNCT.search(text, start, end)):
        return m.group(0)  # a title or a name: nothing says the sentence goes on
    if text.find("\t", start, end) >= 0:
        return m.group(0)
    if _LABELLED.match(text, start, end):
        return m.group(0)  # "邮寄地址：…" is a field with its value, not a wrapped sentence
    if _HEADING.match(text, start, end) and text.find("。", start, end) < 0:
        return m.group(0)  # a heading line ("(1) 项目实施主体、服务对象及适用场景") ends where it ends
    return ""


def _next_break_joins(text: str, joined: list[int]) -> bool:
    """A joined line is longer, which can decide the break after it: look again if it does."""
    for pos in joined:
        nl = text.find("\n", pos)
        m = _LINE_BREAK.match(text, nl) if nl >= 0 else None
        if m and _join(m) == "":
            return True
    return False


BROKEN_LINES = (Rule(_LINE_BREAK, _join, declines=True, settle=_next_break_joins),)


def fix_broken_lines(text: str) -> str:
    """Join a sentence that a page or column break split; headings and table rows stay apart.

    >>> fix_broken_lines("推进数字创意内容与服务多元化、品质\\n\\n化发展。\\n二、示范内容")
    '推进数字创意内容与服务多元化、品质化发展。\\n二、示范内容'
    >>> fix_broken_lines("工业和信息化部办公厅\\n\\n工信厅信发函〔2021〕27号")
    '工业和信息化部办公厅\\n\\n工信厅信发函〔2021〕27号'
    """
    return run(BROKEN_LINES, text)
