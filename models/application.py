"""A filled application form (申报书), the reviewer's checklist filled from it, and a batch report."""

from __future__ import annotations

from pydantic import Field

from models.notice import Evidence, Record, Source


class FieldValue(Record):
    label: str  # the label as the application prints it (before matching)
    value: str  # the answer, guidance text and blanks removed; "" when left empty
    key: str = ""  # the form field it landed in
    evidence: Evidence | None = None
    score: float | None = None  # how closely the printed label matched the form's (0-100)
    ticked: list[str] = Field(default_factory=list)  # checkbox groups: the options ticked
    unclear: list[str] = Field(default_factory=list)  # options whose mark cannot be read as tick or not
    other: str | None = None  # 其他（请注明）：…


class Application(Record):
    source: Source | None = None
    form_kind: str | None = None  # the form it was read against: title and direction
    form_title: str | None = None
    fields: dict[str, FieldValue] = Field(default_factory=dict)  # field key → value
    selected_directions: list[str] = Field(default_factory=list)  # as printed: 方向1：数字创意内容和服务
    direction_evidence: Evidence | None = None
    unit_name: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None
    legal_representative: str | None = None
    registered_address: str | None = None
    credit_code: str | None = None
    nature: list[str] = Field(default_factory=list)
    business: list[str] = Field(default_factory=list)
    listed: bool | None = None
    listing: dict[str, str] = Field(default_factory=dict)  # 上市时间 / 上市地点 / 股票代码
    revenue: float | None = None  # 主营业务收入, in the form's unit
    info_revenue: float | None = None  # 信息消费相关业务收入
    revenue_unit: str | None = None
    project_name: str | None = None
    project_texts: dict[str, str] = Field(default_factory=dict)  # the narrative sections, by field key
    application_date: str | None = None  # ISO, from the cover
    declaration_signed: bool | None = None
    declaration_signer: str | None = None
    declaration_date: str | None = None  # ISO
    declaration_evidence: Evidence | None = None
    materials: list[str] = Field(default_factory=list)  # the form's materials found attached
    materials_missing: list[str] = Field(default_factory=list)
    material_evidence: dict[str, Evidence] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)


class ChecklistItem(Record):
    id: str
    rule: str  # the rule in plain Chinese
    status: str  # pass | fail | needs_review | not_applicable
    evidence: Evidence | None = None  # from the application
    clause: Evidence | None = None  # where the notice states the rule
    reason: str = ""
    fields: list[str] = Field(default_factory=list)  # the fields (or materials) at fault


class Checklist(Record):
    application: str | None = None
    notice: str | None = None
    form: str | None = None
    verdict: str | None = None  # fail if any item fails, else needs_review if any does, else pass
    items: list[ChecklistItem] = Field(default_factory=list)
    summary: dict[str, int] = Field(default_factory=dict)


class BatchEntry(Record):
    """One application of a batch: its line in the summary table and where it stands in the quota."""

    index: int
    path: str
    unit_name: str | None = None
    project_name: str | None = None
    contact: str | None = None
    direction: str | None = None
    verdict: str | None = None
    quota_status: str | None = None  # counted | extra | over | None (no quota for its direction)
    remark: str = ""
    error: str | None = None
    checklist: Checklist | None = None


class BatchReport(Record):
    notice: str | None = None
    recommender: str | None = None
    entries: list[BatchEntry] = Field(default_factory=list)
    items: list[ChecklistItem] = Field(default_factory=list)  # the batch's own rules (quotas)
    summary: dict[str, int] = Field(default_factory=dict)
