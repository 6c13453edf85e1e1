"""The command line and start-up: banner, credentials, clean Ctrl-C, and loud failure on a missing handler."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import requests
from aiohttp import web

from hamta import load_spec
from mockserver.accounts import load_accounts
from mockserver.apis.contacts.handlers import ContactsApi
from mockserver.auth.token import TokenAuth
from mockserver.operations import handlers_of
from mockserver.routing import Routes, StartupError, add_api_routes
from mockserver.settings import Settings
from tests.mock.conftest import TOKENS


@contextmanager
def _mock_process(*args: str) -> Iterator[tuple[str, list[str], list[str]]]:
    """A `python -m mockserver` child: yields (url, banner lines, output after stop); always reaped."""
    process = subprocess.Popen(
        [sys.executable, "-m", "mockserver", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    lines: list[str] = []
    after: list[str] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (lines and lines[-1].startswith("Press Ctrl-C")):
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line.rstrip("\n"))
        if not (lines and lines[-1].startswith("Press Ctrl-C")):
            pytest.fail("mockserver printed no banner:\n" + "\n".join(lines))
        yield lines[0].split(" on ", 1)[1].split()[0], lines, after
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=30)
        after.extend(out.splitlines())
        process.stdout.close()


def test_cli_serves_prints_credentials_and_stops_cleanly_on_ctrl_c() -> None:
    with _mock_process("--contacts", "5", "--seed", "3") as (url, banner, after):
        assert url.startswith("http://127.0.0.1:")
        text = "\n".join(banner)
        for token in TOKENS.values():
            assert token in text
        assert "trailing slash: django-debug" in text
        headers = {"Authorization": f"Token {TOKENS['admin']}"}
        assert requests.get(f"{url}/api/contacts/", headers=headers, timeout=30).json()["count"] == 5
    assert "mockserver stopped." in after


def test_ctrl_c_stops_a_mock_started_with_sigint_ignored() -> None:
    """A background job of a shell script inherits SIGINT ignored; the mock stops on it all the same."""
    process = subprocess.Popen(
        [sys.executable, "-m", "mockserver", "--port", "0", "--contacts", "1", "--api", "contacts"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),  # as a shell job inherits it
    )
    assert process.stdout is not None
    try:
        while not process.stdout.readline().startswith("Press Ctrl-C"):
            assert process.poll() is None, "mockserver exited before its banner"
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
    assert process.returncode == 0
    assert "mockserver stopped." in out


UVLOOP = importlib.util.find_spec("uvloop") is not None  # a dependency everywhere but Windows


def test_cli_runs_on_uvloop_where_installed_and_on_asyncio_when_asked() -> None:
    with _mock_process("--contacts", "1") as (url, banner, _after):
        running = requests.get(f"{url}/__mock__/", timeout=30).json()["event_loop"]
        if UVLOOP:
            assert running == "uvloop"
            assert "uvloop loop" in banner[0]
        else:
            assert running.startswith("asyncio.")
    with _mock_process("--contacts", "1", "--loop", "asyncio") as (url, banner, after):
        assert requests.get(f"{url}/__mock__/", timeout=30).json()["event_loop"].startswith("asyncio.")
        assert "asyncio loop" in banner[0]
        headers = {"Authorization": f"Token {TOKENS['admin']}"}
        created = requests.post(f"{url}/api/contacts/", json={"subject": "s"}, headers=headers, timeout=30)
        assert created.status_code == 201
    assert "mockserver stopped." in after


def test_cli_applies_the_quirks_profile() -> None:
    with _mock_process("--contacts", "1", "--quirks", "django") as (url, _, _after):
        response = requests.post(f"{url}/api/contacts", json={}, allow_redirects=False, timeout=30)
        assert response.status_code == 301


def test_cli_refuses_an_unknown_api() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mockserver", "--api", "nope"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_start_up_fails_loudly_when_an_operation_has_no_handler() -> None:
    spec = load_spec("contacts")
    handlers = handlers_of(ContactsApi(spec, Settings()), spec)
    del handlers["contacts_destroy"], handlers["contacts_list_options"]
    auth = TokenAuth(load_accounts().by_token("contacts"))
    with pytest.raises(StartupError, match=r"no handler for 2 operation\(s\): .*contacts_destroy"):
        add_api_routes(Routes(web.Application(), lambda handler: handler), spec, handlers, auth)


def test_start_up_refuses_a_handler_for_an_operation_the_spec_lacks() -> None:
    spec = load_spec("contacts")
    handlers = handlers_of(ContactsApi(spec, Settings()), spec)
    handlers["contacts_merge"] = handlers["contacts_list"]
    with pytest.raises(StartupError, match="contacts_merge"):
        add_api_routes(Routes(web.Application(), lambda handler: handler), spec, handlers, None)
