"""The Callbell suite as the docs shape it: a finding about behaviour the spec only inferred (`x-inferred`) is
reported apart and fails only with --strict-inferred; nothing is sent to a number or URL the user did not name;
the `contact` wrapper can be forced to one form."""

from __future__ import annotations

import http.server
import json
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from contract_tests.cli import main
from contract_tests.exchange import Client
from contract_tests.inferred import INFERRED_PREFIX, InferredSubjects
from contract_tests.referee import Referee
from contract_tests.registry import Context
from contract_tests.report import Report
from contract_tests.runner import run
from contract_tests.suites import generated
from contract_tests.target import load_target
from hamta import load_spec
from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.contract.conftest import BEARER, target_for
from tests.mock_callbell.webhook_receiver import running_receiver

SPEC = load_spec("callbell")


class _Refusing(http.server.BaseHTTPRequestHandler):
    """A stand-in deployment that refuses a missing or unknown token with `status` (the docs say only "4xx")."""

    status = 403
    refusal: object = {"error": "Unauthorized"}

    def do_GET(self) -> None:
        valid = self.headers.get("Authorization") == f"Bearer {BEARER}"
        code = 200 if valid else self.status
        body = json.dumps({"contacts": []} if valid else self.refusal).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def _serve(status: int, refusal: object = None) -> Iterator[str]:
    handler = type("Handler", (_Refusing,), {"status": status, "refusal": refusal or {"error": "Unauthorized"}})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def refusing_with_403() -> Iterator[str]:
    yield from _serve(403)


@pytest.fixture
def refusing_with_401() -> Iterator[str]:
    yield from _serve(401, {"message": "no"})


@pytest.fixture
def accepting_anyone() -> Iterator[str]:
    yield from _serve(200)


def test_the_spec_marks_what_it_only_guessed() -> None:
    subjects = InferredSubjects(SPEC)
    assert subjects.reason("GET /v1/contacts", statuses=("401",))  # the 401 is the spec's guess
    assert subjects.reason("GET /contacts", check="ignored_auth")  # schemathesis's label, without the server
    assert subjects.reason("GET /v1/funnels", status=200) is None  # documented by its example
    assert subjects.reason("GET /v1/no-such-path", status=500) is None
    assert subjects.reason("GET /v1/funnels", status=503) is None  # an undeclared 5xx is never a guess


def test_a_misfit_on_a_guessed_property_is_inferred() -> None:
    """Along the answered JSON's path, through the `contact` wrapper's object and array forms, to the property."""
    subjects = InferredSubjects(SPEC)
    marked = [
        name
        for name, schema in SPEC.document["components"]["schemas"]["Contact"]["properties"].items()
        if "x-inferred" in schema
    ]
    documented = [name for name in SPEC.document["components"]["schemas"]["Contact"]["required"] if name not in marked]
    assert marked
    assert documented
    for path in (("contact", marked[0]), ("contact", 0, marked[0])):
        assert subjects.reason("GET /v1/contacts/abc", status=200, paths=[path])
    assert subjects.reason("GET /v1/contacts/abc", status=200, paths=[("contact", 0, documented[0])]) is None


def test_a_differing_inferred_behaviour_is_reported_apart(refusing_with_403: str, tmp_path: Path) -> None:
    target = target_for(refusing_with_403, apis=("callbell",), generated=False)
    report = run(target, only=["bearer_required"])
    [outcome] = [o for o in report.outcomes if o.check == "bearer_required"]
    assert outcome.status == "inferred"
    assert "expected 401, got 403" in outcome.message
    assert "x-inferred" in outcome.message
    assert INFERRED_PREFIX in report.summary()
    # The 403 itself is undeclared: inferred too where every 4xx the spec gives GET /contacts is its guess.
    undeclared = "inferred" if InferredSubjects(SPEC).reason("GET /v1/contacts", status=403) else "failed"
    assert {o.check: o.status for o in report.outcomes}["response_schema_conformance"] == undeclared
    assert report.ok is (undeclared == "inferred")
    junit = tmp_path / "report.xml"
    report.write_junit(junit)
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None
    assert suite.get("failures") == ("0" if undeclared == "inferred" else "1")
    strict = run(target_for(refusing_with_403, apis=("callbell",), strict_inferred=True), only=["bearer_required"])
    assert not strict.ok
    strict.write_junit(junit)
    kinds = {f.get("type") for f in ET.parse(junit).getroot().findall(".//failure")}
    assert "inferred-behaviour" in kinds


