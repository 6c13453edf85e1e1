"""Helpers shared by hamta's own tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run_pytest(directory: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """pytest on `directory` in a child process, as a user of the installed hamta would run it."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args, str(directory)]
    return subprocess.run(command, cwd=directory, capture_output=True, text=True, timeout=300)
