"""Ingest notice files into the corpus database.

Worker processes read and extract (the CPU work); the parent alone writes, one transaction per
file, so a killed ingest leaves every finished notice whole and nothing half-written, and the same
command run again picks up where it stopped. A file is identified by its absolute path and its
content by sha256:

- same path, same content as its current version: unchanged, not even parsed again;
- same path, new content: a new version of that document, linked to the one it replaces;
- new path, content already stored under another path: a duplicate, reported and not stored twice;
- a file that cannot be read: a row in `failures` with its error, until it is ingested cleanly.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from extractor.store import schema as S

STATUSES = ("new", "version", "unchanged", "duplicate", "failed")


@dataclass
class Analysis:
    """What a worker sends back for one file: plain data, cheap to pickle."""

    path: str
    sha256: str | None
    record: dict[str, Any] | None = None
    text: str = ""
    passages: list[tuple[int, int, str]] = field(default_factory=list)  # start, end, tokens
    mentions: list[tuple[str, str, str, int, int]] = field(default_factory=list)  # name, province, code, start, end
    error: str | None = None


@dataclass
class FileOutcome:
    path: str
    status: str  # one of STATUSES
    notice_id: int | None = None
    version: int | None = None
    error: str | None = None
    same_as: str | None = None  # a duplicate: the path it is stored under


@dataclass
class IngestReport:
    files: list[FileOutcome] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def failed(self) -> list[FileOutcome]:
        return [f for f in self.files if f.status == "failed"]

    def summary(self) -> str:
        parts = [f"{self.count(s)} {s}" for s in STATUSES if self.count(s)]
        return f"{len(self.files)} files: {', '.join(parts) or 'nothing to do'} ({self.seconds:.1f} s)"


def file_sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- the worker side ------------------------------------------------------------------------


def warm_up() -> None:
    """Load the dictionaries and the entity pipeline before the first file is timed or forked."""
    from extractor.extract.cities import resolver
    from extractor.nlp import jieba_tokenizer, keywords, pipeline

    jieba_tokenizer()
    keywords("信息消费示范项目")
    pipeline()
    resolver()
    _city_lookup()
    # And every lazy cache on the way (OpenCC for both scripts, patterns, models): one bundled
    # notice of each script, read through the same path as a real file.
    from corpora import NOTICES_DIR

    for sample in sorted(NOTICES_DIR.glob("*.txt"))[:2]:
        analyse(str(sample))


@lru_cache(maxsize=1)
def _city_lookup() -> dict[str, tuple[str, str, str]]:
    from corpora import city_index

    return {key: (d.name, d.province, d.code) for key, d in city_index().items() if d.is_city}


def analyse(path: str, sha256: str | None = None) -> Analysis:
    """Read, extract and tokenise one file. Never raises: a failure comes back as `error`."""
    from extractor.document import load
    from extractor.extract.notice import extract_notice
    from extractor.nlp import jieba_tokenizer
    from extractor.readers import ReadError
    from extractor.store.tokens import passages

    try:
        doc = load(path)
        notice = extract_notice(doc)
        found = passages(doc.text)
        cities = _city_lookup()
        tok = jieba_tokenizer()
        mentions: list[tuple[str, str, str, int, int]] = []
        for p in found:
            for word, start, end in tok.tokenize(p.text):
                hit = cities.get(word)
                if hit:
                    mentions.append((*hit, p.start + start, p.start + end))
        record = notice.model_dump(mode="json")
    except ReadError as exc:
        return Analysis(path, sha256, error=" ".join(str(exc).split()))
    except Exception as exc:  # noqa: BLE001 - one bad file must not cost the others their results
        return Analysis(path, sha256, error=f"{path}: internal error ({type(exc).__name__}: {' '.join(str(exc).split())})")
    source_sha = (record.get("source") or {}).get("sha256") or sha256
    return Analysis(path, source_sha, record, doc.text, [(p.start, p.end, p.tokens) for p in found], mentions)


def _orphan_guard(parent: int) -> None:
    """End this worker when the ingest that started it is killed: nothing else would tell it."""
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _worker_init(parent: int, warm: bool) -> None:
    import signal

    # Ctrl-C reaches the whole process group: the parent stops the batch, workers stay quiet
    # (no traceback per worker) and leave when the pool shuts down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _orphan_guard(parent)
    if warm:
        warm_up()


# --- the writer side ------------------------------------------------------------------------


def _span(item: dict[str, Any]) -> tuple[int | None, int | None]:
    ev = item.get("evidence") or {}
    return ev.get("start"), ev.get("end")


def _layers(record: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The notice and the notices it forwards: own, forwarded, forwarded2 ..."""
    layer: dict[str, Any] | None = record
    depth = 0
    while layer is not None:
        yield ("own" if depth == 0 else "forwarded" if depth == 1 else f"forwarded{depth}"), layer
        layer = layer.get("forwarded")
        depth += 1


