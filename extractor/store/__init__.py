"""The corpus store: notices ingested into SQLite (default) or PostgreSQL, then queried and searched.

    from extractor import store
    store.ingest(["corpora/notices"], "sqlite:///corpus.db", jobs=2)
    store.search("sqlite:///corpus.db", "信息消费体验中心")
    store.list_notices("sqlite:///corpus.db", year=2024, level="national")

The names below load on first use: `extractor --help` imports this package for its commands and
must not pay for SQLAlchemy.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "connect": "extractor.store.db",
    "StoreError": "extractor.store.db",
    "ingest": "extractor.store.ingest",
    "IngestReport": "extractor.store.ingest",
    "list_notices": "extractor.store.queries",
    "list_failures": "extractor.store.queries",
    "versions": "extractor.store.queries",
    "get_notice": "extractor.store.queries",
    "edition": "extractor.store.queries",
    "notices_naming": "extractor.store.queries",
    "direction_history": "extractor.store.queries",
    "search": "extractor.store.queries",
    "export": "extractor.store.export",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'extractor.store' has no attribute {name!r}")
