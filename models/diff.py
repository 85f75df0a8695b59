"""What changed between two notices."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from models.notice import Record


class DirectionChange(Record):
    change: str  # unchanged | renamed | modified | added | removed | merged | split
    old: list[str] = Field(default_factory=list)
    new: list[str] = Field(default_factory=list)
    similarity: float | None = None
    ambiguous: bool = False
    candidates: list[dict[str, Any]] = Field(default_factory=list)


class CityChanges(Record):
    added: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    tier_changed: list[dict[str, str]] = Field(default_factory=list)


class PolicyDiff(Record):
    old: str | None = None
    new: str | None = None
    directions: list[DirectionChange] = Field(default_factory=list)
    quotas: list[dict[str, Any]] = Field(default_factory=list)
    cities: CityChanges = Field(default_factory=CityChanges)
    deadlines: list[dict[str, Any]] = Field(default_factory=list)
    text_changes: list[dict[str, Any]] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
