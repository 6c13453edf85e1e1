"""The Schemathesis suite (`contract_tests/suites/generated.py`): it holds against the honest mock for each API,
leaves the mock's records as it found them, marks what it creates, bites on deliberate defects (each finding
with its curl reproduction), and sends nothing unsafe when read-only."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import requests

import contract_tests.suites  # noqa: F401  (registers the checks)
from contract_tests.exchange import Client
from contract_tests.generated_engine import run_plan
from contract_tests.referee import Referee
from contract_tests.registry import CHECKS, Context, Failure, Failures
from contract_tests.runner import run
from contract_tests.suites import generated
from contract_tests.target import Target
from hamta import load_spec, spec_path
from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.contract.conftest import TOKENS, target_for

APIS = ("contacts", "conversations", "callbell")
RUN: dict[str, Callable[[Context], None]] = {
    "contacts": generated.schemathesis_contacts,
    "conversations": generated.schemathesis_conversations,
    "callbell": generated.schemathesis_callbell,
}
RUN_NAMES = tuple(f"schemathesis_{api}" for api in APIS)
EXAMPLES = 5


def _context(url: str, api: str, **overrides: object) -> Context:
    target: Target = target_for(url, **{"apis": (api,), "max_examples": EXAMPLES, **overrides})
    return Context(target, load_spec(api), Client(url, Referee(api), rate=0, timeout=target.timeout))


def _findings(ctx: Context, api: str) -> list[Failure]:
    try:
        RUN[api](ctx)
    except Failures as many:
        return many.failures
    return []


def _records(url: str) -> dict[str, list[object]]:
    state = requests.get(f"{url}/__mock__/state", timeout=30).json()
    return {
        "contacts": sorted(c["id"] for c in state["contacts"]["records"]),
        "callbell": sorted(c["uuid"] for c in state["callbell"]["contacts"]),
    }


@pytest.fixture(scope="module")
def mock() -> Iterator[str]:
    with running_mock(Settings(seed=11, contacts=120, apis=APIS, journal_size=20000)) as url:
        yield url


def test_one_generated_check_per_api_is_registered() -> None:
    names = {(c.api, c.name) for c in CHECKS}
    assert {(api, f"schemathesis_{api}") for api in APIS} <= names


@pytest.mark.parametrize("api", APIS)
def test_generated_passes_against_the_honest_mock_and_cleans_up(mock: str, api: str) -> None:
    before = _records(mock)
    ctx = _context(mock, api)
    findings = _findings(ctx, api)
    try:
        assert findings == [], "\n".join(f"{f.check} {f.operation}: {f.message}" for f in findings)
        assert not ctx.client.referee.misfits, ctx.client.referee.misfits[:1]
        if api == "contacts":  # what it created carries the marker, and is all listed for the cleanup
            records = requests.get(f"{mock}/__mock__/state", timeout=30).json()["contacts"]["records"]
            created = [c for c in records if c["id"] not in before["contacts"]]
            assert created
            assert {f"/api/contacts/{c['id']}/" for c in created} <= set(ctx.cleanup)
            assert [c["subject"] for c in created if not c["subject"].startswith(ctx.target.marker)] == []
    finally:
        for path in ctx.cleanup:  # what the runner does after its checks
            ctx.client.request("DELETE", path, headers={"Authorization": f"Token {TOKENS['admin']}"})
    # Contacts and Callbell contacts it created are gone again; nothing it did not create was touched.
    # Conversations have no DELETE: what they create stays (documented in the suite).
    assert _records(mock) == before


@pytest.mark.parametrize(
    ("fault", "check", "operation"),
    [
        ("wrong-type", "response_schema_conformance", "GET /api/contacts/"),
        ("wrong-content-type", "content_type_conformance", "GET /api/contacts/"),
        ("ignored-auth", "ignored_auth", "GET /api/contacts/"),
    ],
)
def test_generated_fails_on_a_fault(fault: str, check: str, operation: str) -> None:
    with running_mock(Settings(seed=11, contacts=60, apis=("contacts",), faults=(fault,))) as url:
        # enough examples that the coverage and fuzzing phases reach a quote in `search` (the server-error fault)
        ctx = _context(url, "contacts", max_examples=30)
        findings = _findings(ctx, "contacts")
    found = {(f.check, f.operation) for f in findings}
    assert (check, operation) in found, sorted(found)
    assert all(f.exchange is not None for f in findings if f.check == check)  # each with its curl reproduction


def test_read_only_sends_no_unsafe_method(mock: str) -> None:
    requests.delete(f"{mock}/__mock__/journal", timeout=30)
    report = run(target_for(mock, apis=APIS, max_examples=EXAMPLES, read_only=True), only=list(RUN_NAMES))
    assert report.ok, report.summary()
    entries = requests.get(f"{mock}/__mock__/journal?limit=5000", timeout=30).json()["entries"]
    assert {e["method"] for e in entries} <= {"GET", "HEAD", "OPTIONS"}
    for prefix in ("/api/contacts/", "/users/", "/v1/"):
        assert any(e["path"].startswith(prefix) for e in entries), prefix


def test_a_missing_credential_skips_the_api(mock: str) -> None:
    report = run(Target(base_url=mock, apis=APIS, rate=0, max_examples=EXAMPLES), only=list(RUN_NAMES))
    assert {o.check: o.status for o in report.outcomes if o.check in RUN_NAMES} == dict.fromkeys(RUN_NAMES, "skipped")


def test_a_refused_credential_fails_instead_of_passing(mock: str) -> None:
    ctx = _context(mock, "callbell", bearer="test_notTheAccountsToken")
    with pytest.raises(Failure, match="credential is refused"):
        generated.schemathesis_callbell(ctx)


def test_conversations_stateful_phase_reaches_its_links(mock: str) -> None:
    """Creates name the signed-in user's own data (found through the API at run start), so they succeed and the
    stateful phase goes on to the operations the spec's links lead to."""
    ctx = _context(mock, "conversations", max_examples=10)
    plan = generated._conversations_plan(ctx)
    assert "akinon_conversations_create" in plan.references
    result = run_plan(plan, str(spec_path("conversations")))
    assert result.failures == [], "\n".join(f"{f.check} {f.operation}: {f.message}" for f in result.failures)
    stateful = {
        (operation, status): n for (phase, operation, status), n in result.responses.items() if phase == "stateful"
    }
    assert stateful.get(("POST /users/conversations/", 201), 0) >= 1, stateful
    # most generated creates are accepted, not refused for naming what does not exist
    assert stateful[("POST /users/conversations/", 201)] > stateful.get(("POST /users/conversations/", 400), 0)
    assert stateful.get(("GET /users/conversations/{id}/", 200), 0) >= 1, stateful


def test_conversation_references_name_the_users_own_data(mock: str) -> None:
    """What a positive create is filled with: the signed-in user, a seller and an item of theirs, and for a reply
    the suite's own (marked) conversation; a generated body with none of that is left to what it says."""
    ctx = _context(mock, "conversations")
    fill = generated._conversations_plan(ctx).references["akinon_conversations_create"]
    body = {"user": 0, "datasource": 0, "conversation_type": "message", "content_type": "x", "conversation": 99999}
    fill(body)
    state = requests.get(f"{mock}/__mock__/state", timeout=30).json()["conversations"]
    mine = next(c for c in state["conversations"] if c["id"] == body["conversation"])
    assert (mine["user"], mine["datasource"]) == (body["user"], body["datasource"])
    assert body["content_type"] == "user"
    assert "object_id" not in body
    assert "item_id" not in body
    assert any(m["message_content"].startswith(ctx.target.marker) for m in mine["messages"]), mine
    assert body["message_content"] == ctx.target.marker
