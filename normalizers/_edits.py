"""Small helpers the fixes share: a `Rule` is one regex substitution that can also report its edits.

A rule runs in two modes from the same pattern and replacement: `apply` substitutes in C (what
`normalize` does on every document), `edits` lists the (start, end, replacement) triples (what the
offset map needs, computed only when a span is mapped back).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from normalizers.offsets import Edit

Repl = str | Callable[[re.Match[str]], str]


@dataclass(frozen=True)
class Rule:
    """`pattern.sub(repl)`, run only when one of `needs` occurs in the text (or `needs(text)` holds).

    `keep` leading characters of every match are context the pattern consumed to anchor itself
    (a search that starts on a literal such as "\\n" runs several times faster in `re`); the
    replacement starts with them unchanged, so the edit is reported without them.
    Patterns match only where the text changes, so a substitution count is an edit count.
    """

    pattern: re.Pattern[str]
    repl: Repl
    needs: tuple[str, ...] | Callable[[str], bool] = ()
    keep: int = 0

    def wanted(self, text: str) -> bool:
        # `in` runs at memory speed; most rules find nothing to do in most documents.
        if callable(self.needs):
            return self.needs(text)
        return not self.needs or any(map(text.__contains__, self.needs))

    def apply(self, text: str) -> tuple[str, int]:
        if isinstance(self.repl, str):
            return self.pattern.subn(self.repl, text)
        repl, n = self.repl, 0

        def counted(m: re.Match[str]) -> str:
            nonlocal n
            new = repl(m)
            if new != m.group(0):
                n += 1
            return new

        return self.pattern.sub(counted, text), n

    def edits(self, text: str) -> list[Edit]:
        edits: list[Edit] = []
        k = self.keep
        for m in self.pattern.finditer(text):
            new = self.repl(m) if callable(self.repl) else m.expand(self.repl)
            if new != m.group(0):
                edits.append((m.start() + k, m.end(), new[k:]))
        return edits


def run(rules: tuple[Rule, ...], text: str) -> str:
    for rule in rules:
        if rule.wanted(text):
            text = rule.apply(text)[0]
    return text


# Character classes used by several fixes.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