def _child_rows(a: Analysis) -> dict[Any, list[dict[str, Any]]]:
    from extractor.extract.cities import resolver

    resolve = resolver()
    assert a.record is not None
    rows: dict[Any, list[dict[str, Any]]] = {S.directions: [], S.quotas: [], S.deadlines: [], S.cities: [], S.passages: []}
    for layer, rec in _layers(a.record):
        for d in rec.get("directions", []):
            s, e = _span(d)
            rows[S.directions].append(dict(layer=layer, number=d.get("number"), title=d["title"], category=d.get("category"),
                                           description=d.get("description"), keywords=d.get("keywords"), span_start=s, span_end=e))
        for q in rec.get("quotas", []):
            s, e = _span(q)
            rows[S.quotas].append(dict(layer=layer, recommender=q["recommender"], quota_limit=q.get("limit"), direction=q.get("direction"),
                                       extra=bool(q.get("extra")), cities=q.get("cities"), note=q.get("note"), span_start=s, span_end=e))
            for name in q.get("cities") or []:
                hit = resolve(name)
                if hit:
                    rows[S.cities].append(dict(layer=layer, name=hit[0], province=hit[1], code=hit[2], role="quota", tier=None,
                                               span_start=s, span_end=e))
        for d in rec.get("deadlines", []):
            s, e = _span(d)
            rows[S.deadlines].append(dict(layer=layer, date=d["date"], actor=d.get("actor"), action=d.get("action"), span_start=s, span_end=e))
        for cl in rec.get("city_lists", []):
            for c in cl.get("cities", []):
                s, e = _span(c)
                rows[S.cities].append(dict(layer=layer, name=c["name"], province=c.get("province"), code=c.get("code"), role="list",
                                           tier=cl.get("tier"), span_start=s, span_end=e))
    for name, province, code, s, e in a.mentions:
        rows[S.cities].append(dict(layer="own", name=name, province=province, code=code, role="text", tier=None, span_start=s, span_end=e))
    for seq, (s, e, tokens) in enumerate(a.passages):
        rows[S.passages].append(dict(layer="own", seq=seq, tokens=tokens, span_start=s, span_end=e))
    return rows


def _notice_columns(a: Analysis) -> dict[str, Any]:
    rec = a.record or {}
    source = rec.get("source") or {}
    forwarded = rec.get("forwarded") or {}
    return dict(
        format=source.get("format"), script=source.get("script"), issuer=rec.get("issuer"), doc_number=rec.get("doc_number"),
        title=rec.get("title"), year=rec.get("year"), level=rec.get("level"), program=rec.get("program"), date=rec.get("date"),
        forwarded_doc_number=forwarded.get("doc_number"), record=rec, text=a.text,
    )


def _now() -> datetime:
    return datetime.now(UTC)


