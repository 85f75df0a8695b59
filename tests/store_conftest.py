"""Fixtures for tests/test_store.py: the same tests against SQLite and a real PostgreSQL server.

PostgreSQL runs when EXTRACTOR_TEST_PG_URL is set (`. .ci/postgres.sh` starts a throwaway server
and sets it; .ci/run does so). Each test that writes gets a database of its own, created on that
server and dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_URL = os.environ.get("EXTRACTOR_TEST_PG_URL")
PG_SKIP = "EXTRACTOR_TEST_PG_URL is not set: start a server with `. .ci/postgres.sh` (CI does)"
BACKENDS = [
    "sqlite",
    pytest.param("postgresql", marks=pytest.mark.skipif(not PG_URL, reason=PG_SKIP)),
]


def _pg_admin():  # noqa: ANN202 - a SQLAlchemy engine in autocommit, for CREATE/DROP DATABASE
    from sqlalchemy import create_engine

    from extractor.store.db import normalize_url

    return create_engine(normalize_url(PG_URL), isolation_level="AUTOCOMMIT")


def _fresh_pg_database() -> tuple[str, str]:
    from sqlalchemy import text

    from extractor.store.db import normalize_url

    name = f"extractor_t_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = normalize_url(PG_URL).set(drivername="postgresql", database=name)
    return url.render_as_string(hide_password=False), name


def _drop_pg_database(name: str) -> None:
    from sqlalchemy import text

    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _new_database(backend: str, folder: Path) -> tuple[str, str | None]:
    if backend == "sqlite":
        return f"sqlite:///{folder / f'corpus-{uuid.uuid4().hex[:8]}.db'}", None
    return _fresh_pg_database()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty corpus database (no schema yet) on each backend."""
    url, pg_name = _new_database(request.param, tmp_path)
    yield url
    if pg_name:
        _drop_pg_database(pg_name)


@pytest.fixture(scope="module", params=BACKENDS)
def module_db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database shared by a module's read-only tests, on each backend."""
    url, pg_name = _new_database(request.param, tmp_path_factory.mktemp("corpus"))
    yield url
    if pg_name:
        _drop_pg_database(pg_name)
