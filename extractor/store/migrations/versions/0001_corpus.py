"""The corpus: documents, notice versions, their directions, quotas, deadlines, cities, passages,
failures; full-text search over the passages (FTS5 on SQLite, tsvector + GIN on PostgreSQL).

Revision ID: 0001
Revises:
Create Date: 2025-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

# Frozen copies of the types: a migration must not change when schema.py does.
Json = sa.JSON().with_variant(JSONB(), "postgresql")
Stamp = sa.DateTime(timezone=True)


def _child(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("notice_id", sa.Integer, sa.ForeignKey("notices.id", ondelete="CASCADE"), nullable=False),
        sa.Column("layer", sa.String(16), nullable=False),
        *columns,
        sa.Column("span_start", sa.Integer),
        sa.Column("span_end", sa.Integer),
    )
    op.create_index(op.f(f"ix_{name}_notice_id"), name, ["notice_id"])


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("path", sa.Text, nullable=False, unique=True),
        sa.Column("created_at", Stamp, nullable=False),
    )
    op.create_table(
        "notices",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("previous_id", sa.Integer, sa.ForeignKey("notices.id"), nullable=True),
        sa.Column("is_current", sa.Boolean, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("ingested_at", Stamp, nullable=False),
        sa.Column("format", sa.String(8)),
        sa.Column("script", sa.String(16)),
        sa.Column("issuer", sa.Text),
        sa.Column("doc_number", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("year", sa.Integer),
        sa.Column("level", sa.String(16)),
        sa.Column("program", sa.Text),
        sa.Column("date", sa.String(10)),
        sa.Column("forwarded_doc_number", sa.Text),
        sa.Column("record", Json, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.UniqueConstraint("document_id", "version"),
    )
    for column in ("document_id", "sha256", "year", "level"):
        op.create_index(op.f(f"ix_notices_{column}"), "notices", [column])
    op.create_index(
        "uq_notices_one_current", "notices", ["document_id"], unique=True,
        sqlite_where=sa.text("is_current"), postgresql_where=sa.text("is_current"),
    )
    _child(
        "directions",
        sa.Column("number", sa.Integer),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("category", sa.Text),
        sa.Column("description", sa.Text),
        sa.Column("keywords", Json),
    )
    _child(
        "quotas",
        sa.Column("recommender", sa.Text, nullable=False),
        sa.Column("quota_limit", sa.Integer),
        sa.Column("direction", sa.Text),
        sa.Column("extra", sa.Boolean, nullable=False),
        sa.Column("cities", Json),
        sa.Column("note", sa.Text),
    )
    _child(
        "deadlines",
        sa.Column("date", sa.String(10), nullable=False),
        sa.Column("actor", sa.Text),
        sa.Column("action", sa.Text),
    )
    _child(
        "cities",
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("province", sa.Text),
        sa.Column("code", sa.String(6)),
        sa.Column("role", sa.String(8), nullable=False),
        sa.Column("tier", sa.Text),
    )
    op.create_index(op.f("ix_cities_name"), "cities", ["name"])
    _child(
        "passages",
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("tokens", sa.Text, nullable=False),
    )
    op.create_table(
        "failures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("path", sa.Text, nullable=False, unique=True),
        sa.Column("sha256", sa.String(64)),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("first_at", Stamp, nullable=False),
        sa.Column("last_at", Stamp, nullable=False),
    )

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        # An external-content FTS5 index over the jieba tokens; triggers keep it in step with
        # passages inside the same transaction, so a killed ingest leaves neither half.
        op.execute(
            "CREATE VIRTUAL TABLE passages_fts USING fts5("
            "tokens, content='passages', content_rowid='id', tokenize='unicode61')"
        )
        op.execute(
            "CREATE TRIGGER passages_fts_ai AFTER INSERT ON passages BEGIN "
            "INSERT INTO passages_fts(rowid, tokens) VALUES (new.id, new.tokens); END"
        )
        op.execute(
            "CREATE TRIGGER passages_fts_ad AFTER DELETE ON passages BEGIN "
            "INSERT INTO passages_fts(passages_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); END"
        )
        op.execute(
            "CREATE TRIGGER passages_fts_au AFTER UPDATE ON passages BEGIN "
            "INSERT INTO passages_fts(passages_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); "
            "INSERT INTO passages_fts(rowid, tokens) VALUES (new.id, new.tokens); END"
        )
    elif dialect == "postgresql":
        # The same lexemes, taken as they are: array_to_tsvector runs no parser, no stemmer and
        # no locale, so PostgreSQL matches exactly what SQLite matches.
        op.execute(
            "ALTER TABLE passages ADD COLUMN tsv tsvector "
            "GENERATED ALWAYS AS (array_to_tsvector(string_to_array(tokens, ' '))) STORED"
        )
        op.execute("CREATE INDEX ix_passages_tsv ON passages USING gin (tsv)")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("passages_fts_ai", "passages_fts_ad", "passages_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS passages_fts")
    for table in ("failures", "passages", "cities", "deadlines", "quotas", "directions", "notices", "documents"):
        op.drop_table(table)
