"""The bench scripts run on the current code (a small size; timings are not checked)."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_clustering_bench_runs_on_a_small_archive() -> None:
    process = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "clustering.py"), "--sizes", "50", "--entries",
         "40", "--repeat", "1"],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )  # fmt: skip
    assert process.returncode == 0, process.stderr
    assert "| 50 |" in process.stdout and "µs" in process.stdout
