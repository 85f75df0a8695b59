"""Policy version comparison: what changed between editions and levels of government.

The functions live in `extractor.compare.core` and load on first use, because `extractor --help`
imports this package for its `compare` command and must stay fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_CORE = ("LAYERS", "Side", "ref_of", "sides_of_file", "is_forward_of", "compare", "compare_sides", "summarize",
         "compare_files", "compare_many", "timeline")
_SUBMODULES = ("align", "passages", "rules", "evaluate", "report_md", "report_html", "cli", "core")

__all__ = sorted(_CORE)


def __getattr__(name: str) -> Any:
    if name in _CORE:
        return getattr(import_module("extractor.compare.core"), name)
    if name in _SUBMODULES:
        return import_module(f"extractor.compare.{name}")
    raise AttributeError(name)
