"""A recommender's batch: every application checked, then the batch against the notice's quotas.

Quotas come from every layer of the notice (a province's forward overrides the ministry for the
cities under it). Which quotas bind a recommender is read from the words the notice uses for
recommenders (省、自治区、直辖市, 计划单列市, 中央企业, 信息消费示范城市, 地市, 其他地市, or
city names); the limits, the extra quota and the overflow rule are the notice's own.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz

from extractor.checklist.context import NoticeContext, place_of
from extractor.checklist.rules import FAIL, NA, PASS, REVIEW, _edition_match, verdict
from models import Application, Checklist, ChecklistItem, Notice, Quota
from models.application import BatchEntry, BatchReport

# Cities with provincial-level economic planning status (计划单列市): an administrative fact the
# notices rely on without listing it.
PLAN_CITIES = ("大连市", "青岛市", "宁波市", "厦门市", "深圳市")
_SPLIT = re.compile(r"[、，,和及与]|以及")
_PARALLEL_FROM = 8  # fewer files than this are not worth starting processes for
_ENTERPRISE = re.compile(r"(?:集团|公司)(?:有限公司|股份有限公司)?$")


@dataclass
class Recommender:
    name: str
    city: str | None  # prefecture-level city, municipalities included
    province: str | None
    province_level: bool  # 省, 自治区, 直辖市
    plan_city: bool
    corps: bool  # 新疆生产建设兵团
    enterprise: bool  # 中央企业
    demo_city: bool

    @property
    def top_level(self) -> bool:
        """Recommends straight to the ministry."""
        return self.province_level or self.plan_city or self.corps or self.enterprise


def recommender(name: str, ctx: NoticeContext) -> Recommender:
    from corpora import provinces

    n = re.sub(r"\s+", "", name)
    prov = next((p for p in provinces() if n in (p.name, p.short_name)), None)
    place = place_of(n)
    city = prov.name if prov is not None and prov.is_municipality else (place[0] if place else None)
    province = prov.name if prov is not None else (place[1] if place else None)
    demo = city is not None and any(c.name == city for layer in ctx.layers for cl in layer.city_lists for c in cl.cities)
    return Recommender(name=n, city=city if prov is None or prov.is_municipality else None, province=province,
                       province_level=prov is not None, plan_city=city in PLAN_CITIES, corps="兵团" in n,
                       enterprise=bool(_ENTERPRISE.search(n)) and place is None, demo_city=demo)


def _layer_province(layer: Notice) -> str | None:
    if layer.level not in ("provincial", "municipal") or not layer.issuer:
        return None
    found = place_of(layer.issuer)
    return found[1] if found else None


def _part_matches(part: str, r: Recommender, layer: Notice, siblings: list[Quota]) -> bool:
    from extractor.extract.cities import resolver

    p = re.sub(r"^各", "", part.strip())
    if not p:
        return False
    own_province = _layer_province(layer)
    if p == "推荐单位":
        return True
    if p in ("省", "自治区"):
        return r.province_level and r.city is None
    if p == "直辖市":
        return r.province_level and r.city is not None
    if p == "计划单列市":
        return r.plan_city
    if "兵团" in p:
        return r.corps
    if "中央企业" in p or "央企" in p:
        return r.enterprise
    if p.endswith("示范城市"):
        return r.demo_city
    if p.startswith("其他"):
        named = {c for q in siblings for c in q.cities}
        return own_province is not None and r.province == own_province and r.city is not None and r.city not in named
    if re.fullmatch(r"(?:地市|地级以上市|设区市|各市|市)", p):
        return own_province is not None and r.province == own_province and r.city is not None and not r.province_level
    hit = resolver()(p)
    return hit is not None and r.city == hit[0]


def applicable(ctx: NoticeContext, r: Recommender) -> list[tuple[int, Quota]]:
    """The quotas that bind recommender `r`, with the index of the layer they come from."""
    out: list[tuple[int, Quota]] = []
    for i, layer in enumerate(ctx.layers):
        province = _layer_province(layer)
        if province is not None and not (r.province == province and not r.top_level):
            # A province's own rules bind the cities under it: not the province itself, nor a
            # 计划单列市 or an enterprise, which recommend to the ministry directly.
            continue
        if province is None and not (r.top_level or r.demo_city):
            continue  # the ministry's quotas bind who recommends to it (and demonstration cities' extra)
        for q in layer.quotas:
            same = [s for s in layer.quotas if s is not q and s.direction == q.direction and not s.extra]
            if any(_part_matches(part, r, layer, same) for part in _SPLIT.split(q.recommender)):
                if province is None and not q.extra and not r.top_level:
                    continue  # a demonstration city inside a province: only the extra quota is its own
                out.append((i, q))
    return out


def _direction_of(entry: BatchEntry, ctx: NoticeContext) -> str | None:
    if not entry.direction:
        return None
    d = _edition_match(entry.direction, ctx.directions())
    return d.title if d else entry.direction


def _same_direction(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is None
    return fuzz.ratio(re.sub(r"\s", "", a), re.sub(r"\s", "", b)) >= 85


def quota_items(entries: list[BatchEntry], ctx: NoticeContext, name: str | None) -> list[ChecklistItem]:
    """Check the batch against its quotas; mark each entry counted, extra or over."""
    if not name:
        return []
    r = recommender(name, ctx)
    rules = applicable(ctx, r)
    readable = [e for e in entries if e.error is None]
    if not rules:
        return [ChecklistItem(id="quota", rule=f"{name}的推荐数量", status=REVIEW,
                              reason=f"通知中没有找到适用于“{name}”的推荐数量规定，需人工核对")]
    directions = sorted({q.direction for _i, q in rules}, key=lambda d: (d is not None, d or ""))
    items: list[ChecklistItem] = []
    for d in directions:
        normal = [(i, q) for i, q in rules if q.direction == d and not q.extra]
        extra = [(i, q) for i, q in rules if q.direction == d and q.extra]
        group = [e for e in readable if d is None or _same_direction(_direction_of(e, ctx), d)]
        label = f"“{d}”方向" if d else "全部方向"
        if normal and all(q.limit is None for _i, q in normal) and not extra:
            for e in group:
                e.quota_status = "counted"
            items.append(ChecklistItem(id=f"quota:{d or '全部'}", rule=f"{name}推荐{label}项目不作数量要求", status=NA,
                                       clause=normal[0][1].evidence, reason=f"{len(group)} 项"))
            continue
        limits = [q.limit for _i, q in normal if q.limit is not None]
        # The nearest layer's rule wins (a province's override before the ministry's general one).
        nearest = min((i for i, q in normal if q.limit is not None), default=None)
        limit = min(q.limit for i, q in normal if q.limit is not None and i == nearest) if limits else 0
        more = sum(q.limit or 0 for _i, q in extra)
        overflow = next((q.overflow_rule for _i, q in normal + extra if q.overflow_rule), "")
        for k, e in enumerate(group):
            if k < limit:
                e.quota_status = "counted"
            elif k < limit + more:
                e.quota_status = "extra"
                e.remark = _join(e.remark, "拟额外推荐（信息消费示范城市）")
            else:
                e.quota_status = "over"
                e.remark = _join(e.remark, "超出推荐数量上限" + (f"（{overflow}）" if overflow else ""))
        over = max(0, len(group) - limit - more)
        if normal:
            rule = f"{name}推荐{label}项目不超过{limit}个" + (f"，信息消费示范城市可额外推荐不超过{more}个" if more else "")
        else:
            rule = f"{name}作为信息消费示范城市额外推荐{label}项目不超过{more}个（其余项目由所在省统一推荐）"
        clause = next((q.evidence for i, q in normal if i == nearest), None) or (extra[0][1].evidence if extra else None)
        reason = f"{len(group)} 项" + (f"，超出 {over} 项" if over else "") + (f"；{overflow}" if over and overflow else "")
        items.append(ChecklistItem(id=f"quota:{d or '全部'}", rule=rule, status=FAIL if over else PASS, clause=clause,
                                   reason=reason, fields=[os.path.basename(e.path) for e in group[limit + more:]]))
    return items


def _join(a: str, b: str) -> str:
    return f"{a}；{b}" if a else b


_WORKER_CTX: NoticeContext | None = None


def _init_worker(ctx: NoticeContext) -> None:
    global _WORKER_CTX
    _WORKER_CTX = ctx


def _check_one(path: str, ctx: NoticeContext | None = None) -> tuple[Application | None, Checklist | None, str | None]:
    """(application, checklist, error) for one file; never raises, so a bad file stays one line in the report."""
    from extractor.checklist import check_file
    from extractor.readers import ReadError

    ctx = ctx or _WORKER_CTX
    assert ctx is not None
    try:
        app, checklist = check_file(path, ctx)
    except ReadError as exc:
        return None, None, str(exc)
    except Exception as exc:  # noqa: BLE001 - one bad file must not cost the others their results
        return None, None, f"{path}: internal error ({type(exc).__name__}: {exc})"
    return app, checklist, None


def _results(files: list[str], ctx: NoticeContext, jobs: int) -> Iterator[tuple[Application | None, Checklist | None, str | None]]:
    if jobs <= 1 or len(files) < _PARALLEL_FROM:
        for path in files:
            yield _check_one(path, ctx)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    # Reading PDFs is the slow part and each file is independent: one process per core.
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method), initializer=_init_worker,
                             initargs=(ctx,)) as pool:
        yield from pool.map(_check_one, files, chunksize=max(1, len(files) // (jobs * 4)))


def check_batch(paths: Iterable[str], ctx: NoticeContext, recommender_name: str | None = None,
                progress: bool = False, jobs: int | None = None) -> BatchReport:
    """Check every application; a file that cannot be read is reported and never stops the others."""
    from extractor.api import Progress, iter_paths

    files = list(iter_paths(paths))
    bar = Progress(len(files), progress)
    entries: list[BatchEntry] = []
    workers = jobs if jobs is not None else min(os.cpu_count() or 1, 8)
    for i, (path, (app, checklist, error)) in enumerate(zip(files, _results(files, ctx, workers), strict=True), 1):
        bar.step(os.path.basename(path))
        entry = BatchEntry(index=i, path=path)
        if error is not None or app is None or checklist is None:
            entry.error = error or f"{path}: not read"
        else:
            entry.checklist = checklist
            entry.unit_name, entry.project_name = app.unit_name, app.project_name
            entry.contact = " ".join(x for x in (app.contact_name, app.contact_phone) if x) or None
            entry.direction = app.selected_directions[0] if len(app.selected_directions) == 1 else (
                "、".join(app.selected_directions) or None)
            entry.verdict = checklist.verdict
            if checklist.verdict != PASS:
                bad = [it.id for it in checklist.items if it.status in (FAIL, REVIEW)]
                entry.remark = ("形式审查不通过：" if checklist.verdict == FAIL else "需人工复核：") + "、".join(bad)
        entries.append(entry)
    items = quota_items(entries, ctx, recommender_name)
    summary = {"applications": len(entries), "unreadable": sum(1 for e in entries if e.error)}
    for status in (PASS, FAIL, REVIEW):
        summary[status] = sum(1 for e in entries if e.verdict == status)
    summary["quota_fail"] = sum(1 for i in items if i.status == FAIL)
    return BatchReport(notice=ctx.path or ctx.notice.title, recommender=recommender_name, entries=entries, items=items,
                       summary=summary)


def batch_verdict(report: BatchReport) -> str:
    return verdict([*report.items, *[it for e in report.entries if e.checklist for it in e.checklist.items]])
