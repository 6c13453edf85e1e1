"""Issue 14, step 4: Akinon's storefront framework (`@akinon/next` 1.24.0, run in Node by `journey.mjs`) plays a
shopper's journey against a live mock, and against the reference Commerce deployment when it is there.

Node and npm come from Debian's `nodejs` and `npm` packages, which `.ci/run` installs: without them these tests skip
with what to install, except in CI, where they fail (as the reference's PostgreSQL tests do)."""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

from hamta import fixtures_dir

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
LOCK = HERE / "package-lock.json"
STAMP = HERE / "node_modules" / ".cache" / "journey" / "package-lock.sha256"  # npm ci wipes it with node_modules
STEPS = (
    "first-visit",
    "subjects",
    "contact-us-anonymous",
    "sign-in",
    "current-user",
    "orders",
    "contact-us-with-order",
    "sign-out",
    "session-over",
)
TARGETS = ("mock", "reference")


def _node_missing() -> str | None:
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if not missing:
        return None
    return f"{' and '.join(missing)} not found: install Node.js 18+ and npm (Debian: apt-get install nodejs npm)"


def _run(*command: str, timeout: float) -> None:
    result = subprocess.run(command, cwd=HERE, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        output = result.stdout[-3000:] + result.stderr[-3000:]
        pytest.fail(f"{' '.join(command)} failed ({result.returncode}):\n{output}")


@pytest.fixture(scope="session")
def journey_built() -> Path:
    """node_modules as package-lock.json pins it (npm ci, only when the lock changed) and the package's bundle."""
    reason = _node_missing()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"Node.js is needed in CI: {reason}")
        pytest.skip(reason)
    digest = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    if not STAMP.is_file() or STAMP.read_text(encoding="utf-8") != digest:
        # --omit=optional: no Next.js compiler binaries (@next/swc-*), which nothing here runs; esbuild is the wasm
        # build, so it needs no optional platform package either.
        _run("npm", "ci", "--omit=optional", "--no-audit", "--no-fund", timeout=900)
        STAMP.parent.mkdir(parents=True, exist_ok=True)
        STAMP.write_text(digest, encoding="utf-8")
    _run("node", "build.mjs", timeout=300)
    return HERE / "journey.mjs"


@contextmanager
def _mock() -> Iterator[str]:
    """The mock as `python3 dev.py run` starts it (every API, its defaults) but on a free port: the journey's
    requests carry the mock's own Host and no Origin, which its defaults allow."""
    command = [sys.executable, "-m", "mockserver", "--port", "0"]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    banner: list[str] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (banner and banner[-1].startswith("Press Ctrl-C")):
            line = process.stdout.readline()
            if not line:
                break
            banner.append(line.rstrip("\n"))
        if not (banner and banner[-1].startswith("Press Ctrl-C")):
            pytest.fail("mockserver printed no banner:\n" + "\n".join(banner))
        yield banner[0].split(" on ", 1)[1].split()[0]
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)


@contextmanager
def _reference() -> Iterator[str]:
    """The reference Commerce deployment (tests/reference/commerce_server.py), seeded like the mock."""
    name = "tests.reference.commerce_server"
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        pytest.skip("tests/reference/commerce_server.py is not in this tree")
    start: Callable[[], AbstractContextManager[Any]] = module.running_commerce_reference
    with start() as reference:
        yield str(reference.url)


def _shopper() -> tuple[str, str]:
    """The first verified user of the shop's fixture: the mock and the reference both serve it."""
    shop = yaml.safe_load((fixtures_dir() / "conversations.yaml").read_text(encoding="utf-8"))
    user = next(u for u in shop["users"] if u.get("verified"))
    return str(user["email"]), str(user["password"])


@pytest.fixture(scope="module", params=TARGETS)
def report(request: pytest.FixtureRequest, journey_built: Path) -> dict[str, Any]:
    """The journey's JSON report against the target; the journey's exit status must agree with its steps."""
    email, password = _shopper()
    with _mock() if request.param == "mock" else _reference() as url:
        command = ["node", str(journey_built), url, "--email", email, "--password", password]
        result = subprocess.run(command, cwd=HERE, capture_output=True, text=True, timeout=180)
    try:
        document: dict[str, Any] = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"journey.mjs printed no report ({result.returncode}):\n{result.stdout}\n{result.stderr[-3000:]}")
    assert result.returncode == (0 if document["ok"] else 1), result.stderr[-3000:]
    return document


def test_the_journey_has_its_steps_in_order(report: dict[str, Any]) -> None:
    assert tuple(step["name"] for step in report["steps"]) == STEPS


@pytest.mark.parametrize("name", STEPS)
def test_step(report: dict[str, Any], name: str) -> None:
    """Each step as the client reads it (journey.mjs says how, per step); the message is what was sent and got."""
    step = next(step for step in report["steps"] if step["name"] == name)
    assert step["ok"], json.dumps(step, indent=1, ensure_ascii=False)
