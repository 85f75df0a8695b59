"""Bad and awkward inputs (fixtures/bad/expected.json), through the reader API and the real CLI.

Every case must end in either text or one clear line: never a traceback, never a hang.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from extractor.readers import ReadError, read, sniff

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "fixtures" / "bad"
EXPECTED: list[dict[str, Any]] = json.loads((BAD / "expected.json").read_text(encoding="utf-8"))["cases"]
HAS_CLI = (ROOT / "extractor" / "cli.py").exists()
HAS_PDF_READER = (ROOT / "extractor" / "readers" / "pdf.py").exists()
needs_cli = pytest.mark.skipif(not HAS_CLI, reason="extractor/cli.py is not written yet")
CLI_TIMEOUT = 120  # seconds; a hang is a failure, not a stuck test run


def _load_builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_bad", ROOT / "fixtures" / "build_bad.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_bad = _load_builder()


@pytest.fixture(scope="session")
def too_large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "too_large.txt"
    path.write_bytes(build_bad.too_large_text())
    assert path.stat().st_size > 10 * 1024 * 1024
    return path


def _path(case: dict[str, Any], too_large: Path) -> Path:
    if case.get("generated"):
        return too_large
    path = BAD / case["file"]
    if case.get("made_by") and not path.exists():
        pytest.skip(f"{case['file']} is made by {case['made_by']}, which has not been run yet")
    if not HAS_PDF_READER and path.is_file() and sniff(path.read_bytes()[:4096]) == "pdf":
        pytest.skip("extractor/readers/pdf.py is not written yet")
    return path


def _case_param(case: dict[str, Any]) -> Any:
    marks = []
    if case.get("disputed"):
        # strict: once the reader is fixed, the XPASS fails and the marker must go
        marks.append(pytest.mark.xfail(reason=case["disputed"], strict=True))
    return pytest.param(case, id=case["file"], marks=marks)


CASES = [_case_param(c) for c in EXPECTED]


def run_cli(path: Path) -> tuple[int, str, str, float]:
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "extractor", "normalize", str(path)],
        cwd=ROOT,
        capture_output=True,
        timeout=CLI_TIMEOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    elapsed = time.monotonic() - start
    out = proc.stdout.decode("utf-8", errors="replace")
    err = proc.stderr.decode("utf-8", errors="replace")
    return proc.returncode, out, err, elapsed


@pytest.mark.parametrize("case", CASES)
def test_read_api(case: dict[str, Any], too_large: Path) -> None:
    path = _path(case, too_large)
    start = time.monotonic()
    if case["outcome"] == "error":
        with pytest.raises(ReadError) as err:
            read(path)
        message = str(err.value)
        assert err.value.kind == case["kind"], message
        assert "\n" not in message
        assert path.name in message or str(path) in message  # the message names the file
        if case.get("says"):
            assert case["says"].lower() in message.lower()
    else:
        doc = read(path)
        assert doc.format == case["format"]
        assert doc.encoding == case["encoding"]
        assert case["contains"] in doc.text
        assert "\r" not in doc.text  # line ends are normalised to \n by every reader
        assert len(doc.sha256) == 64
    assert time.monotonic() - start < 5, "a bad input must be refused quickly"


@needs_cli
@pytest.mark.parametrize("case", CASES)
def test_cli_normalize(case: dict[str, Any], too_large: Path) -> None:
    path = _path(case, too_large)
    code, out, err, elapsed = run_cli(path)
    assert "Traceback" not in out and "Traceback" not in err
    if case["outcome"] == "error":
        assert code == 2, f"exit {code}; stderr: {err!r}"
        lines = err.splitlines()
        assert len(lines) == 1, f"want exactly one stderr line, got {lines!r}"
        assert lines[0].startswith("extractor: error:")
        assert path.name in lines[0] or str(path) in lines[0], lines[0]
        if case.get("says"):
            assert case["says"].lower() in lines[0].lower()
        assert out == ""
    else:
        assert code == 0, f"exit {code}; stderr: {err!r}"
        assert case["contains"] in out
    if case.get("generated"):
        assert elapsed < 10, f"the 10 MB file took {elapsed:.1f}s to refuse"


def test_too_large_is_refused_fast_without_reading_everything(too_large: Path) -> None:
    start = time.monotonic()
    with pytest.raises(ReadError) as err:
        read(too_large)
    assert err.value.kind == "too-large"
    assert time.monotonic() - start < 2


def test_expectations_cover_every_fixture() -> None:
    listed = {c["file"] for c in EXPECTED}
    on_disk = {p.name for p in BAD.iterdir() if p.name not in {"expected.json", ".gitignore"}}
    assert on_disk - listed == set(), "a file in fixtures/bad has no expectation"
    assert len(EXPECTED) >= 15
    for case in EXPECTED:
        assert case["outcome"] in {"ok", "error"}
        assert case["why"]
        assert ("kind" in case) == (case["outcome"] == "error")
        assert ("contains" in case) == (case["outcome"] == "ok")


def test_committed_fixtures_match_the_build_script() -> None:
    for name, data in build_bad.build().items():
        path = BAD / name
        assert path.exists(), f"{name} missing: run python fixtures/build_bad.py"
        assert path.read_bytes() == data, f"{name} differs from what fixtures/build_bad.py makes"
