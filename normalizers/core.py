"""`normalize(text)`: every fix in order, with a report of what ran and a map back to the original."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from normalizers import artifacts, punctuation, whitespace, width
from normalizers.offsets import Chain, Edit
from normalizers.script import ScriptFix, ScriptInfo, detect_script

# Larger than any notice by far; beyond it a regex pass could take minutes, so refuse.
MAX_CHARS = 8_000_000
_MAX_PASSES = 3


class Fix(Protocol):
    """One substitution: run in C when normalising, asked for its edits when a span is mapped back."""

    def wanted(self, text: str) -> bool: ...
    def apply(self, text: str) -> tuple[str, int]: ...
    def edits(self, text: str) -> list[Edit]: ...


@dataclass(frozen=True)
class Step:
    name: str
    why: str
    fixes: tuple[Fix, ...]


# Order matters: markup goes before punctuation is judged, script before spacing (spacing rules
# look at Han characters of either script, but the protected-name check needs the raw text),
# trailing spaces before broken lines (so a line's last character is its last visible one).
STEPS: list[Step] = [
    Step("word_markers", "Word export markers such as [bookmark: _GoBack]", artifacts.WORD_MARKERS),
    Step("checkbox_inputs", 'HTML <input type="checkbox"/> → ☐ / ☑', artifacts.CHECKBOX_INPUTS),
    Step("html_tags", "stray HTML tags from scraped pages", artifacts.HTML_TAGS),
    Step("pinyin_glosses", "pinyin readings glued after characters: 持續(xù) → 持續", artifacts.PINYIN_GLOSSES),
    Step("indentation", "full-width space indentation", width.INDENTATION),
    Step("fullwidth_alnum", "full-width letters and digits → half-width", width.FULLWIDTH_ALNUM),
    Step("ascii_punctuation", "ASCII ,;:() in Chinese text → ，；：（）", punctuation.ASCII_PUNCTUATION),
    Step("number_dashes", "dashes inside numbers → hyphen (010—68208246)", punctuation.NUMBER_DASHES),
    Step("cjk_spaces", "layout spaces inside Chinese text (2023 年 → 2023年)", whitespace.CJK_SPACES),
    Step("blank_lines", "trailing spaces and runs of blank lines", whitespace.BLANK_LINES),
    Step("broken_lines", "sentences split by page or column breaks joined", whitespace.BROKEN_LINES),
]


@dataclass
class StepReport:
    name: str
    count: int
    why: str


@dataclass
class NormalizedText:
    text: str
    original: str
    steps: list[StepReport] = field(default_factory=list)
    script: str = "simplified"
    opencc_config: str | None = None
    alignment: Chain | None = None

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


def _script_step(info: ScriptInfo) -> Step:
    config = info.config or ""
    return Step("script", f"{info.script} → simplified with OpenCC {config}", (ScriptFix(config, info.traditional_chars),))


def normalize(text: str) -> NormalizedText:
    """Clean Simplified text from a notice's raw text, with the steps taken and an offset map.

    >>> n = normalize("持續(xù)釋放內需潛力, 著眼消費")
    >>> n.text
    '持续释放内需潜力，着眼消费'
    >>> n.original_text(4, 8)
    '內需潛力'
    """
    original = _check(text)
    info = detect_script(original)
    steps = list(STEPS)
    if info.config:
        steps.insert(4, _script_step(info))
    fixes = [(step.name, fix) for step in steps for fix in step.fixes]
    counts: dict[str, int] = {}
    alignment = Chain(len(original))
    current = original
    # Some fixes enable others (a removed tag leaves a space to drop), so run to a fixed point;
    # a fix is run again only if the text changed since it last looked at it. Conversion runs
    # once: nothing after it makes Traditional characters.
    version = 0
    seen = [-1] * len(fixes)
    for _ in range(_MAX_PASSES):
        for i, (name, fix) in enumerate(fixes):
            if seen[i] == version:
                continue
            first_look = seen[i] < 0
            seen[i] = version  # what the fix looked at; its own edits may enable more of its own
            if not fix.wanted(current) or (isinstance(fix, ScriptFix) and not first_look):
                continue
            fixed, n = fix.apply(current)
            if n:
                counts[name] = counts.get(name, 0) + n
                alignment.append(fix, current, len(fixed))
                current = fixed
                version += 1
        if all(v == version for v in seen):
            break
    reports = [StepReport(s.name, counts[s.name], s.why) for s in steps if s.name in counts]
    return NormalizedText(current, original, reports, info.script, info.config, alignment)


def fix_and_explain(text: str) -> tuple[str, list[StepReport]]:
    """ftfy-style: the fixed text and the fixes that changed something, with counts."""
    result = normalize(text)
    return result.text, result.steps
