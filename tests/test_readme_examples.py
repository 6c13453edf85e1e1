"""The README's Python examples run as they are written: extracted, then executed by pytest with the plugin."""

from __future__ import annotations

import re
from pathlib import Path

from tests.support import run_pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_python_examples_pass(tmp_path: Path) -> None:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    tests = [block for block in blocks if "def test_" in block]
    assert len(tests) >= 2, "the README's pytest examples went missing"
    for index, block in enumerate(tests):
        (tmp_path / f"test_readme_{index}.py").write_text(block, encoding="utf-8")
    result = run_pytest(tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]
