"""Debris left by web pages, Word exports and PDF converters."""

from __future__ import annotations

import re

from normalizers._edits import HAN, Rule, literal_rules, run

_WORD_MARKER = re.compile(r"\[(?:bookmark|anchor|footnote|endnote|comment)[:：][^\]\n]{0,200}\]", re.I)


# Removing a marker can close up the halves of another around it: such rules look again.
WORD_MARKERS = (Rule(_WORD_MARKER, "", "[", settle=_WORD_MARKER),)


def fix_word_markers(text: str) -> str:
    """Drop markers such as ``[bookmark: _GoBack]`` that Word-to-text export leaves behind.

    >>> fix_word_markers("各有关单位：\\n[bookmark: _GoBack]　　为贯彻落实")
    '各有关单位：\\n　　为贯彻落实'
    """
    return run(WORD_MARKERS, text)


_CHECKBOX = r"[^<>]{0,200}?type\s*=\s*[\"']?checkbox[\"']?[^<>]{0,200}?/?>"
_CHECKBOX_INPUT = re.compile(rf"<input\b{_CHECKBOX}", re.I)
_CHECKED_INPUT = re.compile(rf"<input\b(?=[^<>]*\bchecked\b){_CHECKBOX}", re.I)


def _any_checked(text: str) -> bool:
    # "checked" in any case ends in a d, which Chinese forms rarely hold (type="checkbox" has
    # none): look at the letters before each d rather than search the whole text case-blind,
    # which has no literal to skip to.
    for d in "dD":
        i = text.find(d, 6)
        while i >= 0:
            if text[i - 6 : i + 1].lower() == "checked":
                return True
            i = text.find(d, i + 1)
    return False


# Ticked ones first, and only when there are any; each is a plain substitution, so no Python
# call per box.
CHECKBOX_INPUTS = (
    Rule(_CHECKED_INPUT, "☑", "<", settle=_CHECKED_INPUT, when=_any_checked),
    Rule(_CHECKBOX_INPUT, "☐", "<", settle=_CHECKBOX_INPUT),
)


def fix_checkbox_inputs(text: str) -> str:
    """Turn HTML checkbox inputs into the box characters a printed form shows.

    >>> fix_checkbox_inputs('<input type="checkbox"/> 否 <input type="checkbox" checked/> 是')
    '☐ 否 ☑ 是'
    >>> fix_checkbox_inputs('<INPUT TYPE=checkbox CHECKED> 是 <input type="text" value="checked">')
    '☑ 是 <input type="text" value="checked">'
    """
    return run(CHECKBOX_INPUTS, text)


# Only tags an HTML-to-text scrape leaves; ASCII angle brackets in prose are left alone.
_TAG_NAMES = "p|br|span|div|b|i|u|em|strong|font|sup|sub|a|img|table|tbody|thead|tr|td|th|li|ul|ol|h[1-6]|section|article"
_BLOCK = "p|div|li|h[1-6]"
_BLOCK_END = rf"/(?:{_BLOCK})\s*>\s*(?=<(?:{_BLOCK})\b)|br\s*/?>"
_TAG = rf"/?(?:{_TAG_NAMES})(?:\s[^<>]{{0,300}})?/?>"


_ANY_TAG = re.compile(f"<{_TAG}", re.I)  # closing block tags and <br> too


_SPACE_BEFORE_CLOSING_TAG = re.compile(r"<(?=/)(?<=\s<)")  # one literal to skip to, not two


HTML_TAGS = (
    # Whitespace before a closing block tag, the rarer case, goes first (and only where it occurs).
    # "\s\s*", not "\s+": a pattern that opens on one character class, not a repeat, lets `re`
    # skip to where it can start instead of trying every character.
    Rule(re.compile(rf"\s\s*(?=</(?:{_BLOCK})\s*>\s*<(?:{_BLOCK})\b)", re.I), "", "<",
         when=lambda t: _SPACE_BEFORE_CLOSING_TAG.search(t) is not None),
    # Between two block elements keep one space, so list items inside a table cell stay apart
    # without breaking the tab-separated row they live in; then every other tag goes. Two plain
    # substitutions rather than one pattern choosing its replacement in Python for each tag.
    Rule(re.compile(f"<(?:{_BLOCK_END})", re.I), " ", "<"),
    Rule(_ANY_TAG, "", "<", settle=_ANY_TAG),
)


def fix_html_tags(text: str) -> str:
    """Remove stray HTML tags from scraped text, keeping list items apart.

    >>> fix_html_tags("<p>生活类信息消费</p> <p>☐方向 1：数字创意内容和服务</p>")
    '生活类信息消费 ☐方向 1：数字创意内容和服务'
    """
    return run(HTML_TAGS, text)


_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# One pinyin syllable with a tone mark, in ASCII or full-width parentheses, right after a Han char.
_SYLLABLE = rf"(?=[a-zü{_TONED}]*[{_TONED}])[a-zü{_TONED}]{{1,6}}[)）]"
# A run of glosses goes whole: each one after the first follows a Han character once the one
# before it is gone.
PINYIN_GLOSSES = literal_rules("(（", rf"{{c}}(?<=[{HAN}]{{c}}){_SYLLABLE}(?:[(（]{_SYLLABLE})*", "", needs=_TONED)


def fix_pinyin_glosses(text: str) -> str:
    """Drop pinyin readings a web page glued after characters.

    >>> fix_pinyin_glosses("持續(xù)釋放內需，改革創(chuàng)新")
    '持續釋放內需，改革創新'
    >>> fix_pinyin_glosses("申报系统(www.example.cn)")
    '申报系统(www.example.cn)'
    """
    return run(PINYIN_GLOSSES, text)
