"""The corpus tables, in SQLAlchemy Core: one description for SQLite and PostgreSQL.

The migrations in `migrations/versions/` create these tables; a test checks that a migrated
database matches this metadata, so the two cannot drift apart. What SQLAlchemy cannot describe
portably lives only in the migrations: the FTS5 index and its triggers (SQLite), the tsvector
column and its GIN index (PostgreSQL).

A *document* is one file path; each distinct content read from it is a *notice* row (a version),
linked to the version it replaced. Child rows (directions, quotas, deadlines, cities, passages)
belong to one notice row and carry the evidence offsets into that row's normalised text.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB

# Stable constraint names, so later migrations can name what they alter on both databases.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# JSON as text on SQLite, queryable jsonb on PostgreSQL.
Json = JSON().with_variant(JSONB(), "postgresql")

LAYERS = ("own", "forwarded")  # a forward's own text, and the notice it wraps

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("path", Text, nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

notices = Table(
    "notices",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("previous_id", Integer, ForeignKey("notices.id"), nullable=True),
    Column("is_current", Boolean, nullable=False),
    Column("sha256", String(64), nullable=False, index=True),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("format", String(8)),
    Column("script", String(16)),
    Column("issuer", Text),
    Column("doc_number", Text),
    Column("title", Text),
    Column("year", Integer, index=True),
    Column("level", String(16), index=True),
    Column("program", Text),
    Column("date", String(10)),
    Column("forwarded_doc_number", Text),
    Column("record", Json, nullable=False),  # the whole Notice, as `extractor parse` gives it
    Column("text", Text, nullable=False),  # the normalised text every evidence offset points into
    UniqueConstraint("document_id", "version"),
)
# At most one current version per document, enforced by the database itself.
Index(
    "uq_notices_one_current",
    notices.c.document_id,
    unique=True,
    sqlite_where=notices.c.is_current,
    postgresql_where=notices.c.is_current,
)


def _child(name: str, *columns: Column) -> Table:
    return Table(
        name,
        metadata,
        Column("id", Integer, primary_key=True),
        Column("notice_id", Integer, ForeignKey("notices.id", ondelete="CASCADE"), nullable=False, index=True),
        Column("layer", String(16), nullable=False),
        *columns,
        # Evidence offsets into the notice's normalised text (`start`/`end` are SQL keywords).
        Column("span_start", Integer),
        Column("span_end", Integer),
    )


directions = _child(
    "directions",
    Column("number", Integer),
    Column("title", Text, nullable=False),
    Column("category", Text),
    Column("description", Text),
    Column("keywords", Json),
)

quotas = _child(
    "quotas",
    Column("recommender", Text, nullable=False),
    Column("quota_limit", Integer),  # NULL: explicitly no limit
    Column("direction", Text),  # NULL: all directions
    Column("extra", Boolean, nullable=False),
    Column("cities", Json),
    Column("note", Text),
)

deadlines = _child(
    "deadlines",
    Column("date", String(10), nullable=False),
    Column("actor", Text),
    Column("action", Text),
)

# Every city a notice names: in a demonstration-city list (role "list", with its tier), in a
# quota (role "quota"), or anywhere in its text (role "text").
cities = _child(
    "cities",
    Column("name", Text, nullable=False, index=True),
    Column("province", Text),
    Column("code", String(6)),
    Column("role", String(8), nullable=False),
    Column("tier", Text),
)

passages = _child(
    "passages",
    Column("seq", Integer, nullable=False),
    Column("tokens", Text, nullable=False),  # jieba search-mode lexemes, space separated
)

failures = Table(
    "failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("path", Text, nullable=False, unique=True),
    Column("sha256", String(64)),  # NULL when the file could not even be read
    Column("error", Text, nullable=False),
    Column("first_at", DateTime(timezone=True), nullable=False),
    Column("last_at", DateTime(timezone=True), nullable=False),
)
