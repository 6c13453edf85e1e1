"""`--state`: logins and logouts (sessions), conversations and their messages a client saw answered are there
after `kill -9`; conversation and message ids are not handed out twice."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import requests

from tests.crash import hammer_then_kill, mock_process
from tests.mock_conversations.conftest import REZA, SARA

ARGS = ("--api", "conversations", "--seed", "16")


class Ledger:
    def __init__(self) -> None:
        self.sessions: dict[str, int] = {}  # session cookie -> user id, for every answered login
        self.messages: dict[int, list[str]] = {}  # conversation id -> its answered messages, oldest first
        self.logged_out: set[str] = set()  # sessions whose logout was answered
        self.in_flight: set[str] = set()  # a session whose logout the kill cut short
        self.lock = threading.Lock()


def _writer(url: str, ledger: Ledger) -> Any:
    def write(session: requests.Session, number: int, stop: threading.Event) -> None:
        email, password, user = (SARA, REZA)[number % 2]
        session.cookies.clear()
        session.get(f"{url}/csrf_token/", timeout=30)
        csrf = {"X-CSRFToken": session.cookies["csrftoken"], "Referer": f"{url}/"}
        credentials = {"email": email, "password": password}
        login = session.post(f"{url}/users/login/", json=credentials, headers=csrf, timeout=30)
        assert login.status_code == 200, login.text
        with ledger.lock:
            ledger.sessions[session.cookies["osessionid"]] = user
        csrf["X-CSRFToken"] = session.cookies["csrftoken"]  # Django rotates the token at login
        body = {"user": user, "datasource": 1, "conversation_type": "message", "message_content": f"first {number}"}
        created = session.post(f"{url}/users/conversations/", json=body, headers=csrf, timeout=30)
        assert created.status_code == 201, created.text
        conversation = created.json()["id"]
        with ledger.lock:
            ledger.messages[conversation] = [f"first {number}"]
        reply = {**body, "conversation": conversation, "message_content": f"again {number}"}
        answered = session.post(f"{url}/users/conversations/", json=reply, headers=csrf, timeout=30)
        assert answered.status_code == 201, answered.text
        with ledger.lock:
            ledger.messages[conversation].append(f"again {number}")
        if number == 0:  # one writer also logs out: its session must stay gone
            key = session.cookies["osessionid"]
            with ledger.lock:
                ledger.in_flight.add(key)
            logout = {**csrf, "X-CSRFToken": session.cookies["csrftoken"]}
            out = session.post(f"{url}/users/logout/", headers=logout, allow_redirects=False, timeout=30)
            assert out.status_code == 302, out.text
            with ledger.lock:
                ledger.sessions.pop(key)
                ledger.logged_out.add(key)
                ledger.in_flight.discard(key)

    return write


def test_every_answered_login_and_message_survives_kill_9(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    ledger = Ledger()
    with mock_process(state, *ARGS) as (process, url):
        hammer_then_kill(process, 6, _writer(url, ledger), seconds=2.0)
    assert len(ledger.messages) > 10, "the writers hardly wrote before the kill"
    with mock_process(state, *ARGS) as (_, url):
        section = requests.get(f"{url}/__mock__/state", timeout=30).json()["conversations"]
        kept = {key: user for key, user in ledger.sessions.items() if key not in ledger.in_flight}
        assert {key: section["sessions"].get(key) for key in kept} == kept
        assert not ledger.logged_out & set(section["sessions"]), "a session logged out before the crash is back"
        conversations = {c["id"]: c for c in section["conversations"]}
        for conversation, contents in ledger.messages.items():
            stored = [m["message_content"] for m in conversations[conversation]["messages"]]
            assert stored[: len(contents)] == contents, conversation
        key, user = next(iter(kept.items()))
        me = requests.get(f"{url}/current_user/", cookies={"osessionid": key}, timeout=30)
        assert me.status_code == 200, "a session answered before the crash is gone"
        assert me.json()["pk"] == user
        ids = [m["id"] for c in conversations.values() for m in c["messages"]]
        assert len(ids) == len(set(ids))
        assert section["next_message_id"] > max(ids), "a message id would be handed out again"
        assert max(conversations) >= max(ledger.messages)
