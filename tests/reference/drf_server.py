"""Start the reference DRF deployment (`contacts_drf/`) as its users start it: `manage.py migrate`, `loaddata`,
then Django's own `runserver` on a free loopback port, in a subprocess.

Its data is the mock's seeded contacts (the same seed, the same records) and the accounts of
`fixtures/accounts.yaml`, written as a Django fixture and loaded by `loaddata`, the framework's own loader: it
keeps ids and timestamps as given and resets PostgreSQL's id sequence afterwards.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mockserver.accounts import load_accounts
from mockserver.apis.contacts.seed import seed_contacts

PROJECT = Path(__file__).resolve().parent / "contacts_drf"
# The reference's permission codes as Django permissions (contacts_drf/contacts/permissions.py).
_PERMISSIONS = {4001: "add_contact", 4002: "view_contact", 4003: "change_contact", 4004: "delete_contact"}


@dataclass(frozen=True)
class Reference:
    url: str
    database: str  # "sqlite" or "postgresql"
    router: str
    log: Path

    def tokens(self) -> dict[str, str]:
        return {account.username: account.token for account in load_accounts().for_api("contacts")}


def fixture_document(contacts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Users, their permissions and tokens, and the contacts, in Django's fixture format."""
    rows: list[dict[str, Any]] = []
    for pk, account in enumerate(load_accounts().for_api("contacts"), start=1):
        rows.append(
            {
                "model": "auth.user",
                "pk": pk,
                "fields": {
                    "username": account.username,
                    "password": "!",  # unusable: these accounts sign in by token only
                    "is_staff": account.staff,
                    "is_superuser": account.superuser,
                    "is_active": True,
                    "user_permissions": [[_PERMISSIONS[code], "contacts", "contact"] for code in account.permissions],
                },
            }
        )
        rows.append(
            {
                "model": "authtoken.token",
                "pk": account.token,
                "fields": {"user": pk, "created": "2025-06-01T00:00:00Z"},
            }
        )
    for contact in contacts:
        fields = {name: value for name, value in contact.items() if name != "id"}
        rows.append({"model": "contacts.contact", "pk": contact["id"], "fields": fields})
    return rows


def seeded_contacts(seed: int, count: int) -> list[dict[str, Any]]:
    """The contacts the mock seeds for (seed, count), as its state dump renders them."""
    return [contact.render() for contact in seed_contacts(seed, count)]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_serving(port: int, process: subprocess.Popen[bytes], log: Path, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the reference exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"the reference did not listen within {timeout} s:\n{log.read_text()[-3000:]}")


@contextmanager
def serving_project(project: Path, env: dict[str, str], log: Path, fixture: Path) -> Iterator[int]:
    """A Django project as its users start it: `manage.py migrate`, `loaddata`, then `runserver` on a free
    loopback port (yielded), stopped on exit. Shared by every reference deployment."""

    def manage(*args: str) -> None:
        with log.open("ab") as out:
            result = subprocess.run(
                [sys.executable, "manage.py", *args], cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{log.read_text()[-3000:]}")

    manage("migrate", "--noinput")
    manage("loaddata", str(fixture))
    port = _free_port()
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_serving(port, process, log)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def running_reference(
    database: str | None = None, contacts: list[dict[str, Any]] | None = None, router: str = "default"
) -> Iterator[Reference]:
    """A migrated, loaded reference on a free port. `database` is a `postgresql://` URL of an empty database, or
    None for a fresh SQLite file; `contacts` default to the mock's seed 1404 with 200 contacts (its defaults)."""
    with tempfile.TemporaryDirectory(prefix="hamta-reference-") as scratch:
        work = Path(scratch)
        log = work / "reference.log"
        fixture = work / "reference.json"
        records = contacts if contacts is not None else seeded_contacts(1404, 200)
        fixture.write_text(json.dumps(fixture_document(records), ensure_ascii=False), encoding="utf-8")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "reference_project.settings",
            "REFERENCE_DATABASE": database or str(work / "db.sqlite3"),
            "REFERENCE_ROUTER": router,
            "PYTHONUNBUFFERED": "1",
        }
        with serving_project(PROJECT, env, log, fixture) as port:
            kind = "postgresql" if database and database.startswith("postgresql://") else "sqlite"
            yield Reference(f"http://127.0.0.1:{port}", kind, router, log)
