"""The benchmark scripts still run against the current code (they are not type-checked)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import SAMPLE_NOTES

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def run_script(name: str, *args: str, cwd: Path) -> str:
    command = [sys.executable, str(BENCHMARKS / name), *args]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize(
    ("script", "args", "header"),
    [
        ("stages.py", (), "| stage | time | per note |"),
        ("memory.py", (), "| stage | heap held after |"),
        ("memory.py", ("--sizes",), "| files | count | MB | KB per note |"),
    ],
)
def test_a_benchmark_script_runs_on_the_sample_wiki(
    script: str, args: tuple[str, ...], header: str, tmp_path: Path
) -> None:
    output = run_script(script, str(SAMPLE_NOTES), *args, cwd=tmp_path)
    assert any(line.startswith(header) for line in output.splitlines()), output


def test_the_generator_writes_as_many_notes_as_asked(tmp_path: Path) -> None:
    run_script("generate.py", "20", str(tmp_path / "wiki"), cwd=tmp_path)
    assert len(list((tmp_path / "wiki").rglob("*.md"))) == 20
