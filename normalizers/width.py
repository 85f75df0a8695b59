"""Full-width letters and digits, and the indentation Word puts in full-width spaces."""

from __future__ import annotations

import re

from normalizers._edits import regex_edits, run
from normalizers.offsets import Edit

_FULLWIDTH_ALNUM = re.compile(r"[０-９Ａ-Ｚａ-ｚ]+")


def edits_fullwidth_alnum(text: str) -> list[Edit]:
    return regex_edits(_FULLWIDTH_ALNUM, lambda m: "".join(chr(ord(c) - 0xFEE0) for c in m.group(0)), text)


def fix_fullwidth_alnum(text: str) -> str:
    """Full-width ASCII letters and digits to half-width, so numbers parse.

    >>> fix_fullwidth_alnum("不超过１０个，５Ｇ应用")
    '不超过10个，5G应用'
    """
    return run(edits_fullwidth_alnum, text)


# Indentation: full-width or ordinary spaces at the start of a line. Tabs are table cells: kept.
_INDENT = re.compile(r"^[\u3000\u00a0 ]+", re.M)
_IDEOGRAPHIC_SPACE = re.compile(r"[\u3000\u00a0]+")


def edits_indentation(text: str) -> list[Edit]:
    edits = regex_edits(_INDENT, "", text)
    taken = {s for s, _, _ in edits}
    edits += [
        (m.start(), m.end(), " ")
        for m in _IDEOGRAPHIC_SPACE.finditer(text)
        if m.start() not in taken and not any(s <= m.start() < e for s, e, _ in edits)
    ]
    edits.sort()
    return edits


def fix_indentation(text: str) -> str:
    """Drop line-leading indentation and turn inner full-width spaces into ordinary ones.

    >>> fix_indentation("\\u3000\\u3000一、总体思路\\n附件：\\u30001.申报书")
    '一、总体思路\\n附件： 1.申报书'
    """
    return run(edits_indentation, text)
