"""`extractor eval`: precision, recall and F1 per record type against the hand-written gold notices.

Every gold file in fixtures/gold/ is compared with the extractor's reading of its document, as
text and, where a rendered PDF exists in fixtures/pdf/, as PDF. Records are compared as sets of
keys (a direction is its number, title and category; a quota its recommender, limit, direction and
extra flag ...), so a record half right counts as a miss and a false hit.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models import Notice

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "fixtures" / "gold"
TEXT_DIRS = (ROOT / "corpora" / "notices", ROOT / "fixtures" / "notices")
PDF_DIR = ROOT / "fixtures" / "pdf"
RECORD_TYPES = ("head", "categories", "directions", "thresholds", "quotas", "cities", "deadlines", "contacts",
                "attachments", "other")
_HEAD_FIELDS = ("issuer", "doc_number", "title", "year", "level", "program", "date", "disclosure")


def _t(s: object) -> str:
    """Text compared without spaces and with one form of brackets and quotes."""
    if s is None:
        return ""
    s = re.sub(r"\s+", "", str(s))
    return s.translate(str.maketrans("()“”「」", "（）\"\"\"\""))


def _recommender(s: str) -> str:
    s = _t(s)
    s = re.sub(r"工业和信息化主管部门|主管部门", "", s)
    s = re.sub(r"^各|(?<=、)各", "", s)
    return re.sub(r"及|和|与|以及", "、", s)


def _phone(p: str) -> str:
    return re.sub(r"\D", "", p)


def keys(n: Notice, prefix: str = "") -> dict[str, list[tuple[Any, ...]]]:
    """The comparable keys of a notice, by record type; a forwarded notice's keys carry 'fwd/'."""
    k: dict[str, list[tuple[Any, ...]]] = {t: [] for t in RECORD_TYPES}
    for f in _HEAD_FIELDS:
        v = getattr(n, f)
        if v is not None:
            k["head"].append((prefix, f, _t(v)))
    k["head"] += [(prefix, "recipient", _t(r)) for r in n.recipients]
    k["categories"] = [(prefix, c.number, _t(c.title)) for c in n.categories]
    k["directions"] = [(prefix, d.number, _t(d.title), _t(d.category)) for d in n.directions]
    k["thresholds"] = [(prefix, d.number, _t(t.quantity), t.comparator, float(t.value), _t(t.unit), _t(t.qualifier))
                       for d in n.directions for t in d.thresholds]
    k["quotas"] = [(prefix, _recommender(q.recommender), q.limit, _t(q.direction), q.extra) for q in n.quotas]
    k["cities"] = [(prefix, _t(cl.tier), c.name, c.province, cl.declared_count)
                   for cl in n.city_lists for c in cl.cities]
    k["deadlines"] = [(prefix, d.date) for d in n.deadlines]
    k["contacts"] = [(prefix, c.name, tuple(sorted(_phone(p) for p in c.phones))) for c in n.contacts]
    k["attachments"] = [(prefix, a.number, _t(a.title), a.present) for a in n.attachments]
    other: list[tuple[Any, ...]] = [(prefix, "url", u.url.rstrip("/")) for u in n.urls]
    other += [(prefix, "address", _t(a.text), a.postcode) for a in n.addresses]
    other += [(prefix, "eligibility", e.rule) for e in n.eligibility]
    other += [(prefix, "reference", r) for r in n.references]
    if n.submission:
        s = n.submission
        other += [(prefix, "copies", s.copies), (prefix, "paper", s.paper), (prefix, "electronic", s.electronic)]
        other += [(prefix, "delivery", d) for d in s.delivery]
    k["other"] = other
    if n.forwarded is not None:
        for t, v in keys(n.forwarded, prefix + "fwd/").items():
            k[t] += v
    return k


@dataclass
class Score:
    tp: int = 0
    pred: int = 0
    gold: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, predicted: Iterable[tuple[Any, ...]], gold: Iterable[tuple[Any, ...]], label: str) -> None:
        p, g = Counter(predicted), Counter(gold)
        tp = sum((p & g).values())
        self.tp += tp
        self.pred += sum(p.values())
        self.gold += sum(g.values())
        self.misses += [f"{label}: missed {x}" for x in (g - p).elements()]
        self.misses += [f"{label}: false {x}" for x in (p - g).elements()]

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def gold_cases() -> list[tuple[str, Path, Notice]]:
    """(stem, text document, gold Notice) for every gold file."""
    cases = []
    for g in sorted(GOLD_DIR.glob("*.json")):
        doc = next((d / f"{g.stem}.txt" for d in TEXT_DIRS if (d / f"{g.stem}.txt").exists()), None)
        if doc is None:
            continue
        cases.append((g.stem, doc, Notice.model_validate(json.loads(g.read_text(encoding="utf-8")))))
    return cases


def evaluate(pdf: bool = True) -> dict[str, dict[str, Score]]:
    """Scores by input kind ("text", "pdf", "all") and record type."""
    from extractor import api

    scores: dict[str, dict[str, Score]] = {kind: {t: Score() for t in RECORD_TYPES} for kind in ("text", "pdf", "all")}
    for stem, doc, gold in gold_cases():
        inputs = [("text", doc)]
        pdf_path = PDF_DIR / f"{stem}.pdf"
        if pdf and pdf_path.exists():
            inputs.append(("pdf", pdf_path))
        gold_keys = keys(gold)
        for kind, path in inputs:
            predicted = keys(api.parse(path))
            for t in RECORD_TYPES:
                scores[kind][t].add(predicted[t], gold_keys[t], f"{stem} [{kind}] {t}")
                scores["all"][t].add(predicted[t], gold_keys[t], f"{stem} [{kind}] {t}")
    return scores


def table(scores: dict[str, dict[str, Score]]) -> str:
    lines = ["| record type | gold | predicted | precision | recall | F1 | F1 text | F1 pdf |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for t in RECORD_TYPES:
        a, tx, pd = scores["all"][t], scores["text"][t], scores["pdf"][t]
        pdf_f1 = f"{pd.f1:.3f}" if pd.gold or pd.pred else "—"
        lines.append(f"| {t} | {a.gold} | {a.pred} | {a.precision:.3f} | {a.recall:.3f} | {a.f1:.3f} | "
                     f"{tx.f1:.3f} | {pdf_f1} |")
    return "\n".join(lines)


def feature_rows() -> list[tuple[str, Score]]:
    """Rows other features add (checklist agreement, comparison alignment), each as (name, Score).

    A feature module `extractor.<feature>.evaluate` with a `rows()` function joins the table.
    """
    import importlib

    rows: list[tuple[str, Score]] = []
    for module in ("extractor.checklist.evaluate", "extractor.compare.evaluate"):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name is None or not module.startswith(exc.name):
                raise
            continue
        rows += mod.rows()
    return rows


def main(pdf: bool = True, verbose: bool = False) -> int:
    scores = evaluate(pdf=pdf)
    n = len(gold_cases())
    print(f"Gold notices: {n} (text{' + rendered PDF' if pdf else ''})\n")
    print(table(scores))
    extra = feature_rows()
    if extra:
        print("\n| feature row | gold | predicted | precision | recall | F1 |\n|---|---:|---:|---:|---:|---:|")
        for name, s in extra:
            print(f"| {name} | {s.gold} | {s.pred} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} |")
    if verbose:
        for name, s in extra:
            for m in s.misses:
                print(f"{name}: {m}")
    if verbose:
        print()
        for t in RECORD_TYPES:
            for m in scores["all"][t].misses:
                print(m)
    return 0
