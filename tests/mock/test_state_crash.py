"""`--state`: contacts a client saw written are there after `kill -9`, with what it was answered; ids are not
handed out twice."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import requests

from tests.crash import hammer_then_kill, mock_process
from tests.mock.conftest import TOKENS

ADMIN = {"Authorization": f"Token {TOKENS['admin']}"}
ARGS = ("--api", "contacts", "--contacts", "50", "--seed", "16")


class Ledger:
    """What the writers were answered: contact id -> its subject and whether it was seen, or None: deleted.
    A contact with a request still in flight at the kill may be either way and is left out of the check."""

    def __init__(self) -> None:
        self.acknowledged: dict[int, dict[str, Any] | None] = {}
        self.in_flight: set[int] = set()
        self.lock = threading.Lock()


def _writer(url: str, ledger: Ledger) -> Any:
    def write(session: requests.Session, number: int, stop: threading.Event) -> None:
        response = session.post(f"{url}/api/contacts/", json={"subject": f"w{number}"}, headers=ADMIN, timeout=30)
        assert response.status_code == 201, response.text
        contact_id = response.json()["id"]
        with ledger.lock:
            ledger.acknowledged[contact_id] = {"subject": f"w{number}", "viewed": False}
            ledger.in_flight.add(contact_id)
        step = contact_id % 3
        if step == 0:  # an update
            answer = session.patch(
                f"{url}/api/contacts/{contact_id}/", json={"subject": f"p{contact_id}"}, headers=ADMIN, timeout=30
            )
            assert answer.status_code == 200, answer.text
            outcome: dict[str, Any] | None = {"subject": f"p{contact_id}", "viewed": False}
        elif step == 1:  # a read that writes: retrieve marks the contact viewed
            answer = session.get(f"{url}/api/contacts/{contact_id}/", headers=ADMIN, timeout=30)
            assert answer.status_code == 200, answer.text
            assert answer.json()["viewed"] is True
            outcome = {"subject": f"w{number}", "viewed": True}
        else:
            answer = session.delete(f"{url}/api/contacts/{contact_id}/", headers=ADMIN, timeout=30)
            assert answer.status_code == 204, answer.text
            outcome = None
        with ledger.lock:
            ledger.acknowledged[contact_id] = outcome
            ledger.in_flight.discard(contact_id)

    return write


def test_every_answered_contact_write_survives_kill_9_and_no_id_is_reused(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    ledger = Ledger()
    with mock_process(state, *ARGS) as (process, url):
        hammer_then_kill(process, 8, _writer(url, ledger), seconds=2.0)
    assert len(ledger.acknowledged) > 50, "the writers hardly wrote before the kill"
    with mock_process(state, *ARGS) as (_, url):
        records = requests.get(f"{url}/__mock__/state", timeout=30).json()["contacts"]["records"]
        by_id = {record["id"]: record for record in records}
        for contact_id, outcome in ledger.acknowledged.items():
            if contact_id in ledger.in_flight:
                assert contact_id in by_id or contact_id % 3 == 2  # created; only a delete may be in flight
                continue
            if outcome is None:
                assert contact_id not in by_id, f"contact {contact_id} was deleted, and is back"
            else:
                seen = {"subject": by_id[contact_id]["subject"], "viewed": by_id[contact_id]["viewed"]}
                assert seen == outcome, f"contact {contact_id}"
        fresh = requests.post(f"{url}/api/contacts/", json={"subject": "after"}, headers=ADMIN, timeout=30)
        assert fresh.status_code == 201
        assert fresh.json()["id"] > max(ledger.acknowledged), "an id answered before the crash was handed out again"
