"""Word-level differences between two passages (jieba tokens), so 沉浸式 → 沉浸型 is one change."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_FOLD = re.compile(r"[\s\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65“”‘’\"'()\[\],.;:!?、—…·]+")


def fold(text: str) -> str:
    """Text without punctuation or whitespace: what wording comparisons look at."""
    return _FOLD.sub("", text)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(old words, new words) for every place the folded passages differ, on jieba word boundaries."""
    from extractor.nlp import segment

    a, b = fold(old), fold(new)
    sm = SequenceMatcher(None, a, b, autojunk=False)
    changes: list[tuple[str, str]] = []
    a_bounds, b_bounds = _bounds(segment(a)), _bounds(segment(b))
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        # Widen the change to whole words on both sides, by the same amount on both.
        left = max(i1 - _floor(a_bounds, i1), j1 - _floor(b_bounds, j1))
        right = max(_ceil(a_bounds, i2) - i2, _ceil(b_bounds, j2) - j2)
        if i2 - i1 + left + right < 2 and j2 - j1 + left + right < 2 and i1 and j1:
            # A one-character word (型/式, 性, 化) is an affix: show it with the word it qualifies.
            left = max(i1 - _floor(a_bounds, i1 - 1), j1 - _floor(b_bounds, j1 - 1))
        changes.append((a[max(0, i1 - left) : i2 + right], b[max(0, j1 - left) : j2 + right]))
    return changes


def _bounds(tokens: list[str]) -> list[int]:
    out, pos = [0], 0
    for t in tokens:
        pos += len(t)
        out.append(pos)
    return out


def _floor(bounds: list[int], pos: int) -> int:
    return max(b for b in bounds if b <= pos)


def _ceil(bounds: list[int], pos: int) -> int:
    return min((b for b in bounds if b >= pos), default=pos)
