"""Pydantic records: the JSON contract other tools rely on. Imports nothing of the project."""

from models.application import Application, Checklist, ChecklistItem, FieldValue
from models.diff import CityChanges, DirectionChange, PolicyDiff
from models.notice import (
    Address,
    Attachment,
    Category,
    City,
    CityList,
    Contact,
    Deadline,
    Direction,
    Eligibility,
    Evidence,
    FormField,
    FormTemplate,
    Notice,
    Quota,
    Source,
    Submission,
    Threshold,
    Url,
)

__all__ = [
    "Address", "Application", "Attachment", "Category", "Checklist", "ChecklistItem", "City",
    "CityChanges", "CityList", "Contact", "Deadline", "Direction", "DirectionChange", "Eligibility",
    "Evidence", "FieldValue", "FormField", "FormTemplate", "Notice", "PolicyDiff", "Quota", "Source",
    "Submission", "Threshold", "Url",
]
