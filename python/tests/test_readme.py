"""The README's Python example runs as written (from the repository root)."""

from __future__ import annotations

import os

from conftest import ROOT


def test_the_readme_python_example_runs():
    text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    start = text.index("```python", text.index("\n## Python\n")) + len("```python")
    code = text[start:text.index("```", start)]
    scope: dict = {}
    exec(compile(code, "README.md", "exec"), scope)
    assert scope["deal"].agreement["nato"] == "neutral"
    assert 0.32 < scope["deal"].utilities["ukraine"] < 0.33
    assert len(scope["sweep"].samples) == 10_000 * 11