def _write_notice(conn: Connection, a: Analysis) -> FileOutcome:
    assert a.sha256 is not None
    doc_id = conn.execute(select(S.documents.c.id).where(S.documents.c.path == a.path)).scalar()
    previous_id, version = None, 1
    if doc_id is not None:
        current = conn.execute(
            select(S.notices.c.id, S.notices.c.version, S.notices.c.sha256)
            .where(S.notices.c.document_id == doc_id, S.notices.c.is_current)
        ).first()
        if current is not None:
            if current.sha256 == a.sha256:
                conn.execute(delete(S.failures).where(S.failures.c.path == a.path))
                return FileOutcome(a.path, "unchanged", current.id, current.version)
            conn.execute(update(S.notices).where(S.notices.c.id == current.id).values(is_current=False))
            previous_id, version = current.id, current.version + 1
    else:
        same = conn.execute(
            select(S.documents.c.path).join(S.notices, S.notices.c.document_id == S.documents.c.id)
            .where(S.notices.c.sha256 == a.sha256).limit(1)
        ).scalar()
        if same is not None:
            return FileOutcome(a.path, "duplicate", same_as=same)
        doc_id = conn.execute(insert(S.documents).values(path=a.path, created_at=_now()).returning(S.documents.c.id)).scalar_one()
    notice_id = conn.execute(
        insert(S.notices).values(
            document_id=doc_id, version=version, previous_id=previous_id, is_current=True, sha256=a.sha256,
            ingested_at=_now(), **_notice_columns(a),
        ).returning(S.notices.c.id)
    ).scalar_one()
    for table, rows in _child_rows(a).items():
        if rows:
            conn.execute(insert(table), [dict(r, notice_id=notice_id) for r in rows])
    conn.execute(delete(S.failures).where(S.failures.c.path == a.path))
    return FileOutcome(a.path, "new" if version == 1 else "version", notice_id, version)


def _write_failure(conn: Connection, path: str, sha256: str | None, error: str) -> FileOutcome:
    row = conn.execute(select(S.failures.c.sha256, S.failures.c.error).where(S.failures.c.path == path)).first()
    if row is None:
        now = _now()
        conn.execute(insert(S.failures).values(path=path, sha256=sha256, error=error, first_at=now, last_at=now))
    elif (row.sha256, row.error) != (sha256, error):
        conn.execute(update(S.failures).where(S.failures.c.path == path).values(sha256=sha256, error=error, last_at=_now()))
    return FileOutcome(path, "failed", error=error)


def _transaction(engine: Engine, work: Callable[[Connection], FileOutcome]) -> FileOutcome:
    """One transaction; retried once when another ingest wrote the same document meanwhile."""
    for attempt in range(2):
        try:
            with engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn, conn.begin():
                return work(conn)
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")


def write(engine: Engine, a: Analysis) -> FileOutcome:
    if a.error is not None or a.record is None:
        return _transaction(engine, lambda conn: _write_failure(conn, a.path, a.sha256, a.error or "failed"))
    return _transaction(engine, lambda conn: _write_notice(conn, a))


# --- the batch ------------------------------------------------------------------------------


