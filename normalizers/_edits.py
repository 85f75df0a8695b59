"""Small helpers the fixes share: regex substitutions that report their edits."""

from __future__ import annotations

import re
from collections.abc import Callable

from normalizers.offsets import Edit, apply_edits

Repl = str | Callable[[re.Match[str]], str]


def regex_edits(pattern: re.Pattern[str], repl: Repl, text: str) -> list[Edit]:
    """Edits that `pattern.sub(repl, text)` would make, skipping matches it would leave alone."""
    edits: list[Edit] = []
    for m in pattern.finditer(text):
        new = repl(m) if callable(repl) else m.expand(repl)
        if new != m.group(0):
            edits.append((m.start(), m.end(), new))
    return edits


def run(edit_fn: Callable[[str], list[Edit]], text: str) -> str:
    return apply_edits(text, edit_fn(text))


# Character classes used by several fixes.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
