"""Checklist rows for `extractor eval`: agreement with the hand-written gold checklists.

Every gold file in fixtures/applications/gold/ names an application and the notice it answers;
the application is checked in every format it was built in (TXT, DOCX, PDF) and each checklist
item is compared with the gold as (application, format, item id, status, fields at fault). An item
with the right status but the wrong fields counts as a miss and a false hit.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from extractor.evaluate import Score

ROOT = Path(__file__).resolve().parent.parent.parent
APPS_DIR = ROOT / "fixtures" / "applications"
GOLD_DIR = APPS_DIR / "gold"
FORMATS = ("txt", "docx", "pdf")

Key = tuple[Any, ...]


def gold_cases() -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD_DIR.glob("*.json"))]


def gold_keys(case: dict[str, Any], fmt: str) -> list[Key]:
    out: list[Key] = []
    for item_id, spec in case["items"].items():
        status, fields = (spec, []) if isinstance(spec, str) else (spec[0], spec[1])
        out.append((case["application"], fmt, item_id, status, tuple(sorted(fields))))
    return out


def predicted_keys(stem: str, fmt: str, items: list[Any]) -> list[Key]:
    return [(stem, fmt, i.id, i.status, tuple(sorted(i.fields))) for i in items]


def run() -> dict[str, Score]:
    """Scores: all items, items per format, verdicts, and failing applications kept from passing."""
    from extractor.checklist import check_file, load_context
    from extractor.readers import ReadError

    contexts: dict[tuple[str, str | None], Any] = {}
    scores = {name: Score() for name in ("items", *(f"items {f}" for f in FORMATS), "verdicts", "failing not passed")}
    for case in gold_cases():
        key = (case["notice"], case.get("forms"))
        if key not in contexts:
            contexts[key] = load_context(ROOT / key[0], ROOT / key[1] if key[1] else None)
        stem = case["application"]
        for fmt in FORMATS:
            path = APPS_DIR / f"{stem}.{fmt}"
            if not path.exists():
                continue
            gold = gold_keys(case, fmt)
            try:
                _app, checklist = check_file(path, contexts[key])
                pred, verdict = predicted_keys(stem, fmt, checklist.items), checklist.verdict
            except ReadError as exc:
                pred, verdict = [], f"unreadable: {exc}"
            label = f"{stem} [{fmt}]"
            scores["items"].add(pred, gold, label)
            scores[f"items {fmt}"].add(pred, gold, label)
            scores["verdicts"].add([(stem, fmt, verdict)], [(stem, fmt, case["verdict"])], label)
            if case["verdict"] == "fail":
                # A failing application must never come out as passed (needs_review is not a pass).
                caught = [(stem, fmt)] if verdict != "pass" else []
                scores["failing not passed"].add(caught, [(stem, fmt)], label)
    return scores


def rows() -> list[tuple[str, Score]]:
    return [(f"checklist {name}", s) for name, s in run().items()]
