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
    """`pattern.sub(repl)`, run only when the text holds one of the characters in `needs`.

    `needs` is checked against the census `normalize` takes of the text once (the characters
    that any fix needs which occur in it): most fixes have nothing to do in most documents.
    `None` always runs. `when`, a further test of the text, is asked only after `needs` holds
    (a search for one character is far faster than one for two: "\t" before "\t\n").
    `keep` leading characters of every match are context the pattern consumed to anchor itself
    (`re` skips to a literal first character far faster than to a character class); the
    replacement starts with them unchanged, so the edit is reported without them.
    Patterns match only where the text changes, so a substitution count is an edit count; a
    replacement function that may decline (return the match unchanged) says so with `declines`.
    A rule whose edits can make more work for itself says how to tell, as `settle`: a pattern to
    look for in its output, or a function of the output and where it edited (only a `declines`
    rule knows where) that says whether it must run again. A settle pattern, like the rule's own,
    matches only where one of `needs` occurs: once they are all gone it is not looked for.
    """

    pattern: re.Pattern[str]
    repl: Repl
    needs: str | None = None
    keep: int = 0
    declines: bool = False
    settle: re.Pattern[str] | Callable[[str, list[int]], bool] | None = None
    when: Callable[[str], bool] | None = None

    def wanted(self, text: str) -> bool:
        """Whether the text gives the rule anything to look at (`normalize` asks its census)."""
        if self.needs is not None and not any(map(text.__contains__, self.needs)):
            return False
        return self.when is None or self.when(text)

    def apply(self, text: str) -> tuple[str, int, bool]:
        """The fixed text, the number of edits, and whether the rule must look at its output again."""
        at: list[int] = []  # where the edits landed in the output, when a function makes them
        if self.declines:
            repl, shift = self.repl, 0

            def tracked(m: re.Match[str]) -> str:
                nonlocal shift
                new = repl(m) if callable(repl) else m.expand(repl)
                if new != m.group(0):
                    at.append(m.start() + shift)
                    shift += len(new) - (m.end() - m.start())
                return new

            fixed, n = self.pattern.sub(tracked, text), len(at)
        else:
            fixed, n = self.pattern.subn(self.repl, text)
        if not n or self.settle is None:
            return fixed, n, False
        if isinstance(self.settle, re.Pattern):
            if self.needs is not None and not any(map(fixed.__contains__, self.needs)):
                return fixed, n, False
            return fixed, n, self.settle.search(fixed) is not None
        return fixed, n, self.settle(fixed, at)

    def edits(self, text: str) -> list[Edit]:
        edits: list[Edit] = []
        k = self.keep
        for m in self.pattern.finditer(text):
            new = self.repl(m) if callable(self.repl) else m.expand(self.repl)
            if new != m.group(0):
                edits.append((m.start() + k, m.end(), new[k:]))
        return edits


def run(rules: tuple[Rule, ...], text: str) -> str:
    """The rules in order until none changes anything (one can make work for one before it)."""
    for _ in range(50):  # every edit shortens the text or moves a character one way: this only guards
        before = text
        for rule in rules:
            again = rule.wanted(text)
            while again:
                text, _, again = rule.apply(text)
        if text == before:
            break
    return text


def literal_rules(chars: str, pattern: str, repl: Repl, needs: str | None = None) -> tuple[Rule, ...]:
    """One rule per character, each starting on that literal (`{c}` in `pattern` stands for it)."""
    return tuple(Rule(re.compile(pattern.replace("{c}", re.escape(c))), repl, needs or c) for c in chars)


# Character classes used by several fixes.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