def test_a_documented_promise_broken_is_a_defect(accepting_anyone: str) -> None:
    """Without a token the docs promise a refusal: answering 200 fails the run, strict or not."""
    handler_url = accepting_anyone
    report = run(target_for(handler_url, apis=("callbell",)), only=["bearer_required"])
    assert [o.status for o in report.outcomes if o.check == "bearer_required"] == ["failed"]
    assert not report.ok


def test_cli_strict_inferred_decides_the_exit_code(refusing_with_401: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A stand-in whose only difference from the spec is a guessed error body: exit 0, 1 when strict."""
    common = ["--base-url", refusing_with_401, "--api", "callbell", "--bearer", BEARER, "--check", "bearer_required"]
    assert main(common) == 0, capsys.readouterr().out
    assert INFERRED_PREFIX in capsys.readouterr().out
    assert main([*common, "--strict-inferred"]) == 1


def test_contact_shape_setting() -> None:
    def shape(value: str | None) -> str | None:
        return load_target({"base_url": "http://x.test", "callbell_contact_shape": value}).callbell_contact_shape

    assert shape(None) is None
    assert shape("docs") is None
    assert shape("object") == "object"
    assert shape("array") == "array"
    assert shape("legacy-array") == "array"
    with pytest.raises(ValueError, match="callbell-contact-shape"):
        shape("list")


@pytest.fixture(scope="module")
def mock() -> Iterator[str]:
    with running_mock(Settings(seed=11, contacts=60, apis=("callbell",))) as url:
        yield url


def _sent(url: str) -> list[dict[str, object]]:
    sent: list[dict[str, object]] = requests.get(f"{url}/__mock__/state", timeout=30).json()["callbell"]["sent"]
    return sent


def _reset(url: str) -> set[object]:
    """A fresh mock, and the uuids of the messages its seed already holds as sent (the docs' examples')."""
    requests.post(f"{url}/__mock__/reset", timeout=60).raise_for_status()
    return {message["uuid"] for message in _sent(url)}


def _sent_since(url: str, seeded: set[object]) -> list[dict[str, object]]:
    return [message for message in _sent(url) if message["uuid"] not in seeded]


def test_without_a_test_number_nothing_is_sent(mock: str) -> None:
    seeded = _reset(mock)
    report = run(target_for(mock, apis=("callbell",), max_examples=5))
    skipped = {o.check: o.message for o in report.outcomes if o.status == "skipped"}
    for name in ("sent_message_listed", "template_sent", "window_24h"):
        assert "--callbell-test-number" in skipped[name]
    assert "--callbell-test-webhook" in skipped["webhook_delivered"]
    assert "--callbell-account-writes" in skipped["account_writes_hold"]
    assert _sent_since(mock, seeded) == []  # neither the checks nor the generated phase sent a message


def test_with_a_test_number_messages_go_only_there(mock: str) -> None:
    seeded = _reset(mock)
    state = requests.get(f"{mock}/__mock__/state", timeout=30).json()["callbell"]
    named = state["contacts"][0]
    target = target_for(mock, apis=("callbell",), max_examples=5, callbell_test_number=named["phoneNumber"])
    report = run(target, only=["sent_message_listed", "schemathesis_callbell"])
    assert [o.status for o in report.outcomes if o.check == "sent_message_listed"] == ["passed"], report.summary()
    sent = _sent_since(mock, seeded)
    assert len(sent) > 1  # the check's message and the generated phase's
    assert {message["contact"] for message in sent} == {named["uuid"]}


def test_a_whole_run_leaves_the_account_as_it_found_it(mock: str) -> None:
    """Every check and the generated phase, with a test number and account writes: afterwards the account
    (channels, teams, templates renamed and back, users, custom statuses...) and its contacts are what they
    were; what the run created (contacts, custom statuses) it deleted. The one contact it leaves is the test
    number's, which sending to a new number makes (the user's own, with the messages they asked for)."""
    _reset(mock)
    before = requests.get(f"{mock}/__mock__/state", timeout=30).json()["callbell"]
    number = "+98 999 999 7777"
    target = target_for(
        mock, apis=("callbell",), max_examples=10, callbell_test_number=number, callbell_account_writes=True
    )
    report = run(target)
    assert report.ok, report.summary()
    assert [o.status for o in report.outcomes if o.check == "account_writes_hold"] == ["passed"]
    after = requests.get(f"{mock}/__mock__/state", timeout=30).json()["callbell"]
    assert after["account"] == before["account"]
    kept = {c["uuid"] for c in after["contacts"] if c["phoneNumber"] != number}
    assert kept == {c["uuid"] for c in before["contacts"]}


def test_every_unsafe_operation_on_one_record_is_pinned() -> None:
    """The generated phase changes only the suite's own contacts: each unsafe operation with a path id is pinned
    to one of them, or to an id no account has; sends and webhooks go only where the user said."""
    for named in (False, True):
        extra = {"callbell_test_number": "+98 999 999 7777", "callbell_test_webhook": "http://127.0.0.1:9/"}
        ctx = _context("http://127.0.0.1:9", **(extra if named else {}))
        plan = generated._plan(ctx)
        generated._callbell_safety(ctx, plan, "kept", "gone")
        for operation in SPEC.operations:
            if operation.method not in ("GET", "HEAD", "OPTIONS") and "{" in operation.path:
                pins = plan.pins[operation.operation_id]
                assert set(pins.values()) <= {"kept", "gone", generated._NOBODY}, operation.operation_id
        sends = [op.operation_id for op in SPEC.operations if op.path == "/messages/send"]
        for operation_id in sends:
            if named:
                assert plan.forced[operation_id] == {"to": "+98 999 999 7777"}
            else:
                assert operation_id in plan.excluded


def _context(url: str, **overrides: object) -> Context:
    target = target_for(url, apis=("callbell",), **overrides)
    return Context(target, SPEC, Client(url, Referee("callbell"), rate=0, timeout=5))


def test_a_webhook_is_delivered_to_the_named_url_only(mock: str) -> None:
    requests.post(f"{mock}/__mock__/reset", timeout=60).raise_for_status()
    with running_receiver() as receiver:
        target = target_for(mock, apis=("callbell",), callbell_test_webhook=receiver.url)
        report = run(target, only=["webhook_delivered"])
    assert [o.status for o in report.outcomes if o.check == "webhook_delivered"] == ["passed"], report.summary()
    assert "contact_created" in [item.get("event") for item in receiver.received]
    assert all(set(item) == {"event", "payload"} for item in receiver.received)


def test_a_forced_contact_shape_is_expected_everywhere() -> None:
    """A mock forced to answer `contact` as an object: the docs' one-item array on GET /contacts/{uuid} (C1) is a
    finding by default, and expected away with the same setting given to the suite."""
    with running_mock(Settings(seed=11, contacts=30, apis=("callbell",), callbell_contact_shape="object")) as url:
        docs = run(target_for(url, apis=("callbell",)), only=["documented_shapes"])
        forced = run(target_for(url, apis=("callbell",), callbell_contact_shape="object"), only=["documented_shapes"])

    def wrapper_findings(report: Report) -> list[str]:
        return [o.operation for o in report.outcomes if o.status == "failed" and "$.contact: expected" in o.message]

    assert "GET /v1/contacts/{uuid}" in wrapper_findings(docs)
    assert wrapper_findings(forced) == []


def test_the_pytest_plugin_reports_inferred_behaviour_as_an_xfail(refusing_with_401: str, tmp_path: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-rx",
        "-p",
        "no:cacheprovider",
        "--pyargs",
        "contract_tests.pytest_suite",
        "--hamta-base-url",
        refusing_with_401,
        "--hamta-api",
        "callbell",
        "--hamta-bearer",
        BEARER,
        "-k",
        "bearer_required",
    ]
    lenient = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert lenient.returncode == 0, lenient.stdout[-2000:]
    assert INFERRED_PREFIX in lenient.stdout
    strict = subprocess.run(
        [*command, "--hamta-strict-inferred"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert strict.returncode == 1, strict.stdout[-2000:]


def test_an_account_without_a_webhook_has_no_events_to_shape(mock: str) -> None:
    """GET /webhooks/events answers the 404 it declares once the account's webhook is gone: documented_shapes
    has nothing to compare there, and no finding."""
    _reset(mock)
    headers = {"Authorization": f"Bearer {BEARER}"}
    requests.delete(f"{mock}/v1/webhooks/unsubscribe", headers=headers, timeout=30).raise_for_status()
    assert requests.get(f"{mock}/v1/webhooks/events", headers=headers, timeout=30).status_code == 404
    report = run(target_for(mock, apis=("callbell",)), only=["documented_shapes"])
    assert [o.status for o in report.outcomes if o.check == "documented_shapes"] == ["passed"], report.summary()
