"""The 24-hour-rule check (contract_tests/suites/callbell_window.py): it holds on the mock, driving the mock's clock
and a customer's message through the admin API; it bites on a deployment that lets a regular message through
outside the window; against a real account (no admin API) it checks the refusal only when the test number's
customer last wrote more than 24 hours ago, and otherwise skips saying why."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import threading
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest
import requests

from contract_tests.report import Report
from contract_tests.runner import run
from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.contract.conftest import target_for

NUMBER = "+98 999 999 7777"


def _window(report: Report) -> tuple[str, str]:
    [outcome] = [o for o in report.outcomes if o.check == "window_24h"]
    return outcome.status, outcome.message


def _serve(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _Json(http.server.BaseHTTPRequestHandler):
    def answer(self, status: int, body: object) -> None:
        raw = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def mock() -> Iterator[str]:
    with running_mock(Settings(seed=11, contacts=40, apis=("callbell",))) as url:
        yield url


def test_the_rule_holds_on_the_mock(mock: str) -> None:
    requests.post(f"{mock}/__mock__/reset", timeout=60).raise_for_status()
    before = requests.get(f"{mock}/__mock__/state", timeout=30).json()["callbell"]
    report = run(target_for(mock, apis=("callbell",), callbell_test_number=NUMBER), only=["window_24h"])
    assert _window(report) == ("passed", ""), report.summary()
    after = requests.get(f"{mock}/__mock__/state", timeout=30).json()["callbell"]
    moved = dt.datetime.fromisoformat(after["clock"]) - dt.datetime.fromisoformat(before["clock"])
    assert moved > dt.timedelta(hours=24)  # the check crossed the window on the mock's clock
    [named] = [c for c in after["contacts"] if c["phoneNumber"] == NUMBER]
    new = [s for s in after["sent"] if s["uuid"] not in {b["uuid"] for b in before["sent"]}]
    assert {s["contact"] for s in new} == {named["uuid"]}  # only the test number was sent anything
    assert sorted(s["template"] for s in new) == [False, True]  # a text inside the window, a template outside
    assert named["messages"][0]["status"] == "received"  # its customer wrote last: the window is open again


def test_the_other_checks_still_send_after_it(mock: str) -> None:
    """The window is reopened for the test number, so the send checks after this one pass."""
    requests.post(f"{mock}/__mock__/reset", timeout=60).raise_for_status()
    target = target_for(mock, apis=("callbell",), callbell_test_number=NUMBER, generated=False)
    report = run(target, only=["window_24h", "sent_message_listed", "template_sent"])
    assert report.ok, report.summary()
    assert {o.check for o in report.outcomes if o.status == "passed"} >= {
        "window_24h",
        "sent_message_listed",
        "template_sent",
    }


class _ClockStuck(_Json):
    """A deployment in front of the mock whose 24 hours never pass: the clock's advance is answered, not done,
    so a regular message is still accepted where the rule says it must be refused."""

    upstream: ClassVar[str] = ""

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        if self.command == "POST" and self.path == "/__mock__/callbell/clock":
            self.answer(200, {"now": "2026-07-03T12:00:00Z"})
            return
        headers = {k: v for k, v in self.headers.items() if k.lower() in ("authorization", "content-type")}
        got = requests.request(self.command, self.upstream + self.path, data=body, headers=headers, timeout=30)
        self.answer(got.status_code, got.json() if got.content else None)

    do_GET = do_POST = do_DELETE = do_PATCH = do_PUT = _forward


def test_the_check_bites_when_the_window_never_closes(mock: str) -> None:
    requests.post(f"{mock}/__mock__/reset", timeout=60).raise_for_status()
    handler = type("Handler", (_ClockStuck,), {"upstream": mock})
    for url in _serve(handler):
        report = run(target_for(url, apis=("callbell",), callbell_test_number=NUMBER), only=["window_24h"])
        status, message = _window(report)
        assert status == "failed", report.summary()
        assert "24 hours after the customer last wrote, a regular message was accepted" in message
        assert not report.ok


class _RealAccount(_Json):
    """An account without the mock's admin API: its one contact's customer last wrote `hours_ago`, and a
    regular message is `refused` or not."""

    hours_ago: ClassVar[float] = 0
    refused: ClassVar[bool] = True
    sent: ClassVar[list[Any]] = []

    def do_GET(self) -> None:
        written = dt.datetime.now(dt.UTC) - dt.timedelta(hours=self.hours_ago)
        answers: dict[str, object] = {
            "/v1/channels": {"channels": []},
            "/v1/contacts/phone/+98%20999%20999%207777": {"contact": {"uuid": "c1"}},
            "/v1/contacts/c1/messages": {
                "messages": [{"status": "received", "createdAt": written.strftime("%Y-%m-%dT%H:%M:%SZ")}]
            },
        }
        if self.path in answers:
            self.answer(200, answers[self.path])
        else:
            self.answer(404, {"error": "Not Found"})

    def do_POST(self) -> None:
        self.sent.append(json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0))))
        if self.refused:
            self.answer(422, {"error": "outside the window"})
        else:
            self.answer(200, {"message": {"uuid": "m1", "status": "enqueued"}})


@pytest.mark.parametrize(
    ("hours_ago", "refused", "expected"),
    [(48, True, "passed"), (48, False, "failed"), (1, False, "skipped")],
)
def test_against_a_real_account_only_what_it_can(hours_ago: float, refused: bool, expected: str) -> None:
    sent: list[Any] = []
    handler = type("Handler", (_RealAccount,), {"hours_ago": hours_ago, "refused": refused, "sent": sent})
    for url in _serve(handler):
        report = run(target_for(url, apis=("callbell",), callbell_test_number=NUMBER), only=["window_24h"])
        status, message = _window(report)
        assert status == expected, report.summary()
    assert [body["to"] for body in sent] == ([] if expected == "skipped" else [NUMBER])
    assert all("template_uuid" not in body for body in sent)  # time cannot move: no template to prove a point
    if expected == "skipped":
        assert "cannot move time" in message


def test_without_a_test_number_it_skips(mock: str) -> None:
    report = run(target_for(mock, apis=("callbell",)), only=["window_24h"])
    status, message = _window(report)
    assert status == "skipped"
    assert "--callbell-test-number" in message
