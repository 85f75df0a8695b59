"""`normalize(text)`: every fix in order, with a report of what ran and a map back to the original."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Protocol

from normalizers import artifacts, punctuation, whitespace, width
from normalizers._edits import Rule
from normalizers.census import Census, Tally
from normalizers.offsets import Chain, Edit
from normalizers.script import ScriptFix, ScriptInfo, damage_sources, detect_script, script_classes

# Larger than any notice by far; beyond it a regex pass could take minutes, so refuse.
MAX_CHARS = 8_000_000
# Every edit shortens the text or moves a character one way (ASCII to Chinese punctuation,
# full-width to half-width) and conversion runs once, so the loop ends; this only guards it.
_MAX_PASSES = 50
# A fix that looks again first checks its characters are still there, when there are few.
_RECHECK = 6


class Fix(Protocol):
    """One substitution: run in C when normalising, asked for its edits when a span is mapped back.
    `needs`: characters one of which must occur, or None; `when`: a further test (see Rule)."""

    @property
    def needs(self) -> str | None: ...
    @property
    def when(self) -> Callable[[str], bool] | None: ...
    def apply(self, text: str) -> tuple[str, int, bool]: ...
    def edits(self, text: str) -> list[Edit]: ...


@dataclass(frozen=True)
class Step:
    """A named fix. `reopened_by` names the later steps whose edits can make work for it; a step
    that declares them leaves none of its own (a rule with `settle` reruns itself while it has
    some), so other changes after it do not send it over the text again. None: any change does."""

    name: str
    why: str
    fixes: tuple[Fix, ...]
    reopened_by: frozenset[str] | None = None


_SETTLED: frozenset[str] = frozenset()


# Order matters: markup goes before punctuation is judged, script before spacing (spacing rules
# look at Han characters of either script, but the protected-name check needs the raw text),
# trailing spaces before broken lines (so a line's last character is its last visible one),
# broken lines before Chinese spacing (a joined line can lengthen the words beside a space).
# What can reopen a step, and why nothing else can: a pinyin gloss is completed only by its
# full-width letters made ASCII ("持(ｘù)") or by a space dropped before its bracket ("持續 （xù）")
# (conversion changes Han characters only; a bracket made full-width was a gloss's bracket
# already; nothing else writes Han or letters, joins a line that starts with a bracket, or drops
# what stands between a character and a bracket); after indentation nothing puts spaces at a line
# start (a wide space made ordinary stays where it is; a removed space had Chinese before it; a
# joined or collapsed break has text after it); nothing writes full-width letters or wide spaces;
# a converted separator can put Chinese before a bracket ("著:(xù)"), and joining lines can close
# up a bracketed run around a break; a separator converts with the rest of its run and nothing
# later puts Chinese before one (a line that starts with one is never joined to the line before);
# dropping the space in "1 —2" makes a number dash; trailing spaces and blank runs are not made by
# joining lines or dropping spaces inside them; dropping spaces inside a line neither shortens it
# below what joined it nor changes its ends or labels; cjk_spaces is last.
STEPS: list[Step] = [
    Step("word_markers", "Word export markers such as [bookmark: _GoBack]", artifacts.WORD_MARKERS),
    Step("checkbox_inputs", 'HTML <input type="checkbox"/> → ☐ / ☑', artifacts.CHECKBOX_INPUTS),
    Step("html_tags", "stray HTML tags from scraped pages", artifacts.HTML_TAGS),
    Step("pinyin_glosses", "pinyin readings glued after characters: 持續(xù) → 持續", artifacts.PINYIN_GLOSSES,
         frozenset({"fullwidth_alnum", "cjk_spaces"})),
    Step("script", "Traditional → Simplified with OpenCC", ()),  # its fix depends on the text: detect_script
    Step("indentation", "full-width space indentation", width.INDENTATION, _SETTLED),
    Step("wide_spaces", "full-width and no-break spaces inside lines → ordinary spaces", width.WIDE_SPACES, _SETTLED),
    Step("fullwidth_alnum", "full-width letters and digits → half-width", width.FULLWIDTH_ALNUM, _SETTLED),
    Step("ascii_brackets", "ASCII () around or inside Chinese text → （）", punctuation.ASCII_BRACKETS,
         frozenset({"ascii_separators", "broken_lines"})),
    Step("ascii_separators", "ASCII ,;:?! after Chinese text → ，；：？！", punctuation.ASCII_SEPARATORS, _SETTLED),
    Step("number_dashes", "dashes inside numbers → hyphen (010—68208246)", punctuation.NUMBER_DASHES,
         frozenset({"cjk_spaces"})),
    Step("blank_lines", "trailing spaces and runs of blank lines", whitespace.BLANK_LINES, _SETTLED),
    Step("broken_lines", "sentences split by page or column breaks joined", whitespace.BROKEN_LINES, _SETTLED),
    Step("cjk_spaces", "layout spaces inside Chinese text (2023 年 → 2023年)", whitespace.CJK_SPACES, _SETTLED),
]


@dataclass(frozen=True)
class _Row:
    """A fix in running order, with what decides whether it runs and whether it looks again."""

    index: int
    name: str  # its step's
    fix: Fix | None  # None: conversion, whose fix depends on the text
    gate: frozenset[str] | None  # the characters of `needs`; None: always runs
    recheck: tuple[str, ...]  # few characters: look again only if one is still in the text
    reopeners: frozenset[int]  # rows whose edits can make work for it (earlier ones, siblings, reopening steps)
    # A substitution whose replacement never declines is called straight in C, `subn(text)`, and
    # asks its settle pattern, if it has one, of the result (if one of its characters is left).
    subn: Callable[[str], tuple[str, int]] | None
    settle: re.Pattern[str] | None


def _subn(fix: Fix | None) -> tuple[Callable[[str], tuple[str, int]] | None, re.Pattern[str] | None]:
    if isinstance(fix, Rule) and not fix.declines and not callable(fix.settle):
        return partial(fix.pattern.subn, fix.repl), fix.settle
    return None, None


@lru_cache(maxsize=1)
def _plan() -> tuple[tuple[_Row, ...], tuple[int, ...], dict[int, tuple[int, ...]]]:
    """Every fix as a row; the rows that always run; the rows each character (code point) wakes."""
    pairs = [(step, fix) for step in STEPS for fix in (step.fixes or (None,))]
    rows: list[_Row] = []
    for k, (step, fix) in enumerate(pairs):
        gate = None if fix is None or fix.needs is None else frozenset(fix.needs)
        reopen = step.reopened_by
        # Conversion runs once (tw2s on its own output turns 显著 into 显着): nothing reopens it.
        reopeners = frozenset() if fix is None else frozenset(
            j for j, (other, _) in enumerate(pairs)
            if j != k and (reopen is None or j < k or other is step or other.name in reopen)
        )
        recheck = tuple(sorted(gate)) if gate is not None and len(gate) <= _RECHECK else ()
        rows.append(_Row(k, step.name, fix, gate, recheck, reopeners, *_subn(fix)))
    always = tuple(k for k, row in enumerate(rows) if row.gate is None)
    woken: dict[int, list[int]] = {}
    for k, row in enumerate(rows):
        for c in row.gate or ():
            woken.setdefault(ord(c), []).append(k)
    return tuple(rows), always, {c: tuple(ks) for c, ks in woken.items()}


@lru_cache(maxsize=256)
def _running(present: frozenset[int], converting: bool) -> tuple[tuple[_Row, ...], tuple[tuple[int, ...], ...]]:
    """The rows to run on a text, in order: those whose `needs` it holds (given as the code points
    of any fix's `needs` that occur in it), and conversion if it converts; and for each, which of
    them its edits can make work for (their places in the order). A few such sets cover most
    texts, so each is worked out once."""
    rows, always, woken = _plan()
    wanted = set(always).union(*(woken[c] for c in present))
    running = tuple(row for row in rows if row.index in wanted and (converting or row.fix is not None))
    wakes = tuple(tuple(j for j, other in enumerate(running) if row.index in other.reopeners) for row in running)
    return running, wakes


@lru_cache(maxsize=1)
def _census() -> Census:
    """Everything any fix needs, the characters whose conversion damages a protected name, and the
    characters script detection counts."""
    return Census({"needs": "".join(map(chr, _plan()[2])), "damage": damage_sources, **script_classes()})


@dataclass
class StepReport:
    name: str
    count: int
    why: str


@dataclass
class NormalizedText:
    text: str
    original: str
    counts: dict[str, int] = field(default_factory=dict)  # edits made, by the name of the step
    script: str = "simplified"
    opencc_config: str | None = None
    alignment: Chain | None = None

    @property
    def steps(self) -> list[StepReport]:
        """The steps that changed something, in running order, with their counts and why they ran
        (made when asked: most callers want only the text)."""
        counts = self.counts
        return [StepReport(s.name, counts[s.name], _why(s, self)) for s in STEPS if s.name in counts]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that output span [start, end) came from."""
        if self.alignment is None:
            return start, end
        return self.alignment.map_span(start, end)

    def original_text(self, start: int, end: int) -> str:
        s, e = self.to_original(start, end)
        return self.original[s:e]

    def explain(self) -> list[str]:
        lines = [f"script: {self.script}" + (f" (OpenCC {self.opencc_config})" if self.opencc_config else "")]
        lines += [f"{r.name}: {r.count} ({r.why})" for r in self.steps]
        return lines


def _check(text: object) -> str:
    if isinstance(text, bytes):
        raise TypeError(
            "normalize() needs str, not bytes: read files with extractor.readers.read(path), "
            "or decode the bytes first (data.decode('utf-8'))"
        )
    if not isinstance(text, str):
        raise TypeError(f"normalize() needs str, not {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise ValueError(
            f"text of {len(text):,} characters is longer than the {MAX_CHARS:,} a notice can be; split it first"
        )
    return text


def _script_fix(info: ScriptInfo, tally: Tally) -> ScriptFix:
    # Names need protecting only where a character whose conversion damages one occurs.
    return ScriptFix(info.config or "", info.traditional_chars, protect=tally.count("damage") > 0)


def normalize(text: str) -> NormalizedText:
    """Clean Simplified text from a notice's raw text, with the steps taken and an offset map.

    >>> n = normalize("持續(xù)釋放內需潛力, 著眼消費")
    >>> n.text
    '持续释放内需潜力，着眼消费'
    >>> n.original_text(4, 8)
    '內需潛力'
    """
    original = _check(text)
    # One scan tells which fixes have anything to look at and whether there is Traditional text.
    # Fixes only remove those characters or write others, so the census stays a superset.
    tally = _census().take(original)
    info = detect_script(original, tally)
    # Fixes whose characters are absent are left out once: the census only over-counts later.
    rows, wakes = _running(tally.codes("needs"), info.config is not None)
    conversion = _script_fix(info, tally) if info.config else None
    counts: dict[str, int] = {}
    alignment = Chain(len(original))
    current = original
    # Some fixes enable others (a removed tag leaves a space to drop), so run to a fixed point:
    # every row looks once, and again only after a fix before it, a sibling or a step that can
    # reopen it has changed the text (its own edits it has settled), and only if its characters
    # are still in the text when there are few to check ("<" once the tags are out).
    todo = [True] * len(rows)
    looked = [False] * len(rows)
    for _ in range(_MAX_PASSES):
        for i, row in enumerate(rows):
            if not todo[i]:
                continue
            todo[i] = False
            if not looked[i]:
                looked[i] = True
            elif row.recheck and not any(map(current.__contains__, row.recheck)):
                continue
            fix = conversion if row.fix is None else row.fix
            if fix.when is not None and not fix.when(current):
                continue
            edited, again = False, True
            while again:  # a fix that makes work for itself runs until it has none
                if row.subn is not None:
                    fixed, n = row.subn(current)
                    again = (n > 0 and row.settle is not None
                             and (not row.recheck or any(map(fixed.__contains__, row.recheck)))
                             and row.settle.search(fixed) is not None)
                else:
                    fixed, n, again = fix.apply(current)
                if not n:
                    break
                counts[row.name] = counts.get(row.name, 0) + n
                alignment.append(fix, current, len(fixed))
                current, edited = fixed, True
            if edited:
                for j in wakes[i]:
                    todo[j] = True
        if not any(todo):  # every row has looked at the text as it now is, or cannot find work in it
            break
    return NormalizedText(current, original, counts, info.script, info.config, alignment)


def _why(step: Step, result: NormalizedText) -> str:
    if step.name == "script":
        return f"Traditional characters in {result.script} text, converted with OpenCC {result.opencc_config}"
    return step.why


def fix_and_explain(text: str) -> tuple[str, list[StepReport]]:
    """ftfy-style: the fixed text and the fixes that changed something, with counts."""
    result = normalize(text)
    return result.text, result.steps
