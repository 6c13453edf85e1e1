"""`--state`: Callbell contacts created, renamed and deleted, messages sent and their statuses read (a read
moves the status on) are there after `kill -9`, as answered; no internal contact id is handed out twice."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import requests

from mockserver.apis.callbell.model import STATUS_STEPS
from tests.crash import hammer_then_kill, mock_process
from tests.mock_callbell.conftest import TOKEN
from tests.mock_callbell.conftest import shown as contact_of

AUTH = {"Authorization": f"Bearer {TOKEN}"}
ARGS = ("--api", "callbell", "--seed", "16")


class Ledger:
    def __init__(self) -> None:
        self.contacts: dict[str, str] = {}  # uuid -> name answered
        self.statuses: dict[str, str] = {}  # message uuid -> the status stored after the last answered read
        self.deleted: set[str] = set()  # contacts whose delete was answered
        self.in_flight: set[str] = set()  # a contact or message with a request cut short by the kill
        self.lock = threading.Lock()


def _writer(url: str, channel: str, ledger: Ledger) -> Any:
    def write(session: requests.Session, number: int, stop: threading.Event) -> None:
        phone = f"+98912{number:02d}{len(ledger.contacts):05d}"
        body = {"source": "whatsapp", "identifier": phone, "name": f"n{number}", "channel_uuid": channel}
        created = session.post(f"{url}/v1/contacts", json=body, headers=AUTH, timeout=30)
        assert created.status_code == 200, created.text
        contact = contact_of(created.json())["uuid"]
        with ledger.lock:
            ledger.contacts[contact] = f"n{number}"
            ledger.in_flight.add(contact)
        renamed = session.patch(f"{url}/v1/contacts/{contact}", json={"name": f"r{number}"}, headers=AUTH, timeout=30)
        assert renamed.status_code == 200, renamed.text
        with ledger.lock:
            ledger.contacts[contact] = f"r{number}"
            ledger.in_flight.discard(contact)
        if number == 0:  # one writer also deletes what it made
            with ledger.lock:
                ledger.in_flight.add(contact)
            gone = session.delete(f"{url}/v1/contacts/{contact}", headers=AUTH, timeout=30)
            assert gone.status_code == 200, gone.text
            with ledger.lock:
                ledger.deleted.add(contact)
                ledger.in_flight.discard(contact)
            return
        # the customer writes first (an admin trigger, itself a write), so the 24-hour window is open
        wrote = session.post(f"{url}/__mock__/callbell/inbound", json={"contact": contact}, timeout=30)
        assert wrote.status_code == 200, wrote.text
        send = {"to": phone, "from": "whatsapp", "type": "text", "channel_uuid": channel, "content": {"text": "سلام"}}
        sent = session.post(f"{url}/v1/messages/send", json=send, headers=AUTH, timeout=30)
        assert sent.status_code == 200, sent.text
        message = sent.json()["message"]["uuid"]
        with ledger.lock:
            ledger.statuses[message] = STATUS_STEPS[0]
            ledger.in_flight.add(message)
        for _ in range(number % 4):
            shown = session.get(f"{url}/v1/messages/status/{message}", headers=AUTH, timeout=30)
            assert shown.status_code == 200, shown.text
            step = STATUS_STEPS.index(shown.json()["message"]["status"])
            with ledger.lock:
                ledger.statuses[message] = STATUS_STEPS[min(step + 1, len(STATUS_STEPS) - 1)]
        with ledger.lock:
            ledger.in_flight.discard(message)

    return write


def test_every_answered_callbell_write_survives_kill_9(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    ledger = Ledger()
    with mock_process(state, *ARGS) as (process, url):
        account = requests.get(f"{url}/__mock__/state", timeout=30).json()["callbell"]["account"]
        channel = next(c["uuid"] for c in account["channels"] if c["main"] and c["type"] == "whatsapp")
        hammer_then_kill(process, 8, _writer(url, channel, ledger), seconds=2.0)
    assert len(ledger.contacts) > 20, "the writers hardly wrote before the kill"
    with mock_process(state, *ARGS) as (_, url):
        section = requests.get(f"{url}/__mock__/state", timeout=30).json()["callbell"]
        contacts = {c["uuid"]: c for c in section["contacts"]}
        sent = {s["uuid"]: s for s in section["sent"]}
        for uuid, name in ledger.contacts.items():
            if uuid in ledger.deleted:
                assert uuid not in contacts, f"contact {uuid} was deleted, and is back"
            elif uuid in ledger.in_flight:  # a rename or a delete cut short: before or after it, nothing else
                assert uuid not in contacts or contacts[uuid]["name"] in {name, "r" + name[1:]}
            else:
                assert contacts[uuid]["name"] == name
        for message, status in ledger.statuses.items():
            if message in ledger.in_flight:  # a read cut short may or may not have moved it
                assert message in sent
                continue
            assert sent[message]["status"] == status, message
        highest = max(c["id"] for c in contacts.values())
        body = {"source": "whatsapp", "identifier": "+1555", "name": "after"}
        fresh = requests.post(f"{url}/v1/contacts", json=body, headers=AUTH, timeout=30)
        assert fresh.status_code == 200
        after = requests.get(f"{url}/__mock__/state", timeout=30).json()["callbell"]["contacts"]
        assert next(c["id"] for c in after if c["name"] == "after") > highest
