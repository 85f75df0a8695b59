"""Pure text transforms: script, artifacts, width, punctuation, whitespace, numerals.

Normalisers know nothing of documents: text in, text out, with a map back to the original.
"""

from normalizers.core import STEPS, NormalizedText, StepReport, fix_and_explain, normalize
from normalizers.numerals import parse_int, parse_number
from normalizers.script import detect_script

__all__ = [
    "STEPS", "NormalizedText", "StepReport", "detect_script", "fix_and_explain", "normalize", "parse_int",
    "parse_number",
]
