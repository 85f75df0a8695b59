"""Questions across the stored corpus. The CLI's `query` and `search` commands call these.

Every function takes `db`: a URL, a path to an SQLite file, or an open Engine (kept open, for
callers asking many questions). Results are plain dataclasses; offsets are evidence into the
notice's normalised text, as everywhere else in the project. By default only the current version
of each document is asked; `all_versions=True` includes the ones it replaced.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Engine, and_, or_, select, text

from extractor.store import schema as S
from models import DirectionChange, Evidence, Notice


@contextmanager
def opened(db: str | Engine | None) -> Iterator[Engine]:
    """The engine for `db`; one we opened is closed again afterwards."""
    if isinstance(db, Engine):
        yield db
        return
    from extractor.store.db import connect

    engine = connect(db, create=False)
    try:
        yield engine
    finally:
        engine.dispose()


@dataclass
class NoticeRow:
    id: int
    path: str
    version: int
    is_current: bool
    sha256: str
    year: int | None
    level: str | None
    issuer: str | None
    doc_number: str | None
    title: str | None
    forwarded_doc_number: str | None = None
    previous_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


_NOTICE_COLUMNS = (
    S.notices.c.id, S.documents.c.path, S.notices.c.version, S.notices.c.is_current, S.notices.c.sha256, S.notices.c.year,
    S.notices.c.level, S.notices.c.issuer, S.notices.c.doc_number, S.notices.c.title, S.notices.c.forwarded_doc_number,
    S.notices.c.previous_id,
)


def _notice_select() -> Any:
    return select(*_NOTICE_COLUMNS).join(S.documents, S.documents.c.id == S.notices.c.document_id)


def _row(r: Any) -> NoticeRow:
    return NoticeRow(**{c.name: getattr(r, c.name) for c in _NOTICE_COLUMNS})


def _filters(year: int | None, issuer: str | None, level: str | None, doc_number: str | None, all_versions: bool) -> list[Any]:
    where: list[Any] = []
    if not all_versions:
        where.append(S.notices.c.is_current)
    if year is not None:
        where.append(S.notices.c.year == year)
    if issuer:
        where.append(S.notices.c.issuer.contains(issuer, autoescape=True))
    if level:
        where.append(S.notices.c.level == level)
    if doc_number:
        where.append(or_(S.notices.c.doc_number == doc_number, S.notices.c.forwarded_doc_number == doc_number))
    return where


def list_notices(db: str | Engine | None = None, *, year: int | None = None, issuer: str | None = None, level: str | None = None,
                 doc_number: str | None = None, all_versions: bool = False) -> list[NoticeRow]:
    """Stored notices by year, issuer (a part of its name), level (national | provincial | municipal)."""
    with opened(db) as engine, engine.connect() as conn:
        q = _notice_select().where(*_filters(year, issuer, level, doc_number, all_versions))
        q = q.order_by(S.notices.c.year.is_(None), S.notices.c.year, S.documents.c.path, S.notices.c.version)
        return [_row(r) for r in conn.execute(q)]


def versions(db: str | Engine | None, path: str) -> list[NoticeRow]:
    """Every stored version of one file, oldest first, each linked to the one before."""
    import os

    with opened(db) as engine, engine.connect() as conn:
        q = _notice_select().where(S.documents.c.path == os.path.abspath(path)).order_by(S.notices.c.version)
        return [_row(r) for r in conn.execute(q)]


@dataclass
class FailureRow:
    path: str
    sha256: str | None
    error: str
    first_at: Any
    last_at: Any


def list_failures(db: str | Engine | None = None) -> list[FailureRow]:
    """Files that could not be read, with their errors, until they are ingested cleanly."""
    with opened(db) as engine, engine.connect() as conn:
        rows = conn.execute(select(S.failures).order_by(S.failures.c.path))
        return [FailureRow(r.path, r.sha256, r.error, r.first_at, r.last_at) for r in rows]


def get_notice(db: str | Engine | None, notice_id: int) -> Notice:
    """The stored record of one notice version, as `extractor parse` gave it."""
    with opened(db) as engine, engine.connect() as conn:
        rec = conn.execute(select(S.notices.c.record).where(S.notices.c.id == notice_id)).scalar()
    if rec is None:
        raise LookupError(f"no notice with id {notice_id}")
    return _notice(rec)


def _notice(rec: dict[str, Any]) -> Notice:
    """A stored record as a Notice; a record written by an older extractor keeps what still fits."""
    from pydantic import ValidationError

    try:
        return Notice.model_validate(rec)
    except ValidationError:
        known = {k: v for k, v in rec.items() if k in Notice.model_fields}
        try:
            return Notice.model_validate(known)
        except ValidationError:
            from models import Direction

            dirs = [Direction(number=d.get("number") or 0, title=d["title"], category=d.get("category"))
                    for d in rec.get("directions", []) if d.get("title")]
            return Notice(title=rec.get("title"), year=rec.get("year"), issuer=rec.get("issuer"), directions=dirs)


# --- an edition: what was in force ------------------------------------------------------------


@dataclass
class EditionItem:
    layer: str  # own | forwarded: a forward's own rows are the province's overrides
    values: dict[str, Any]
    evidence: Evidence | None


@dataclass
class Edition:
    notice: NoticeRow
    directions: list[EditionItem] = field(default_factory=list)
    quotas: list[EditionItem] = field(default_factory=list)
    deadlines: list[EditionItem] = field(default_factory=list)


def _evidence(full_text: str, start: int | None, end: int | None) -> Evidence | None:
    if start is None or end is None:
        return None
    return Evidence(text=full_text[start:end], start=start, end=end)


_EDITION_PARTS = {
    "directions": (S.directions, ("number", "title", "category", "description", "keywords")),
    "quotas": (S.quotas, ("recommender", "quota_limit", "direction", "extra", "cities", "note")),
    "deadlines": (S.deadlines, ("date", "actor", "action")),
}


def edition(db: str | Engine | None = None, *, year: int | None = None, issuer: str | None = None, level: str | None = None,
            doc_number: str | None = None, notice_id: int | None = None) -> list[Edition]:
    """Directions, quotas and deadlines in force for an edition (a year, a document number, a notice)."""
    if year is None and doc_number is None and notice_id is None:
        raise ValueError("name the edition: a year, a document number or a notice id")
    with opened(db) as engine, engine.connect() as conn:
        q = _notice_select().add_columns(S.notices.c.text)
        if notice_id is not None:
            q = q.where(S.notices.c.id == notice_id)
        else:
            q = q.where(*_filters(year, issuer, level, doc_number, False))
        out: list[Edition] = []
        for r in conn.execute(q.order_by(S.notices.c.year, S.documents.c.path)):
            ed = Edition(_row(r))
            for part, (table, cols) in _EDITION_PARTS.items():
                rows = conn.execute(
                    select(table).where(table.c.notice_id == r.id).order_by(table.c.layer != "own", table.c.id)
                )
                getattr(ed, part).extend(
                    EditionItem(x.layer, {("limit" if c == "quota_limit" else c): getattr(x, c) for c in cols},
                                _evidence(r.text, x.span_start, x.span_end))
                    for x in rows
                )
            out.append(ed)
        return out


# --- cities -----------------------------------------------------------------------------------


@dataclass
class CityHit:
    notice: NoticeRow
    city: str
    province: str | None
    roles: list[str]  # list | quota | text
    tiers: list[str]  # the demonstration-city tiers it is listed in
    evidence: list[Evidence]


def canonical_city(name: str) -> str:
    """深圳, 深圳市 and a one-character typo all mean 深圳市."""
    from extractor.extract.cities import resolver

    hit = resolver()(name.strip())
    return hit[0] if hit else name.strip()


def notices_naming(db: str | Engine | None, city: str, *, all_versions: bool = False) -> list[CityHit]:
    """Notices that name a city: in a demonstration-city list, a quota, or their text."""
    name = canonical_city(city)
    with opened(db) as engine, engine.connect() as conn:
        q = (
            _notice_select()
            .add_columns(S.notices.c.text, S.cities.c.name.label("city"), S.cities.c.province.label("province"), S.cities.c.role,
                         S.cities.c.tier, S.cities.c.span_start, S.cities.c.span_end)
            .join(S.cities, S.cities.c.notice_id == S.notices.c.id)
            .where(S.cities.c.name == name, *_filters(None, None, None, None, all_versions))
            .order_by(S.notices.c.year, S.documents.c.path, S.notices.c.version, S.cities.c.span_start)
        )
        hits: dict[int, CityHit] = {}
        for r in conn.execute(q):
            hit = hits.get(r.id)
            if hit is None:
                hit = hits[r.id] = CityHit(_row(r), r.city, r.province, [], [], [])
            if r.role not in hit.roles:
                hit.roles.append(r.role)
            if r.tier and r.tier not in hit.tiers:
                hit.tiers.append(r.tier)
            ev = _evidence(r.text, r.span_start, r.span_end)
            if ev is not None and ev not in hit.evidence:
                hit.evidence.append(ev)
        return list(hits.values())


# --- the history of a direction ---------------------------------------------------------------


def align(old: Notice, new: Notice) -> list[DirectionChange]:
    """How the directions of two editions correspond: the comparison's alignment when it is
    there, else title similarity. This is the only seam between the store and the comparison."""
    try:
        from extractor.compare import compare
    except ImportError as exc:
        # Not there (or not finished): fall back. A broken import inside it still surfaces.
        if exc.name != "extractor.compare":
            raise
        return _fuzzy_align(old, new)
    return list(compare(old, new).directions)


def _fuzzy_align(old: Notice, new: Notice, cutoff: float = 60.0) -> list[DirectionChange]:
    from rapidfuzz import fuzz

    pairs = sorted(
        ((fuzz.ratio(o.title, n.title), i, j) for i, o in enumerate(old.directions) for j, n in enumerate(new.directions)),
        reverse=True,
    )
    used_old: set[int] = set()
    used_new: set[int] = set()
    out: list[DirectionChange] = []
    for score, i, j in pairs:
        if score < cutoff or i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        o, n = old.directions[i], new.directions[j]
        change = "renamed" if o.title != n.title else "modified" if o.description != n.description else "unchanged"
        out.append(DirectionChange(change=change, old=[o.title], new=[n.title], similarity=round(score / 100, 3)))
    out += [DirectionChange(change="removed", old=[d.title]) for i, d in enumerate(old.directions) if i not in used_old]
    out += [DirectionChange(change="added", new=[d.title]) for j, d in enumerate(new.directions) if j not in used_new]
    return out


@dataclass
class HistoryStep:
    notice: NoticeRow
    title: str | None  # the direction's title in this edition; None: not in it
    change: str | None  # from the previous edition: unchanged | renamed | modified | merged | split | added | removed | absent
    similarity: float | None = None
    direction: dict[str, Any] | None = None  # number, category, description, evidence
    came_from: list[str] = field(default_factory=list)  # its title(s) in the edition before: several when merged


_LEVEL_RANK = {"national": 0, "provincial": 1, "municipal": 2}


def _edition_rank(row: NoticeRow, notice: Notice) -> tuple[int, bool, int, int]:
    # National first; a notice with an issuer over an attachment saved alone; more directions; newer.
    return (_LEVEL_RANK.get(row.level or "", 3), row.issuer is None, -len(notice.directions), -row.id)


def _directions_layer(notice: Notice) -> Notice:
    # A forward's directions are those of the notice it wraps.
    return notice if notice.directions or notice.forwarded is None else _directions_layer(notice.forwarded)


def direction_history(db: str | Engine | None, title: str, *, issuer: str | None = None, level: str | None = None,
                      every_notice: bool = False) -> list[HistoryStep]:
    """One direction through the editions, oldest first, following renames, merges and splits.

    Editions are the stored notices with a year and directions; one per year (the national one
    if there is one, else the one with most directions) unless `every_notice`.
    """
    from rapidfuzz import fuzz, process

    with opened(db) as engine, engine.connect() as conn:
        q = _notice_select().add_columns(S.notices.c.record).where(
            *_filters(None, issuer, level, None, False), S.notices.c.year.is_not(None)
        )
        rows = list(conn.execute(q))
    editions: list[tuple[NoticeRow, Notice]] = []
    for r in rows:
        layer = _directions_layer(_notice(r.record))
        if layer.directions:
            editions.append((_row(r), layer))
    if not every_notice:
        best: dict[int, tuple[NoticeRow, Notice]] = {}
        for row, notice in editions:
            have = best.get(row.year or 0)
            if have is None or _edition_rank(row, notice) < _edition_rank(*have):
                best[row.year or 0] = (row, notice)
        editions = list(best.values())
    editions.sort(key=lambda e: (e[0].year, e[0].id))
    if not editions:
        return []

    # The anchor: the edition where a direction looks most like what was asked.
    scored = []
    for i, (_, notice) in enumerate(editions):
        m = process.extractOne(title, [d.title for d in notice.directions], scorer=fuzz.WRatio)
        if m:
            scored.append((m[1], i, m[0]))
    score, anchor, anchor_title = max(scored, key=lambda s: (s[0], s[1]))
    if score < 60:
        raise LookupError(f"no stored direction looks like {title!r}")

    def step(i: int, dtitle: str | None, change: str | None, sim: float | None, came_from: list[str] | None = None) -> HistoryStep:
        row, notice = editions[i]
        d = next((x for x in notice.directions if x.title == dtitle), None)
        info = None
        if d is not None:
            info = {"number": d.number, "category": d.category, "description": d.description,
                    "evidence": d.evidence.model_dump() if d.evidence else None}
        return HistoryStep(row, dtitle if d is not None else None, change, sim, info, list(came_from or []))

    def same(a: str, b: str | None) -> bool:
        # A direction back after an edition without it (a forward that quotes only some).
        return b is not None and fuzz.ratio(a, b) >= 85

    steps: dict[int, HistoryStep] = {anchor: step(anchor, anchor_title, None, None)}
    # Forwards: what became of it in each later edition.
    current: str | None = anchor_title
    last: str | None = anchor_title
    for i in range(anchor + 1, len(editions)):
        changes = align(editions[i - 1][1], editions[i][1])
        if current is not None:
            c = next((c for c in changes if current in c.old), None)
            if c is None or not c.new:
                steps[i] = step(i, None, "removed", None)
                last, current = current, None
            else:
                current = c.new[0]
                steps[i] = step(i, current, c.change, c.similarity, c.old)
            continue
        c = next((c for c in changes if c.change == "added" and c.new and same(c.new[0], last)), None)
        if c is None:
            steps[i] = step(i, None, "absent", None)
        else:
            current = c.new[0]
            steps[i] = step(i, current, "added", c.similarity)
    # Backwards: where it came from; each change is recorded on the later edition of the pair.
    current, last = anchor_title, anchor_title
    for i in range(anchor - 1, -1, -1):
        changes = align(editions[i][1], editions[i + 1][1])
        later = steps[i + 1]
        if current is not None:
            c = next((c for c in changes if current in c.new), None)
            if c is None or not c.old:
                later.change, later.similarity = "added", None
                steps[i] = step(i, None, "absent", None)
                last, current = current, None
            else:
                later.change, later.similarity, later.came_from = c.change, c.similarity, list(c.old)
                current = c.old[0]
                steps[i] = step(i, current, None, None)
            continue
        c = next((c for c in changes if c.change == "removed" and c.old and same(c.old[0], last)), None)
        if c is None:
            steps[i] = step(i, None, "absent", None)
        else:
            later.change = "removed"
            current = c.old[0]
            steps[i] = step(i, current, None, None)
    first = steps[0]
    first.change, first.similarity = None, None  # nothing before the first edition
    return [steps[i] for i in range(len(editions))]


# --- full-text search -------------------------------------------------------------------------


@dataclass
class SearchHit:
    notice: NoticeRow
    passage: Evidence  # the paragraph, with its offsets in the notice's normalised text
    hits: list[Evidence]  # where the query's words are in it
    score: float  # the index's relevance (bm25 on SQLite, ts_rank on PostgreSQL): higher is better
    exact: bool = False  # the query stands in the passage word for word (spaces ignored)


# The ranked candidates first, the passage text after: cutting it out of every matching notice
# before the LIMIT would read (and on PostgreSQL decompress) whole texts thousands of times.
_PASSAGE_TEXT = """
SELECT c.passage_id, c.notice_id, c.span_start, c.span_end, c.score,
       substr(n.text, c.span_start + 1, c.span_end - c.span_start) AS passage
