"""The examples under examples/python run: the Dask sweep on a local cluster of two
worker processes gives the single-process summary byte for byte; ukraine.py writes
its PNG."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT, UKRAINE, rel

EXAMPLES = os.path.join(ROOT, "examples", "python")


def test_dask_sweep_on_two_worker_processes_equals_one_process(cli, tmp_path):
    flags = ["--samples", "4000", "--seed", "7", "--weight-noise", "200"]
    ran = subprocess.run(
        [sys.executable, os.path.join(EXAMPLES, "dask_sweep.py"), rel(UKRAINE), *flags,
         "--shards", "5", "--workers", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert ran.returncode == 0, ran.stderr
    single = cli("sweep", rel(UKRAINE), *flags, "--json")
    assert single.status == 0
    assert ran.stdout == single.stdout


def test_ukraine_example_writes_a_png(tmp_path):
    png = tmp_path / "ukraine.png"
    ran = subprocess.run(
        [sys.executable, os.path.join(EXAMPLES, "ukraine.py"), str(png), "--samples", "60",
         "--steps", "5"],
        capture_output=True, text=True, timeout=600,
    )
    assert ran.returncode == 0, ran.stderr
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    assert "deal probability from" in ran.stdout
