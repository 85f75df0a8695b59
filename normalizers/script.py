"""Script detection and Traditional → Simplified conversion with OpenCC, protecting proper nouns."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar

from normalizers.census import Census, Tally
from normalizers.offsets import Edit

# Characters whose Hong Kong and Taiwan standard forms differ: they tell the two conventions apart.
_HK_MARKS = frozenset("綫裏衞啓峯爲僞羣着眞痴嘆鈎")
_TW_MARKS = frozenset("線裡衛啟峰為偽群著真癡歎鉤")
_HAN_RANGES = ((0x3400, 0x9FFF), (0xF900, 0xFAFF))
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=8)
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def convert(text: str, config: str) -> str:
    return _converter(config).convert(text)


@dataclass(frozen=True)
class ScriptInfo:
    script: str  # simplified | traditional | mixed | none
    config: str | None  # the OpenCC configuration to use, None when nothing to convert
    traditional_chars: int
    simplified_chars: int


# The verdicts on most texts, made once (a frozen dataclass is slow to build).
_SIMPLIFIED = ScriptInfo("simplified", None, 0, 0)
_NO_HAN = ScriptInfo("none", None, 0, 0)


@lru_cache(maxsize=8)
def changed_by(config: str) -> str:
    """The Han characters that OpenCC `config` converts on their own."""
    chars = [chr(c) for lo, hi in _HAN_RANGES for c in range(lo, hi + 1)]
    out = convert("\n".join(chars), config).split("\n")
    return "".join(c for c, o in zip(chars, out, strict=True) if o != c)


def script_classes() -> dict[str, str | Callable[[], str]]:
    """The characters detection counts: those t2s converts (Traditional), those s2t converts
    (Simplified; worked out only once a text has Traditional ones), and the marks of the Hong
    Kong and Taiwan standards."""
    return {"t2s": changed_by("t2s"), "s2t": lambda: changed_by("s2t"), "hk": "".join(_HK_MARKS), "tw": "".join(_TW_MARKS)}


@lru_cache(maxsize=1)
def _census() -> Census:
    return Census(script_classes())


def detect_script(text: str, tally: Tally | None = None) -> ScriptInfo:
    """Tell Simplified from Traditional (Taiwan or Hong Kong standard) by the characters used.

    `tally`, when given, is a census of the text that counts at least `script_classes()` (the one
    `normalize` takes), so the text is not looked at again.

    >>> detect_script("著眼消費、著力供給").config
    'tw2s'
    >>> detect_script("着眼消费、着力供给").script
    'simplified'
    """
    if tally is None:
        tally = _census().take(text)
    trad = tally.count("t2s")
    if not trad:
        return _SIMPLIFIED if _HAN.search(text) is not None else _NO_HAN
    simp = tally.count("s2t")
    total = trad + simp
    if simp / total >= 0.1 and trad / total >= 0.1:
        return ScriptInfo("mixed", "t2s", trad, simp)
    if trad > simp:
        hk, tw = tally.count("hk"), tally.count("tw")
        return ScriptInfo("traditional", "hk2s" if hk > tw else "tw2s", trad, simp)
    # Simplified with a few stray Traditional characters: convert those too.
    return ScriptInfo("simplified", "t2s", trad, simp)


@lru_cache(maxsize=8)
def _damage_map(config: str) -> dict[str, str]:
    """Damaged form → protected name, for the names this configuration would damage."""
    from corpora import protected_terms

    damaged: dict[str, str] = {}
    terms = protected_terms()
    for variant in ("", "s2t", "s2tw", "s2hk"):
        sources = [convert(t, variant) if variant else t for t in terms]
        joined = convert("\n".join(sources), config).split("\n")
        for term, src, out in zip(terms, sources, joined, strict=False):
            if out != term and len(out) == len(term):
                damaged.setdefault(out, term)
                if src != term and convert(src, config) != term:
                    damaged.setdefault(src, term)
    return damaged


@lru_cache(maxsize=1)
def damage_sources() -> str:
    """The characters whose conversion damages a protected name, in any configuration we use:
    where none occurs, there is nothing to protect."""
    from corpora import protected_terms

    sources: set[str] = set()
    for config in ("t2s", "tw2s", "hk2s"):
        for variant in ("", "s2t", "s2tw", "s2hk"):
            for term in protected_terms():
                src = convert(term, variant) if variant else term
                out = convert(src, config)
                sources.update(a for a, b, c in zip(src, out, term, strict=False) if b != c)
    return "".join(sorted(sources))


@lru_cache(maxsize=8)
def _damage_pattern(config: str) -> re.Pattern[str] | None:
    damaged = _damage_map(config)
    if not damaged:
        return None
    return re.compile("|".join(re.escape(k) for k in sorted(damaged, key=len, reverse=True)))


def _protect(original: str, converted: str, config: str) -> str:
    """Put back protected names that conversion damaged (乾安县 must not become 干安县)."""
    pattern = _damage_pattern(config)
    if pattern is None:
        return converted
    damaged = _damage_map(config)
    out: list[str] | None = None  # a list of the characters costs ~20 ns each: made at the first repair
    for m in pattern.finditer(converted):
        src = original[m.start() : m.end()]
        if src == m.group(0):
            continue  # the source itself says 干安县: not ours to change
        name = damaged.get(m.group(0))
        if name and len(name) == m.end() - m.start():
            if out is None:
                out = list(converted)
            out[m.start() : m.end()] = name
    return converted if out is None else "".join(out)


@dataclass(frozen=True)
class ScriptFix:
    """OpenCC conversion as a fix: `apply` converts, `edits` says which runs changed."""

    config: str
    count: int  # Traditional characters found by detection: what the report counts
    protect: bool = True  # False when no character that damages a protected name occurs
    needs: ClassVar[None] = None  # normalize decides itself whether to convert
    when: ClassVar[None] = None

    def apply(self, text: str) -> tuple[str, int, bool]:
        converted = self._whole(text)
        if converted is None:
            converted = "\n".join(map(self._line, text.split("\n")))
        return converted, (self.count if converted != text else 0), False

    def _whole(self, text: str) -> str | None:
        """The text converted in one go, or None where that changes its length (then line by
        line, so the offset map stays exact outside the lines that changed length)."""
        converted = convert(text, self.config)
        if len(converted) != len(text):
            return None
        return _protect(text, converted, self.config) if self.protect else converted

    def _line(self, line: str) -> str:
        converted = convert(line, self.config)
        return _protect(line, converted, self.config) if line and self.protect else converted

    def edits(self, text: str) -> list[Edit]:
        """Edits converting `text`, line by line where lengths would change."""
        converted = self._whole(text)
        if converted is not None:
            return _diff_runs(text, converted, 0)
        edits: list[Edit] = []
        pos = 0
        for line in text.split("\n"):
            out = self._line(line)
            if out != line:
                if len(out) == len(line):
                    edits.extend(_diff_runs(line, out, pos))
                else:
                    edits.append((pos, pos + len(line), out))
            pos += len(line) + 1
        return edits


def _diff_runs(a: str, b: str, base: int) -> list[Edit]:
    """Edits for the runs where two equal-length strings differ."""
    edits: list[Edit] = []
    i, n = 0, len(a)
    while i < n:
        if a[i] == b[i]:
            i += 1
            continue
        j = i
        while j < n and a[j] != b[j]:
            j += 1
        edits.append((base + i, base + j, b[i:j]))
        i = j
    return edits
