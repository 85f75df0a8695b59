"""The comparison rows of `extractor eval`: the computed diffs against hand-written gold diffs.

A gold diff (fixtures/gold/diffs/*.json) is {"scored": [...], "why": [...], "diff": PolicyDiff}.
Its sides are named by label: a notice file's stem, with "#forwarded" for the national notice
inside a forward.

Directions are scored as aligned pairs (old title, new title), with "∅" for the missing side
of an addition or removal. A gold entry marked ambiguous has no right pair: every reading it
lists is acceptable, so predicted pairs among them are left out of the clear score, and the
"all" row adds one item per ambiguous direction, found when the comparison also marks that
direction ambiguous. Quota, city, deadline and requirement changes are scored as sets of keys.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from extractor.evaluate import Score
from extractor.textdiff import fold
from models.diff import DirectionChange, PolicyDiff

ROOT = Path(__file__).resolve().parent.parent.parent
GOLD_DIR = ROOT / "fixtures" / "gold" / "diffs"
TEXT_DIRS = (ROOT / "corpora" / "notices", ROOT / "fixtures" / "notices")
NONE = "∅"
ROWS = ("compare: direction pairs (clear)", "compare: directions incl. ambiguous", "compare: quota changes",
        "compare: city changes", "compare: deadlines & requirements", "compare: wording changes")


@dataclass
class GoldCase:
    name: str
    scored: list[str]
    diff: PolicyDiff


def gold_cases() -> list[GoldCase]:
    out = []
    for path in sorted(GOLD_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out.append(GoldCase(path.stem, list(data.get("scored", [])), PolicyDiff.model_validate(data["diff"])))
    return out


def document_of(label: str) -> tuple[Path, str]:
    """The file and layer a gold label names: 002_… #forwarded → (002_….txt, "forwarded")."""
    stem, _, layer = label.partition("#")
    doc = next((d / f"{stem}.txt" for d in TEXT_DIRS if (d / f"{stem}.txt").exists()), None)
    if doc is None:
        raise FileNotFoundError(f"no notice file for gold label {label!r}")
    return doc, layer or "outer"


@lru_cache(maxsize=32)
def _side(label: str) -> Any:
    from extractor.compare import sides_of_file

    doc, layer = document_of(label)
    return sides_of_file(doc, layer=layer)[0]


def predict(case: GoldCase) -> PolicyDiff:
    from extractor.compare import compare_sides

    assert case.diff.old is not None and case.diff.new is not None
    return compare_sides(_side(case.diff.old.label), _side(case.diff.new.label), mode=case.diff.mode)


def _links(c: DirectionChange) -> list[tuple[str, str]]:
    olds = [fold(t) for t in c.old] or [NONE]
    news = [fold(t) for t in c.new] or [NONE]
    return [(o, n) for o in olds for n in news]


def _subject(c: DirectionChange) -> tuple[str, str]:
    return ("old", fold(c.old[0])) if c.old and not c.new else ("new", fold(c.new[0] if c.new else ""))


def direction_keys(gold: PolicyDiff, pred: PolicyDiff, case: str) -> dict[str, tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]]:
    """(predicted, gold) keys for the clear row and the row with ambiguity."""
    acceptable: set[tuple[str, str]] = set()
    for g in gold.directions:
        if g.ambiguous:
            acceptable.update(_links(g))
            for cand in g.candidates:
                acceptable.update(_links(DirectionChange(change=cand.change, old=cand.old, new=cand.new)))
    gold_clear = [(case, *link) for g in gold.directions if not g.ambiguous for link in _links(g)]
    pred_clear = [(case, *link) for p in pred.directions for link in _links(p) if link not in acceptable]
    gold_amb = [(case, "ambiguous", *_subject(g)) for g in gold.directions if g.ambiguous]
    pred_amb = [(case, "ambiguous", *_subject(p)) for p in pred.directions if p.ambiguous]
    return {"clear": (pred_clear, gold_clear), "all": (pred_clear + pred_amb, gold_clear + gold_amb)}


def _units(s: str | None) -> str:
    return "、".join(sorted(u for u in (s or "").split("、") if u))


def quota_keys(d: PolicyDiff, case: str) -> list[tuple[Any, ...]]:
    return [(case, q.change, _units(q.recommender), fold(q.direction or ""), q.extra, q.old_limit, q.new_limit)
            for q in d.quotas if q.change != "unchanged"]


def city_keys(d: PolicyDiff, case: str) -> list[tuple[Any, ...]]:
    c = d.cities
    keys: list[tuple[Any, ...]] = [(case, "added", x.name, x.tier) for x in c.added]
    keys += [(case, "removed", x.name, x.tier) for x in c.removed]
    keys += [(case, "tier", x.name, x.old_tier, x.new_tier) for x in c.tier_changed]
    keys += [(case, "declared", x.tier, x.old, x.new) for x in c.declared_counts]
    if c.list_only_in:
        keys.append((case, "list_only_in", c.list_only_in))
    return keys


def rule_keys(d: PolicyDiff, case: str) -> list[tuple[Any, ...]]:
    keys: list[tuple[Any, ...]] = [(case, "deadline", x.change, x.old, x.new) for x in d.deadlines if x.change != "unchanged"]
    keys += [(case, "requirement", r.field, r.change, r.old, r.new) for r in d.requirements]
    return keys


def wording_keys(d: PolicyDiff, case: str) -> list[tuple[Any, ...]]:
    return [(case, w.old, w.new) for t in d.text_changes for w in t.words]


def scores(cases: Iterable[GoldCase] | None = None) -> dict[str, Score]:
    out = {name: Score() for name in ROWS}
    for case in gold_cases() if cases is None else cases:
        pred, gold = predict(case), case.diff
        if "directions" in case.scored:
            keys = direction_keys(gold, pred, case.name)
            out[ROWS[0]].add(*keys["clear"], label=case.name)
            out[ROWS[1]].add(*keys["all"], label=case.name)
        if "quotas" in case.scored:
            out[ROWS[2]].add(quota_keys(pred, case.name), quota_keys(gold, case.name), case.name)
        if "cities" in case.scored:
            out[ROWS[3]].add(city_keys(pred, case.name), city_keys(gold, case.name), case.name)
        if "deadlines" in case.scored or "requirements" in case.scored:
            out[ROWS[4]].add(rule_keys(pred, case.name), rule_keys(gold, case.name), case.name)
        if "text_changes" in case.scored:
            out[ROWS[5]].add(wording_keys(pred, case.name), wording_keys(gold, case.name), case.name)
    return out


def rows() -> list[tuple[str, Score]]:
    """The rows `extractor eval` adds for the comparison."""
    return list(scores().items())
