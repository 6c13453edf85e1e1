#!/usr/bin/env python3
"""One entry point for a fresh machine that has nothing but Python 3.11: it builds `.venv`, installs hamta
into it (again only when pyproject.toml changed), then runs the mock or the tests.

    python3 dev.py run  [mockserver options]   # set up, then start the mock
    python3 dev.py test [pytest options]       # set up, then run the test suite

Standard library only, because it runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".hamta-installed"


def _fingerprint() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def setup() -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"hamta needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not PYTHON.exists():
        print(f"dev.py: creating {VENV.relative_to(ROOT)}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    if STAMP.exists() and STAMP.read_text() == _fingerprint():
        return
    print("dev.py: installing hamta and its test tools into .venv (first run only)", flush=True)
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "--quiet"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "--editable", f"{ROOT}[test]"], check=True)
    STAMP.write_text(_fingerprint())


def main(argv: list[str]) -> int:
    commands = {"run": [str(PYTHON), "-m", "mockserver"], "test": [str(PYTHON), "-m", "pytest"]}
    if not argv or argv[0] not in commands:
        print(__doc__)
        return 2
    setup()
    os.chdir(ROOT)
    try:
        return subprocess.run([*commands[argv[0]], *argv[1:]]).returncode
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
