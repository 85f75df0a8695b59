"""Full-width letters and digits, and the indentation Word puts in full-width spaces."""

from __future__ import annotations

import re

from normalizers._edits import Rule, literal_rules, run

_FULLWIDTH = "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ"
_HALF_WIDTH = {ord(c): ord(c) - 0xFEE0 for c in _FULLWIDTH}  # the full-width forms sit 0xFEE0 above ASCII
FULLWIDTH_ALNUM = (
    Rule(re.compile(r"[０-９Ａ-Ｚａ-ｚ][０-９Ａ-Ｚａ-ｚ]*"), lambda m: m.group(0).translate(_HALF_WIDTH), _FULLWIDTH),
)


def fix_fullwidth_alnum(text: str) -> str:
    """Full-width ASCII letters and digits to half-width, so numbers parse.

    >>> fix_fullwidth_alnum("不超过１０个，５Ｇ应用")
    '不超过10个，5G应用'
    """
    return run(FULLWIDTH_ALNUM, text)


# Indentation: full-width or ordinary spaces at the start of a line. Tabs are table cells: kept.
# Anchored on the line break ("\n" is kept) so `re` can skip from line to line.
_INDENT_CHARS = "[\u3000\u00a0 ]"
INDENTATION = (
    Rule(re.compile(rf"\A{_INDENT_CHARS}+"), "", when=lambda t: t.startswith((" ", "\u3000", "\u00a0"))),
    Rule(re.compile(rf"\n{_INDENT_CHARS}+"), "\n", keep=1),
)
# Inner full-width and no-break spaces become ordinary ones, so the spacing fixes after these see
# only " ". Indentation is gone by then: none of them is at a line start, and none is put there.
WIDE_SPACES = literal_rules("\u3000\u00a0", "{c}[\u3000\u00a0]*", " ")


def fix_indentation(text: str) -> str:
    """Drop line-leading indentation and turn inner full-width spaces into ordinary ones.

    >>> fix_indentation("\\u3000\\u3000一、总体思路\\n附件：\\u30001.申报书")
    '一、总体思路\\n附件： 1.申报书'
    """
    return run(WIDE_SPACES, run(INDENTATION, text))
