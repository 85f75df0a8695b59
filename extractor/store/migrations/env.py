"""Alembic environment for the corpus store.

Run by `extractor.store.db.upgrade`, which hands over an open connection inside a transaction;
a developer's `alembic -x db=URL ...` gets an engine of its own. One migration history serves
SQLite and PostgreSQL; dialect-only DDL (FTS5, tsvector) is branched inside the scripts.
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import text

from extractor.store.schema import metadata

# Objects that only the migrations know (see schema.py): not drift.
_MIGRATION_ONLY = {"passages_fts", "tsv", "ix_passages_tsv"}


def _include(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    return not (name in _MIGRATION_ONLY or (name or "").startswith("passages_fts"))


def _run(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        include_object=_include,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Two first-time ingests at once: the second waits here, then finds the work done.
            connection.execute(text("SELECT pg_advisory_xact_lock(74110601)"))
        context.run_migrations()


def _main() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from extractor.store.db import engine_for

    db = context.get_x_argument(as_dictionary=True).get("db") or context.config.get_main_option("sqlalchemy.url")
    engine = engine_for(db)
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()


_main()
