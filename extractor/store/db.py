"""Connecting to a corpus database, SQLite or PostgreSQL, and bringing its schema up to date.

Users never run Alembic themselves: `connect()` applies the package's migrations the first time a
database is opened by a newer extractor, and checks one row on every later open.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest migration; tests check it against the scripts so a new one cannot be forgotten here.
HEAD = "0001"
DEFAULT_DB = "sqlite:///notices.db"
ENV_DB = "EXTRACTOR_DB"


class StoreError(Exception):
    """A problem with the database a user named: shown as one line, exit status 2."""


def default_url() -> str:
    return os.environ.get(ENV_DB) or DEFAULT_DB


def normalize_url(db: str | None) -> URL:
    """The SQLAlchemy URL for what a user typed: a URL, or a plain path to an SQLite file.

    >>> normalize_url("postgresql://u@127.0.0.1:5432/corpus").drivername
    'postgresql+psycopg'
    >>> normalize_url("corpus.db").database.endswith("/corpus.db")
    True
    """
    raw = (db or default_url()).strip()
    if "://" not in raw:
        raw = "sqlite:///" + os.path.abspath(raw)
    if raw.startswith("postgres://"):
        raw = "postgresql://" + raw[len("postgres://"):]
    try:
        url = make_url(raw)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {raw!r} (use sqlite:///FILE or postgresql://USER@HOST/DB)") from exc
    backend = url.get_backend_name()
    if backend == "postgresql" and url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")  # psycopg 3 is the driver we ship with
    elif backend not in ("sqlite", "postgresql"):
        raise StoreError(f"unsupported database {backend!r}: use sqlite:///FILE or postgresql://USER@HOST/DB")
    if backend == "sqlite" and url.database and url.database != ":memory:":
        folder = os.path.dirname(os.path.abspath(url.database))
        if not os.path.isdir(folder):
            raise StoreError(f"no such directory for the database file: {folder}")
    return url


def display(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)  # Chinese stays readable in the database


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # The driver's own transaction handling skips BEGIN before DDL; we issue BEGIN ourselves
        # so a migration or an ingest killed half way rolls back whole.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA busy_timeout = 60000")
        # WAL: readers (queries, search) keep working while an ingest writes; NORMAL sync loses
        # nothing when a process is killed, only (at worst) the last commits on power loss.
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A writer asks for IMMEDIATE: it takes the write lock up front instead of failing later.
        mode = conn.get_execution_options().get("sqlite_begin", "")
        conn.exec_driver_sql(f"BEGIN {mode}".strip())


def engine_for(db: str | None) -> Engine:
    url = normalize_url(db)
    kwargs: dict[str, Any] = {"json_serializer": _json}
    if url.get_backend_name() == "postgresql":
        kwargs["pool_pre_ping"] = True
    engine = create_engine(url, **kwargs)
    if url.get_backend_name() == "sqlite":
        _sqlite_setup(engine)
    return engine


def schema_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _alembic_config(connection: Any = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    from alembic import command

    with engine.begin() as conn:
        command.downgrade(_alembic_config(conn), revision)


def connect(db: str | None = None, *, migrate: bool = True, create: bool = True) -> Engine:
    """An engine for the corpus database, its schema at the newest revision.

    `create=False` (the query commands): a missing SQLite file is an error, not a new empty corpus.
    """
    from sqlalchemy.exc import OperationalError

    url = normalize_url(db)
    if not create and url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        if not os.path.exists(url.database):
            raise StoreError(f"no corpus database at {url.database}: run `extractor ingest PATH... --db {display(url)}` first")
    engine = engine_for(db)
    try:
        current = schema_revision(engine)
        if current != HEAD and migrate:
            if current is not None and not any((MIGRATIONS / "versions").glob(f"{current}_*.py")):
                raise StoreError(f"the database schema ({current}) is newer than this extractor knows ({HEAD}): upgrade extractor")
            upgrade(engine)
    except OperationalError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreError(f"cannot open {display(engine.url)}: {reason}") from exc
    return engine
