"""Shared fixtures: the repository's files and the ``detente`` command line, the
independent reference every Python answer is checked against."""

from __future__ import annotations

import os
import subprocess
from typing import List, NamedTuple

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
UKRAINE = os.path.join(ROOT, "examples", "data", "ukraine_2025.json")
LINKED = os.path.join(ROOT, "tests", "data", "linked", "basic.json")


class Ran(NamedTuple):
    stdout: str
    stderr: str
    status: int


def cli_path() -> str:
    path = os.environ.get("DETENTE_CLI", os.path.join(ROOT, "target", "release", "detente"))
    if not os.path.exists(path):
        pytest.fail(
            f"the command line is needed as the reference: build it (cargo build --release) "
            f"or set DETENTE_CLI; not found at {path}"
        )
    return path


@pytest.fixture(scope="session")
def cli():
    """Run ``detente ARGS`` from the repository root."""
    path = cli_path()

    def run(*args: str) -> Ran:
        done = subprocess.run(
            [path, *args], cwd=ROOT, capture_output=True, text=True, timeout=600
        )
        return Ran(done.stdout, done.stderr, done.returncode)

    return run


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    # Paths relative to the repository root, as the command line is given them.
    monkeypatch.chdir(ROOT)


def rel(path: str) -> str:
    return os.path.relpath(path, ROOT)


def failure(ran: Ran) -> str:
    """The message of a failed command: its stderr line without ``detente: ``."""
    lines: List[str] = ran.stderr.strip().splitlines()
    assert len(lines) == 1, ran.stderr
    assert lines[0].startswith("detente: "), lines[0]
    return lines[0][len("detente: "):]