FROM ({ranked}) AS c
JOIN notices n ON n.id = c.notice_id
ORDER BY c.score DESC, c.year DESC, c.passage_id
"""

_SQLITE_SEARCH = """
SELECT p.id AS passage_id, p.notice_id, p.span_start, p.span_end, n.year, -bm25(passages_fts) AS score
FROM passages_fts
JOIN passages p ON p.id = passages_fts.rowid
JOIN notices n ON n.id = p.notice_id
WHERE passages_fts MATCH :q {where}
ORDER BY bm25(passages_fts), n.year DESC, p.id
LIMIT :limit
"""

_PG_SEARCH = """
SELECT p.id AS passage_id, p.notice_id, p.span_start, p.span_end, n.year, ts_rank(p.tsv, q) AS score
FROM passages p
JOIN notices n ON n.id = p.notice_id, CAST(:q AS tsquery) AS q
WHERE p.tsv @@ q {where}
ORDER BY score DESC, n.year DESC, p.id
LIMIT :limit
"""


def search(db: str | Engine | None, query: str, *, limit: int = 10, year: int | None = None,
           all_versions: bool = False) -> list[SearchHit]:
    """Passages matching every word of `query` (cut by jieba as the index was), best first."""
    from extractor.store.tokens import hits as find_hits
    from extractor.store.tokens import parse_query

    parsed = parse_query(query)
    # A candidate pool ranked by the index, then passages holding the query word for word first:
    # bm25 / ts_rank see words, not whether they stand together.
    where, params = "", {"limit": max(4 * limit, 50)}
    if not all_versions:
        where += " AND n.is_current"
    if year is not None:
        where += " AND n.year = :year"
        params["year"] = year
    with opened(db) as engine, engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            sql, params["q"] = _PG_SEARCH, parsed.tsquery()
        else:
            sql, params["q"] = _SQLITE_SEARCH, parsed.fts5()
        found = conn.execute(text(_PASSAGE_TEXT.format(ranked=sql.format(where=where))), params).all()
        ids = {r.notice_id for r in found}
        notices = {r.id: _row(r) for r in conn.execute(_notice_select().where(and_(S.notices.c.id.in_(ids))))} if ids else {}
    phrase = "".join(query.split()).lower()
    out: list[SearchHit] = []
    for r in found:
        spans = [Evidence(text=r.passage[s:e], start=r.span_start + s, end=r.span_start + e) for s, e in find_hits(r.passage, parsed)]
        passage = Evidence(text=r.passage, start=r.span_start, end=r.span_end)
        out.append(SearchHit(notices[r.notice_id], passage, spans, round(float(r.score), 4), phrase in r.passage.lower()))
    out.sort(key=lambda h: (not h.exact, -h.score))  # stable: the index's order among equals
    return out[:limit]