def _known(engine: Engine) -> tuple[dict[str, str], dict[str, str], set[str]]:
    """path -> sha256 of its current version, sha256 -> path of every stored version, failed paths."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(S.documents.c.path, S.notices.c.sha256, S.notices.c.is_current)
            .join(S.notices, S.notices.c.document_id == S.documents.c.id)
        ).all()
        failed = set(conn.execute(select(S.failures.c.path)).scalars())
    current = {r.path: r.sha256 for r in rows if r.is_current}
    every: dict[str, str] = {}
    for r in rows:
        every.setdefault(r.sha256, r.path)
    return current, every, failed


def _analyses(todo: list[tuple[str, str]], jobs: int) -> Iterator[Analysis]:
    """Analyses in completion order, from `jobs` processes: the parent and jobs - 1 workers.

    The parent is one of the N: between writes it parses files itself, so N processes keep N
    cores busy instead of N + 1 competing for them. Each worker holds at most two files, so
    memory stays flat however long the batch.
    """
    if jobs <= 1:
        for path, sha in todo:
            yield analyse(path, sha)
        return
    import gc
    import multiprocessing

    if "fork" in multiprocessing.get_all_start_methods():
        # Fork from a warmed parent: the workers share its ~350 MB of dictionaries and spaCy
        # pipeline copy-on-write instead of each building their own, and start at once. They
        # never touch the parent's database connections, and leave through os._exit.
        warm_up()
        gc.freeze()  # keep the collector from writing to (and so copying) the shared pages
        ctx, warm = multiprocessing.get_context("fork"), False
    else:
        ctx, warm = multiprocessing.get_context("spawn"), True
    workers = jobs - 1
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_worker_init, initargs=(os.getpid(), warm)) as pool:
        pending: set[Future[Analysis]] = set()
        queue = iter(todo)
        exhausted = False
        try:
            while True:
                while not exhausted and len(pending) < 2 * workers:
                    nxt = next(queue, None)
                    if nxt is None:
                        exhausted = True
                    else:
                        pending.add(pool.submit(analyse, *nxt))
                ready = {f for f in pending if f.done()}
                if not ready:
                    nxt = None if exhausted else next(queue, None)
                    if nxt is not None:
                        yield analyse(*nxt)  # nothing to write yet: parse one here
                        continue
                    exhausted = True
                    if not pending:
                        return
                    ready, _ = wait(pending, return_when=FIRST_COMPLETED)
                pending -= ready
                for fut in ready:
                    yield fut.result()
        finally:
            for fut in pending:
                fut.cancel()
            gc.unfreeze()


def ingest(paths: Iterable[str], db: str | None = None, jobs: int = 1, progress: bool = False,
           engine: Engine | None = None) -> IngestReport:
    """Store every notice found in `paths` (files or folders) in the database `db`."""
    from extractor.api import iter_paths
    from extractor.store.db import connect

    started = time.perf_counter()
    if jobs < 1:
        raise ValueError("--jobs must be at least 1")
    files = [os.path.abspath(p) for p in iter_paths(list(paths))]
    own_engine = engine is None
    engine = engine or connect(db)
    report = IngestReport()
    from extractor.api import Progress

    bar = Progress(len(files), progress)
    try:
        current, every, failed = _known(engine)
        todo: list[tuple[str, str]] = []
        seen: set[str] = set()
        for path in files:
            if path in seen:
                continue
            seen.add(path)
            try:
                sha = file_sha256(path)
            except OSError as exc:
                report.files.append(write(engine, Analysis(path, None, error=f"{path}: {exc.strerror or exc}")))
                bar.step(os.path.basename(path))
                continue
            if current.get(path) == sha:
                if path in failed:  # it failed once as other content, and is back as stored
                    with engine.begin() as conn:
                        conn.execute(delete(S.failures).where(S.failures.c.path == path))
                report.files.append(FileOutcome(path, "unchanged"))
                bar.step(os.path.basename(path))
            elif path not in current and sha in every:
                report.files.append(FileOutcome(path, "duplicate", same_as=every[sha]))
                bar.step(os.path.basename(path))
            else:
                todo.append((path, sha))
                # A copy later in this batch is a duplicate of the first, whichever worker ends first.
                every.setdefault(sha, path)
        if jobs <= 1 and todo:
            warm_up()
        for analysis in _analyses(todo, jobs):
            report.files.append(write(engine, analysis))
            bar.step(os.path.basename(analysis.path))
    finally:
        if own_engine:
            engine.dispose()
    order = {path: i for i, path in enumerate(files)}
    report.files.sort(key=lambda f: order.get(f.path, len(order)))  # as named, not as finished
    report.seconds = time.perf_counter() - started
    return report
