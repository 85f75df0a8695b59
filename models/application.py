"""A filled application form (申报书) and the reviewer's checklist filled from it."""

from __future__ import annotations

from pydantic import Field

from models.notice import Evidence, Record, Source


class FieldValue(Record):
    label: str
    value: str
    evidence: Evidence | None = None


class Application(Record):
    source: Source | None = None
    form_kind: str | None = None
    fields: dict[str, FieldValue] = Field(default_factory=dict)
    selected_directions: list[str] = Field(default_factory=list)
    unit_name: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    credit_code: str | None = None
    nature: list[str] = Field(default_factory=list)
    business: list[str] = Field(default_factory=list)
    listed: bool | None = None
    revenue: float | None = None
    info_revenue: float | None = None
    project_name: str | None = None
    declaration_signed: bool | None = None
    declaration_date: str | None = None
    materials: list[str] = Field(default_factory=list)


class ChecklistItem(Record):
    id: str
    rule: str
    status: str  # pass | fail | needs_review | not_applicable
    evidence: Evidence | None = None
    clause: Evidence | None = None
    reason: str = ""


class Checklist(Record):
    application: str | None = None
    notice: str | None = None
    items: list[ChecklistItem] = Field(default_factory=list)
    summary: dict[str, int] = Field(default_factory=dict)
