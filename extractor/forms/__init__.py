"""Application forms: the schema a notice's form attachment defines, and filled forms read against it.

- `read_templates(doc_text, layer, evidence=None)`: the forms (申报书) and summary tables (汇总表)
  among one layer's attachments, as `FormTemplate` records.
- `read_application(path, template)`: a filled form (TXT, DOCX, PDF) as an `Application`.
- `pick_template(text, templates)`: which of a notice's forms a filled document answers.
"""

from __future__ import annotations

from extractor.forms.reader import pick_template, read_application, read_document
from extractor.forms.schema import read_templates

__all__ = ["pick_template", "read_application", "read_document", "read_templates"]
