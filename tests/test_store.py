"""The corpus store: ingest, versions, failures, queries, search and export, on SQLite and on a
real PostgreSQL server (see tests/store_conftest.py), and an ingest killed half way."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from store_conftest import PG_URL, db_url, module_db_url  # noqa: F401 - fixtures

from extractor import api
from extractor.cli import main
from extractor.document import load
from extractor.store import schema as S
from extractor.store.db import HEAD, MIGRATIONS, StoreError, connect, downgrade, normalize_url, schema_revision, upgrade
from extractor.store.export import export
from extractor.store.ingest import ingest
from extractor.store.queries import (
    direction_history,
    edition,
    get_notice,
    list_failures,
    list_notices,
    notices_naming,
    search,
    versions,
)
from models import Notice

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpora" / "notices"
INVENTED = ROOT / "fixtures" / "notices"
BAD = ROOT / "fixtures" / "bad"
CORPUS = sorted([*SEEDS.glob("*.txt"), *INVENTED.glob("*.txt")])


def seed(prefix: str) -> Path:
    return next(p for p in CORPUS if p.name.startswith(prefix))


def counts(url: str) -> dict[str, int]:
    engine = connect(url)
    try:
        with engine.connect() as conn:
            return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in S.metadata.sorted_tables}
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def corpus(module_db_url):  # noqa: F811
    """The bundled notices and the invented ones, ingested once per backend."""
    report = ingest([str(SEEDS), str(INVENTED)], module_db_url)
    assert report.count("new") == len(CORPUS), report.summary()
    return module_db_url


@pytest.fixture(scope="module")
def parsed():
    return {str(p): api.parse(str(p)) for p in CORPUS}


@pytest.mark.parametrize("module", ["extractor.store.tokens", "extractor.store.db"])
def test_doctests(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0


# --- schema -----------------------------------------------------------------------------------


def test_migrations_build_exactly_the_declared_schema_and_go_back(db_url):  # noqa: F811
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from extractor.store.db import _alembic_config

    assert ScriptDirectory.from_config(_alembic_config()).get_current_head() == HEAD
    engine = connect(db_url)
    try:
        assert schema_revision(engine) == HEAD
        env = {}
        exec(compile((MIGRATIONS / "env.py").read_text().split("def _run")[0].replace("from alembic import context", ""), "env", "exec"), env)
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": env["_include"]})
            assert compare_metadata(ctx, S.metadata) == []
        downgrade(engine)
        with engine.connect() as conn:
            from sqlalchemy import inspect

            assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
        upgrade(engine)
        assert schema_revision(engine) == HEAD
    finally:
        engine.dispose()


def test_database_urls_and_their_errors(tmp_path):
    assert normalize_url("postgresql://u@127.0.0.1/x").drivername == "postgresql+psycopg"
    assert normalize_url("postgres://u@127.0.0.1/x").drivername == "postgresql+psycopg"
    assert normalize_url(str(tmp_path / "c.db")).database == str(tmp_path / "c.db")
    with pytest.raises(StoreError, match="unsupported database"):
        normalize_url("mysql://u@h/x")
    with pytest.raises(StoreError, match="no such directory"):
        normalize_url(str(tmp_path / "missing" / "c.db"))
    with pytest.raises(StoreError, match="no corpus database"):
        list_notices(str(tmp_path / "absent.db"))
    assert not (tmp_path / "absent.db").exists()  # a query never creates an empty corpus
    with pytest.raises(StoreError, match="cannot open"):
        connect("postgresql://nobody@127.0.0.1:1/none")


# --- ingest -----------------------------------------------------------------------------------


def test_each_notice_is_stored_with_its_record_text_and_fingerprint(corpus, parsed):
    engine = connect(corpus)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(S.documents.c.path, S.notices).join(S.notices, S.notices.c.document_id == S.documents.c.id)).all()
            assert len(rows) == len(CORPUS)
            for r in rows:
                path = Path(r.path)
                assert r.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
                assert r.text == load(path).text
                expected = parsed[str(path)]
                assert Notice.model_validate(r.record).model_dump(exclude={"source"}) == expected.model_dump(exclude={"source"})
                assert r.record["source"]["sha256"] == r.sha256 and r.record["source"]["path"] == str(path)
                assert (r.year, r.issuer, r.level, r.doc_number) == (expected.year, expected.issuer, expected.level, expected.doc_number)
                assert r.version == 1 and r.is_current and r.previous_id is None
                # Child rows: one per item, forwarded layer included, evidence offsets into the text.
                n_dirs = conn.execute(select(func.count()).where(S.directions.c.notice_id == r.id)).scalar_one()
                layers = [expected] + ([expected.forwarded] if expected.forwarded else [])
                assert n_dirs == sum(len(x.directions) for x in layers)
                for d in conn.execute(select(S.directions).where(S.directions.c.notice_id == r.id)):
                    assert r.text[d.span_start:d.span_end] == d.title
                # Passages cover every line with a word in it, in order, without overlap.
                spans = conn.execute(select(S.passages.c.span_start, S.passages.c.span_end).where(S.passages.c.notice_id == r.id)
                                     .order_by(S.passages.c.seq)).all()
                assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
                covered = "".join(r.text[s:e] for s, e in spans)
                lines = [ln for ln in r.text.split("\n") if re.search(r"\w", ln)]
                assert "".join(covered.split()) == "".join("".join(lines).split())
    finally:
        engine.dispose()


def test_ingesting_the_same_files_again_changes_nothing(db_url):  # noqa: F811
    first = ingest([str(SEEDS)], db_url)
    assert first.count("new") == 5
    before = counts(db_url)
    stamps = [(n.id, n.sha256) for n in list_notices(db_url, all_versions=True)]
    again = ingest([str(SEEDS)], db_url, jobs=2)
    assert again.count("unchanged") == 5 and len(again.files) == 5
    assert counts(db_url) == before
    assert [(n.id, n.sha256) for n in list_notices(db_url, all_versions=True)] == stamps


def test_a_changed_file_is_a_new_version_linked_to_the_old_one(db_url, tmp_path):  # noqa: F811
    path = tmp_path / "notice.txt"
    original = seed("fx_102").read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    assert ingest([str(path)], db_url).files[0].status == "new"
    path.write_text(original.replace("不超过十二个", "不超过十五个") + "\n适老化改造示例补充条款。\n", encoding="utf-8")
    out = ingest([str(path)], db_url).files[0]
    assert out.status == "version" and out.version == 2

    old, new = versions(db_url, str(path))
    assert (old.version, old.is_current, new.version, new.is_current) == (1, False, 2, True)
    assert new.previous_id == old.id and old.sha256 != new.sha256
    assert [n.id for n in list_notices(db_url)] == [new.id]  # queries see the current version
    assert {n.id for n in list_notices(db_url, all_versions=True)} == {old.id, new.id}
    national = [q for q in get_notice(db_url, new.id).quotas if q.recommender.startswith("省")]
    assert national[0].limit == 15
    assert [h.notice.id for h in search(db_url, "适老化改造示例补充条款")] == [new.id]
    assert search(db_url, "适老化改造示例补充条款", all_versions=True)[0].notice.id == new.id
    # Back to the first content: another version, not a silent no-op.
    path.write_text(original, encoding="utf-8")
    assert ingest([str(path)], db_url).files[0].status == "version"
    assert [v.version for v in versions(db_url, str(path))] == [1, 2, 3]


def test_the_same_content_under_another_path_is_stored_once(db_url, tmp_path):  # noqa: F811
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    shutil.copy(seed("000"), a / "n.txt")
    shutil.copy(seed("000"), b / "n.txt")
    report = ingest([str(a), str(b)], db_url, jobs=2)
    assert [f.status for f in report.files] == ["new", "duplicate"]
    assert report.files[1].same_as == str(a / "n.txt")
    assert counts(db_url)["notices"] == 1


def test_a_file_that_fails_is_stored_with_its_error_and_the_batch_goes_on(db_url, tmp_path):  # noqa: F811
    folder = tmp_path / "batch"
    folder.mkdir()
    bad = ["empty.txt", "nul_junk.txt", "corrupt.docx", "encrypted.pdf", "image_only.pdf"]
    for name in bad:
        shutil.copy(BAD / name, folder / name)
    for p in CORPUS[:4]:
        shutil.copy(p, folder / p.name)
    report = ingest([str(folder)], db_url, jobs=2)
    assert report.count("new") == 4 and report.count("failed") == 5
    stored = {Path(f.path).name: f for f in list_failures(db_url)}
    assert set(stored) == set(bad)
    for name in bad:
        with pytest.raises(Exception) as exc:
            api.parse(str(folder / name))
        assert stored[name].error == " ".join(str(exc.value).split())
        assert stored[name].sha256 == hashlib.sha256((folder / name).read_bytes()).hexdigest()
    # Same failures again: nothing changes. A fixed file leaves the failures behind.
    before = counts(db_url)
    assert ingest([str(folder)], db_url).count("failed") == 5
    assert counts(db_url) == before
    shutil.copy(seed("fx_104"), folder / "empty.txt")
    assert [f.status for f in ingest([str(folder / "empty.txt")], db_url).files] == ["new"]
    assert "empty.txt" not in {Path(f.path).name for f in list_failures(db_url)}


def test_two_jobs_store_the_same_corpus_as_one(tmp_path):
    one, two = f"sqlite:///{tmp_path}/one.db", f"sqlite:///{tmp_path}/two.db"
    ingest([str(SEEDS), str(INVENTED)], one, jobs=1)
    ingest([str(SEEDS), str(INVENTED)], two, jobs=2)

    def records(url: str) -> dict[str, tuple]:
        engine = connect(url)
        with engine.connect() as conn:
            rows = conn.execute(select(S.documents.c.path, S.notices.c.record, S.notices.c.text)
                                .join(S.notices, S.notices.c.document_id == S.documents.c.id)).all()
        engine.dispose()
        return {r.path: (json.dumps(r.record, sort_keys=True), r.text) for r in rows}

    assert records(one) == records(two)
    assert counts(one) == counts(two)


# --- queries ----------------------------------------------------------------------------------


def test_notices_by_year_issuer_and_level(corpus, parsed):
    def expected(pred) -> set[str]:
        return {p for p, n in parsed.items() if pred(n)}

    assert {n.path for n in list_notices(corpus, year=2024)} == expected(lambda n: n.year == 2024)
    assert {n.path for n in list_notices(corpus, level="provincial")} == expected(lambda n: n.level == "provincial")
    assert {n.path for n in list_notices(corpus, level="national", year=2021)} == expected(lambda n: n.level == "national" and n.year == 2021)
    ministry = {n.path for n in list_notices(corpus, issuer="工业和信息化部")}
    assert str(seed("000")) in ministry and str(seed("fx_102")) in ministry
    assert str(seed("fx_101")) not in ministry
    years = [n.year for n in list_notices(corpus)]
    assert years == sorted(years, key=lambda y: (y is None, y or 0))  # oldest first, undated last


def test_what_was_in_force_for_an_edition(corpus, parsed):
    (ed,) = edition(corpus, year=2024, level="national")
    notice = parsed[str(seed("fx_102"))]
    assert [d.values["title"] for d in ed.directions] == [d.title for d in notice.directions]
    assert [(q.values["recommender"], q.values["limit"], q.values["extra"]) for q in ed.quotas] == \
        [(q.recommender, q.limit, q.extra) for q in notice.quotas]
    assert [d.values["date"] for d in ed.deadlines] == [d.date for d in notice.deadlines]
    assert all(x.evidence is not None and x.evidence.text for x in ed.directions + ed.quotas + ed.deadlines)

    # A forward: the ministry's directions through the forwarded layer, the province's own deadline.
    (gd,) = edition(corpus, year=2023, issuer="广东")
    forward = parsed[str(seed("002"))]
    assert {d.layer for d in gd.directions} == {"forwarded"}
    assert [d.values["title"] for d in gd.directions] == [d.title for d in forward.forwarded.directions]
    assert ("own", forward.deadlines[0].date) in {(d.layer, d.values["date"]) for d in gd.deadlines}
    assert edition(corpus, doc_number=notice.doc_number)[0].notice.path == str(seed("fx_102"))


def test_which_notices_name_a_city(corpus, parsed):
    listing = {p for p, n in parsed.items() if any(c.name == "深圳市" for cl in n.city_lists for c in cl.cities)}
    assert listing, "the fixtures list 深圳市 as a demonstration city"
    for spelling in ("深圳", "深圳市"):
        hits = notices_naming(corpus, spelling)
        assert listing <= {h.notice.path for h in hits}
        for h in hits:
            assert h.city == "深圳市" and h.evidence
            assert all("深圳" in ev.text for ev in h.evidence)
            if h.notice.path in listing:
                assert "list" in h.roles and h.tiers
    # Quota cities resolve too: Guangdong's own quota names 广州 and 佛山.
    foshan = {h.notice.path: h for h in notices_naming(corpus, "佛山")}
    assert "quota" in foshan[str(seed("002"))].roles
    assert notices_naming(corpus, "克拉玛依市") == []


def test_the_history_of_a_direction_follows_its_renames(corpus):
    steps = direction_history(corpus, "信息消费体验中心")
    assert [s.notice.year for s in steps] == sorted(s.notice.year for s in steps)
    by_year = {s.notice.year: s for s in steps}
    assert by_year[2018].title == "信息消费体验服务"  # the 2018 name, reached through the alignment
    assert by_year[2021].title == "信息消费体验中心" and by_year[2021].change == "renamed"
    assert by_year[2021].came_from == ["信息消费体验服务"]
    # One edition per year: the national notice with an issuer, not its guide saved alone.
    assert by_year[2021].notice.path == str(seed("000"))

    assert by_year[2024].title == "信息消费体验中心" and by_year[2024].notice.level == "national"
    assert all(s.direction and s.direction["evidence"]["text"] == s.title for s in steps if s.title)
    with pytest.raises(LookupError):
        direction_history(corpus, "量子计算机租赁")


def _has_compare() -> bool:
    try:
        from extractor.compare import compare  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.skipif(not _has_compare(), reason="extractor.compare.compare is not there: the history falls back to title similarity")
def test_the_history_uses_the_comparison_alignment_for_merges(corpus):
    merged = {s.notice.year: s for s in direction_history(corpus, "医疗教育服务")}[2021]
    assert merged.change == "merged" and "健康医疗服务" in merged.came_from and len(merged.came_from) >= 2


def test_the_fallback_alignment_pairs_renamed_directions(parsed):
    from extractor.store.queries import _fuzzy_align

    changes = _fuzzy_align(parsed[str(seed("004"))], parsed[str(seed("000"))])
    pairs = {(tuple(c.old), tuple(c.new)): c.change for c in changes}
    assert pairs[(("信息消费体验服务",), ("信息消费体验中心",))] == "renamed"
    titles_old = [d.title for d in parsed[str(seed("004"))].directions]
    assert sorted(t for c in changes for t in c.old) == sorted(titles_old)  # each old direction accounted for once


# --- search -----------------------------------------------------------------------------------


def test_search_returns_passages_with_evidence_offsets(corpus):
    engine = connect(corpus)
    try:
        found = search(engine, "示范城市名单", limit=50)
        assert found
        with engine.connect() as conn:
            texts = dict(conn.execute(select(S.notices.c.id, S.notices.c.text)).all())
        for h in found:
            full = texts[h.notice.id]
            assert full[h.passage.start:h.passage.end] == h.passage.text
            assert h.hits and all(full[x.start:x.end] == x.text for x in h.hits)
            assert "名单" in h.passage.text and ("示范城市" in h.passage.text or {"示范", "城市"} <= {x.text for x in h.hits})
            assert h.exact == ("示范城市名单" in h.passage.text)
        # Passages holding the query word for word come first, each group by relevance.
        exact = [h.exact for h in found]
        assert exact == sorted(exact, reverse=True) and exact[0]
        for group in (True, False):
            scores = [h.score for h in found if h.exact is group]
            assert scores == sorted(scores, reverse=True)
        # jieba cuts 示范城市 inside 信息消费示范城市名单 differently than alone: still found.
        assert {h.notice.id for h in search(engine, "示范城市", limit=50)} >= {h.notice.id for h in found}
        # Several words: all must be in the passage.
        for h in search(engine, "体验中心 面积", limit=20):
            assert "体验中心" in h.passage.text and "面积" in h.passage.text
        hk = search(engine, "香港示例数码消费协会")
        assert hk and all(h.notice.path.endswith("fx_104_hongkong_traditional.txt") for h in hk)
        assert search(engine, "量子纠缠") == []
        assert {h.notice.year for h in search(engine, "信息消费", year=2024, limit=50)} == {2024}
        with pytest.raises(ValueError, match="no words"):
            search(engine, "，。")
    finally:
        engine.dispose()


@pytest.mark.skipif(not PG_URL, reason="needs EXTRACTOR_TEST_PG_URL to compare with PostgreSQL")
def test_sqlite_and_postgresql_agree(tmp_path):
    from store_conftest import _drop_pg_database, _fresh_pg_database

    lite = f"sqlite:///{tmp_path}/c.db"
    pg, name = _fresh_pg_database()
    try:
        for url in (lite, pg):
            ingest([str(SEEDS), str(INVENTED)], url)
        for query in ("信息消费", "示范城市", "体验中心 面积", "申报书", "5G", "广州", "数字健康养老服务"):
            def spans(url: str, q: str = query) -> set[tuple[str, int, int]]:
                return {(h.notice.path, h.passage.start, h.passage.end) for h in search(url, q, limit=1000)}

            assert spans(lite) == spans(pg), query
        for url in (lite, pg):
            export(url, "jsonl", str(tmp_path / f"{url.split(':')[0]}.jsonl"))
        assert (tmp_path / "sqlite.jsonl").read_text(encoding="utf-8") == (tmp_path / "postgresql.jsonl").read_text(encoding="utf-8")
        assert list_notices(lite) == [n for n in list_notices(pg)]  # ids, order and every column
    finally:
        _drop_pg_database(name)


# --- export and the command line --------------------------------------------------------------


def test_export_jsonl_and_xlsx(corpus, tmp_path, parsed):
    from openpyxl import load_workbook

    out = tmp_path / "corpus.jsonl"
    assert export(corpus, "jsonl", str(out)) == len(CORPUS)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert sorted(lines) == sorted(n.model_dump_json() for n in parsed.values())  # as `parse --format jsonl`
    xlsx = tmp_path / "corpus.xlsx"
    assert export(corpus, "xlsx", str(xlsx)) == len(CORPUS)
    wb = load_workbook(xlsx, read_only=True)
    assert wb.sheetnames == ["notices", "directions", "quotas", "deadlines", "cities", "failures"]
    sheet = {name: list(wb[name].iter_rows(values_only=True)) for name in wb.sheetnames}
    header = sheet["notices"][0]
    rows = [dict(zip(header, r, strict=True)) for r in sheet["notices"][1:]]
    assert {(r["path"], r["title"], r["year"]) for r in rows} == {(p, n.title, n.year) for p, n in parsed.items()}
    n_dirs = sum(len(n.directions) + (len(n.forwarded.directions) if n.forwarded else 0) for n in parsed.values())
    assert len(sheet["directions"]) == n_dirs + 1
    assert len(sheet["deadlines"]) == sum(len(n.deadlines) + (len(n.forwarded.deadlines) if n.forwarded else 0) for n in parsed.values()) + 1
    with pytest.raises(ValueError, match="needs a file"):
        export(corpus, "xlsx", None)


def test_cli_commands_and_their_errors(tmp_path, capsys):
    db = f"sqlite:///{tmp_path}/cli.db"
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seed("fx_102"), folder / "n.txt")
    shutil.copy(BAD / "empty.txt", folder / "empty.txt")
    assert main(["ingest", str(folder), "--db", db, "-q"]) == 2  # one file failed, the other is stored
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("extractor: error: ") and "empty.txt" in err[0]
    assert "1 new, 1 failed" in err[1]
    assert main(["query", "notices", "--db", db, "--json"]) == 0
    (row,) = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert row["year"] == 2024 and row["path"] == str(folder / "n.txt")
    assert main(["search", "体验中心", "--db", db]) == 0
    assert "【体验中心】" in capsys.readouterr().out
    assert main(["query", "failures", "--db", db]) == 0
    assert "the file is empty" in capsys.readouterr().out
    assert main(["query", "city", "深圳", "--db", db]) == 0
    assert "深圳市: list" in capsys.readouterr().out
    assert main(["export", "--db", db]) == 0
    assert json.loads(capsys.readouterr().out)["year"] == 2024
    for argv, says in (
        (["query", "notices", "--db", str(tmp_path / "none.db")], "no corpus database"),
        (["search", "信息", "--db", "postgresql://nobody@127.0.0.1:1/x"], "cannot open"),
        (["search", "，", "--db", db], "no words"),
        (["query", "show", "999", "--db", db], "no notice with id 999"),
        (["export", "--format", "xlsx", "--db", db], "needs a file"),
    ):
        assert main(argv) == 2, argv
        lines = capsys.readouterr().err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("extractor: error: ") and says in lines[0], lines


# --- an ingest killed half way ----------------------------------------------------------------


def _consistent(url: str) -> set[str]:
    """Every stored notice whole (record, text, child rows, index); returns the stored paths."""
    engine = connect(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(S.documents.c.path, S.notices).join(S.notices, S.notices.c.document_id == S.documents.c.id)).all()
            n_docs = conn.execute(select(func.count()).select_from(S.documents)).scalar_one()
            assert n_docs == len(rows), "a document row without its notice: a partial write"
            for r in rows:
                assert r.record and r.text and r.record["source"]["sha256"] == r.sha256
                n_dirs = conn.execute(select(func.count()).where(S.directions.c.notice_id == r.id)).scalar_one()
                fwd = r.record.get("forwarded") or {}
                assert n_dirs == len(r.record["directions"]) + len(fwd.get("directions", []))
                assert conn.execute(select(func.count()).where(S.passages.c.notice_id == r.id)).scalar_one() > 0
            n_passages = conn.execute(select(func.count()).select_from(S.passages)).scalar_one()
            if engine.dialect.name == "sqlite":
                assert conn.execute(text("SELECT count(*) FROM passages_fts")).scalar_one() == n_passages
                assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
            else:
                assert conn.execute(text("SELECT count(*) FROM passages WHERE tsv IS NULL")).scalar_one() == 0
            assert conn.execute(select(func.count()).select_from(S.failures)).scalar_one() == 0
        return {r.path for r in rows}
    finally:
        engine.dispose()


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_ingest_killed_half_way_loses_nothing_and_resumes(db_url, tmp_path, jobs):  # noqa: F811
    from extractor.store.bench import generate

    files = {str(p) for p in generate(150, tmp_path / "in")}
    cmd = [sys.executable, "-m", "extractor", "ingest", str(tmp_path / "in"), "--db", db_url, "--jobs", str(jobs), "-q"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    connect(db_url).dispose()  # the schema exists before we watch the table
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    engine = connect(db_url)
    stored = 0
    try:
        deadline = time.monotonic() + 120
        while stored < 10 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
            with engine.connect() as conn:
                stored = conn.execute(select(func.count()).select_from(S.notices)).scalar_one()
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        engine.dispose()
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    if jobs > 1:
        time.sleep(1.5)  # orphaned workers notice their parent is gone and leave
        left = subprocess.run(["pgrep", "-f", str(tmp_path / "in")], capture_output=True, text=True).stdout.split()
        assert left == [], "worker processes outlived the killed ingest"

    done = _consistent(db_url)
    assert 10 <= len(done) < len(files)
    assert done <= files

    rerun = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert re.search(rf"\b{len(files) - len(done)} new, {len(done)} unchanged\b", rerun.stderr), rerun.stderr
    assert _consistent(db_url) == files
    c = counts(db_url)
    assert c["documents"] == c["notices"] == len(files)  # each exactly once
