"""Webhooks: subscribe and unsubscribe, real deliveries of the documented payloads to a receiver on loopback,
and GET /webhooks/events listing each delivery with the receiver's answer."""

from __future__ import annotations

import json
import re
import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from mockserver.apis.callbell.webhooks.destinations import Destinations
from mockserver.cli import parse_args
from mockserver.schemas import validator
from mockserver.settings import Settings
from mockserver.testing import reset_mock, running_mock
from tests.mock_callbell.conftest import SEED, CallbellClient, dump, inbound, sendable_template, shown
from tests.mock_callbell.webhook_receiver import Receiver, running_receiver

TIMEOUT = 1.0  # the mock's delivery timeout here, so a hanging receiver costs a second
RUBY_TIME = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}$")
EVERY_EVENT = [
    "message_created",
    "message_status_updated",
    "contact_created",
    "contact_updated",
    "contact_deleted",
    "conversation_opened",
    "conversation_closed",
    "team_membership_updated",
    "agent_status_updated",
    "agent_session_updated",
]


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    with running_mock(Settings(seed=SEED, apis=("callbell",), callbell_webhook_timeout=TIMEOUT)) as url:
        yield url


@pytest.fixture
def seeded(mock_url: str) -> CallbellClient:
    reset_mock(mock_url)
    return CallbellClient(mock_url)


@pytest.fixture
def api(seeded: CallbellClient) -> CallbellClient:
    """An account without a webhook: the seeded (disabled) one is unsubscribed."""
    assert seeded.delete("/webhooks/unsubscribe").status_code == 200
    return seeded


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as running:
        yield running


def _subscribe(api: CallbellClient, url: str, events: list[str] | None = None) -> dict[str, Any]:
    response = api.post("/webhooks/subscribe", json={"url": url, "subscriptions": events or EVERY_EVENT})
    assert response.status_code == 200, response.text
    webhook: dict[str, Any] = response.json()["webhook"]
    return webhook


def _events(api: CallbellClient, count: int, **query: str) -> list[dict[str, Any]]:
    """The webhook's deliveries once `count` are recorded (they are recorded when the receiver answered)."""
    deadline = time.monotonic() + 15
    while True:
        listed: list[dict[str, Any]] = api.get("/webhooks/events", params=query).json()["webhook_events"]
        if len(listed) >= count or time.monotonic() > deadline:
            assert len(listed) == count, listed
            return listed
        time.sleep(0.05)


def _valid_delivery(body: dict[str, Any]) -> None:
    """The POSTed body fits the spec's `webhooks.<event>` request body (the event page's shape)."""
    pointer = f"#/webhooks/{body['event']}/post/requestBody/content/application~1json/schema"
    errors = [error.message for error in validator("callbell", pointer).iter_errors(body)]
    assert not errors, (body, errors)


WEBHOOK_PARTS = ("webhook", "next_delivery", "webhook_deliveries")


def _webhook_parts(section: dict[str, Any]) -> dict[str, Any]:
    """The webhook, its deliveries and their counter: three keys of the Callbell section."""
    return {key: section[key] for key in WEBHOOK_PARTS}


def _contact(api: CallbellClient, name: str = "Parisa Ahmadi", **extra: Any) -> dict[str, Any]:
    body = {"identifier": "+98 912 000 1111", "source": "whatsapp", "name": name, **extra}
    response = api.post("/contacts", json=body)
    assert response.status_code == 200, response.text
    return shown(response.json())


# -- the seeded webhook ----------------------------------------------------------------------------------------


def test_a_fresh_account_has_a_disabled_webhook_with_a_history_and_delivers_nothing(seeded, mock_url, receiver) -> None:
    """So the docs' GET /webhooks/events and DELETE /webhooks/unsubscribe work as written on a fresh mock."""
    listed = seeded.get("/webhooks/events").json()
    assert listed["meta"] == {"page": 1, "pages": 1}
    events = listed["webhook_events"]
    assert [e["event"] for e in events] == ["contact_created"] * 3
    assert [e["createdAt"] for e in events] == sorted((e["createdAt"] for e in events), reverse=True)
    contacts = {c["uuid"]: c for c in dump(mock_url)["contacts"]}
    for event in events:
        assert event["payload"]["createdAt"] == contacts[event["payload"]["uuid"]]["createdAt"]
        answered = {"body": {"status": "ok"}, "code": 200, "headers": {"Content-Type": "application/json"}}
        assert (event["success"], event["response"]) == (True, answered)
    webhook = dump(mock_url)["webhook"]
    assert webhook["enabled"] is False
    _contact(seeded)  # contact_created, which the seeded webhook subscribes to: it is disabled
    email = dump(mock_url)["account"]["users"][0]["email"]
    answer = requests.post(f"{mock_url}/__mock__/callbell/agent_status", json={"email": email}, timeout=10)
    assert answer.json()["queued"] is False
    assert seeded.get("/webhooks/events").json()["webhook_events"] == events
    enabled = _subscribe(seeded, receiver.url, ["contact_created"])  # subscribing enables it, history kept
    assert (enabled["enabled"], enabled["createdAt"]) == (True, webhook["createdAt"])
    _contact(seeded, name="Heard")
    assert receiver.wait_for(1)[0]["payload"]["name"] == "Heard"
    assert len(_events(seeded, 4)) == 4


def test_the_seeded_webhook_is_the_same_for_the_same_seed(mock_url) -> None:
    reset_mock(mock_url)
    first = _webhook_parts(dump(mock_url))
    reset_mock(mock_url)
    assert json.dumps(_webhook_parts(dump(mock_url))) == json.dumps(first)


# -- subscribe, unsubscribe ------------------------------------------------------------------------------------


def test_subscribe_answers_the_webhook_and_an_update_keeps_its_creation_time(api) -> None:
    first = _subscribe(api, "https://hooks.example.com/a", ["message_created", "contact_created", "message_created"])
    assert first["url"] == "https://hooks.example.com/a"
    assert first["subscriptions"] == ["message_created", "contact_created"]  # a repeated name counts once
    assert first["enabled"] is True
    assert RUBY_TIME.match(first["createdAt"])
    second = _subscribe(api, "https://hooks.example.com/b", ["contact_deleted"])
    assert (second["url"], second["subscriptions"]) == ("https://hooks.example.com/b", ["contact_deleted"])
    assert second["createdAt"] == first["createdAt"]


def test_unsubscribe_destroys_the_webhook_and_then_there_is_none(api) -> None:
    assert api.get("/webhooks/events").status_code == 404
    assert api.delete("/webhooks/unsubscribe").status_code == 404
    _subscribe(api, "https://hooks.example.com/a")
    assert api.get("/webhooks/events").json() == {"webhook_events": [], "meta": {"page": 1, "pages": 1}}
    response = api.delete("/webhooks/unsubscribe")
    assert (response.status_code, response.json()) == (200, {"status": "webhook was destroyed"})
    assert api.delete("/webhooks/unsubscribe").json() == {"error": "Webhook not found"}
    assert api.get("/webhooks/events").status_code == 404


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"url": "www.example.com", "subscriptions": ["message_created"]}, 400),
        ({"url": "ftp://example.com/hook", "subscriptions": ["message_created"]}, 400),
        ({"url": "http://example.com:port/", "subscriptions": ["message_created"]}, 400),
        ({"url": "http://user@example.com/", "subscriptions": ["message_created"]}, 400),
        ({"url": "https:///hook", "subscriptions": ["message_created"]}, 400),
        ({"url": "https://example.com/hook"}, 400),
        ({"url": "https://example.com/hook", "subscriptions": []}, 400),
        ({"url": "https://example.com/hook", "subscriptions": ["message_received"]}, 400),
        ({"url": "https://example.com/hook", "subscriptions": "message_created"}, 400),
        ({"subscriptions": ["message_created"]}, 400),
    ],
)
def test_a_bad_subscription_is_refused_and_changes_nothing(seeded, mock_url, body, status) -> None:
    before = _webhook_parts(dump(mock_url))
    response = seeded.post("/webhooks/subscribe", json=body)
    assert response.status_code == status
    assert set(response.json()) == {"error"}
    assert _webhook_parts(dump(mock_url)) == before


def test_localhost_is_accepted_as_a_mock_only_relaxation(api) -> None:
    assert _subscribe(api, "http://localhost:9/callbell")["url"] == "http://localhost:9/callbell"


# -- deliveries ------------------------------------------------------------------------------------------------


def test_a_created_contact_is_posted_to_the_receiver_and_listed_with_its_answer(api, receiver) -> None:
    _subscribe(api, receiver.url)
    contact = _contact(api, tags=[])
    [delivered] = receiver.wait_for(1)
    _valid_delivery(delivered)
    assert delivered["event"] == "contact_created"
    payload = delivered["payload"]
    assert list(payload) == [
        "href",
        "conversationHref",
        "name",
        "tags",
        "uuid",
        "source",
        "avatarUrl",
        "createdAt",
        "phoneNumber",
    ]
    assert {key: payload[key] for key in ("uuid", "name", "phoneNumber", "createdAt", "href")} == {
        key: contact[key] for key in ("uuid", "name", "phoneNumber", "createdAt", "href")
    }
    assert receiver.headers[0]["Content-Type"] == "application/json"
    [event] = _events(api, 1)
    assert event["event"] == "contact_created"
    assert event["payload"] == payload
    assert event["success"] is True
    assert event["response"]["code"] == 200
    assert event["response"]["body"] == {"status": "ok"}
    assert event["response"]["headers"]["Content-Type"] == "application/json"


def test_only_subscribed_events_are_delivered_in_the_order_they_happened(api, receiver) -> None:
    _subscribe(api, receiver.url, ["contact_updated", "contact_deleted"])
    contact = _contact(api)  # contact_created: not subscribed
    api.patch(f"/contacts/{contact['uuid']}", json={"name": "Parisa A."})
    api.patch(f"/contacts/{contact['uuid']}", json={"name": "Parisa Ahmadi-Rad"})
    api.delete(f"/contacts/{contact['uuid']}")
    delivered = receiver.wait_for(3)
    assert [d["event"] for d in delivered] == ["contact_updated", "contact_updated", "contact_deleted"]
    assert [d["payload"].get("name") for d in delivered[:2]] == ["Parisa A.", "Parisa Ahmadi-Rad"]
    assert delivered[2]["payload"]["uuid"] == contact["uuid"]
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", delivered[2]["payload"]["deleted"])
    for body in delivered:
        _valid_delivery(body)
    listed = _events(api, 3)
    assert [e["event"] for e in listed] == ["contact_deleted", "contact_updated", "contact_updated"]  # newest first
    time.sleep(0.3)
    assert len(receiver.received) == 3  # nothing else came


def test_conversation_events_carry_the_conversation_and_its_contact(api, receiver) -> None:
    _subscribe(api, receiver.url, ["conversation_opened", "conversation_closed"])
    contact = _contact(api)
    closed = shown(api.post(f"/contacts/{contact['uuid']}/conversation/close").json())
    api.post(f"/contacts/{contact['uuid']}/conversation/open")
    first, second = receiver.wait_for(2)
    for body in (first, second):
        _valid_delivery(body)
        assert body["payload"]["href"] == f"https://dash.callbell.eu/chat/{contact['uuid']}"
        assert body["payload"]["contact"]["uuid"] == contact["uuid"]
        assert "conversationHref" not in body["payload"]["contact"]
    assert first["event"] == "conversation_closed"
    assert first["payload"]["closedAt"] == closed["closedAt"]
    assert first["payload"]["closingReason"] == "issue_resolved"
    assert second["event"] == "conversation_opened"
    assert "closedAt" not in second["payload"]


def test_a_send_posts_message_created_as_sent_and_each_status_step_message_status_updated(api, receiver) -> None:
    state = dump(api.base_url.removesuffix("/v1"))
    channel = next(c for c in state["account"]["channels"] if c["main"])
    contact = next(c for c in state["contacts"] if c["channel"]["uuid"] == channel["uuid"])
    inbound(api.base_url.removesuffix("/v1"), contact=contact["uuid"])  # the 24-hour window is open
    _subscribe(api, receiver.url, ["message_created", "message_status_updated", "contact_created"])
    body = {
        "to": contact["phoneNumber"],
        "from": "whatsapp",
        "type": "image",
        "channel_uuid": channel["uuid"],
        "content": {"url": "https://files.example.com/a.png", "text": "رسید"},
        "metadata": {"order": "A-17"},
    }
    message = api.post("/messages/send", json=body).json()["message"]
    [created] = receiver.wait_for(1)
    _valid_delivery(created)
    payload = created["payload"]
    assert (created["event"], payload["status"], payload["text"]) == ("message_created", "sent", "رسید")
    assert payload["contact"]["uuid"] == contact["uuid"]
    assert payload["attachments"] == ["https://files.example.com/a.png"]
    assert payload["metadata"] == {"order": "A-17"}
    assert payload["to"] == "".join(ch for ch in contact["phoneNumber"] if ch.isdigit())
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000\+00:00$", payload["createdAt"])
    for _ in range(4):  # enqueued -> sent -> delivered -> read, then read stays read
        api.get(f"/messages/status/{message['uuid']}")
    delivered = receiver.wait_for(4)
    steps = delivered[1:]
    for update in steps:
        _valid_delivery(update)
        assert update["payload"]["uuid"] == message["uuid"]
        assert update["payload"]["messageStatusPayload"]["type"] == update["payload"]["status"]
    assert [d["payload"]["status"] for d in steps] == ["sent", "delivered", "read"]
    time.sleep(0.3)
    assert len(receiver.received) == 4


def test_a_send_to_a_new_number_announces_the_new_contact_first(api, receiver) -> None:
    state = dump(api.base_url.removesuffix("/v1"))
    channel = next(c for c in state["account"]["channels"] if c["main"])
    _subscribe(api, receiver.url, ["message_created", "contact_created"])
    template = sendable_template(api.base_url.removesuffix("/v1"))  # a new number has no 24-hour window
    body = {"to": "+98 935 777 0000", "from": "whatsapp", "type": "text", "channel_uuid": channel["uuid"]}
    body |= {"template_uuid": template["uuid"], "optin_contact": True, "content": {"text": "سلام"}}
    assert api.post("/messages/send", json=body).status_code == 200
    created, message = receiver.wait_for(2)
    assert (created["event"], message["event"]) == ("contact_created", "message_created")
    assert message["payload"]["contact"]["uuid"] == created["payload"]["uuid"]


# -- the receiver's answer -------------------------------------------------------------------------------------


def test_an_answer_other_than_200_is_a_failed_delivery(api, receiver) -> None:
    receiver.status, receiver.body = 503, b"busy"
    _subscribe(api, receiver.url, ["contact_created"])
    _contact(api)
    [event] = _events(api, 1)
    assert (event["success"], event["response"]["code"], event["response"]["body"]) == (False, 503, "busy")
    assert _events(api, 1, status="failed") == [event]
    assert _events(api, 0, status="success") == []


def test_a_receiver_that_is_not_there_is_recorded_without_a_code(api) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    _subscribe(api, f"http://127.0.0.1:{port}/gone", ["contact_created"])
    assert _contact(api)["name"] == "Parisa Ahmadi"  # the request that caused the event still succeeds
    [event] = _events(api, 1)
    assert (event["success"], event["response"]["code"]) == (False, None)
    assert event["response"]["body"].startswith("not delivered: ")


def test_the_request_never_waits_for_the_receiver_and_a_hanging_one_times_out(api, receiver) -> None:
    """The receiver holds its answer until the test has its API answer: were delivery part of the request,
    the request would wait for the gate, which only opens after it returned (so it would time out)."""
    receiver.gate.clear()
    _subscribe(api, receiver.url, ["contact_created"])
    response = api.post(
        "/contacts", json={"identifier": "+98 912 000 2222", "source": "whatsapp", "name": "Sara"}, timeout=10
    )
    assert response.status_code == 200
    receiver.wait_for(1)
    [event] = _events(api, 1)  # recorded after TIMEOUT, while the receiver still holds its answer
    assert (event["success"], event["response"]["code"]) == (False, None)
    assert event["response"]["body"] == f"no answer within {TIMEOUT:g} s"
    receiver.gate.set()


def test_a_host_off_this_machine_is_not_delivered_to_by_default(api) -> None:
    """The docs' own subscribe example names a real domain: replaying it must not send an account's events there."""
    _subscribe(api, "https://hooks.example.com/callbell", ["contact_created"])
    _contact(api)
    [event] = _events(api, 1)
    assert (event["success"], event["response"]["code"]) == (False, None)
    assert event["response"]["body"].startswith("not delivered: hooks.example.com is not a local address")


@pytest.mark.parametrize(
    ("allowed", "url", "delivered"),
    [
        (("local",), "http://127.0.0.1:8080/h", True),
        (("local",), "http://[::1]:8080/h", True),
        (("local",), "http://localhost/h", True),
        (("local",), "http://app.localhost/h", True),
        (("local",), "http://192.168.1.20/h", True),
        (("local",), "http://10.0.0.5/h", True),
        (("local",), "http://169.254.1.1/h", True),
        (("local",), "https://8.8.8.8/h", False),
        (("local",), "https://hooks.example.com/h", False),
        (("local", "Hooks.Example.com"), "https://hooks.example.com/h", True),
        (("local", "hooks.example.com"), "https://other.example.com/h", False),
        (("local", "any"), "https://other.example.com/h", True),
    ],
)
def test_which_hosts_are_delivered_to(allowed, url, delivered) -> None:
    assert (Destinations(allowed).refusal(url) is None) is delivered


def test_the_cli_adds_named_hosts_to_the_local_ones() -> None:
    assert parse_args([]).callbell_webhook_hosts == ("local",)
    named = parse_args(["--callbell-webhook-hosts", "any", "--callbell-webhook-timeout", "2.5"])
    assert (named.callbell_webhook_hosts, named.callbell_webhook_timeout) == (("local", "any"), 2.5)


# -- the list --------------------------------------------------------------------------------------------------


def test_events_are_paged_and_filtered_by_event_name(api, receiver) -> None:
    _subscribe(api, receiver.url, ["contact_created", "contact_updated"])
    contact = _contact(api)
    for name in ("A", "B", "C", "D"):
        api.patch(f"/contacts/{contact['uuid']}", json={"name": name})
    _events(api, 5)
    first = api.get("/webhooks/events", params={"items": "2"}).json()
    assert first["meta"] == {"page": 1, "pages": 3}
    assert [e["payload"]["name"] for e in first["webhook_events"]] == ["D", "C"]
    third = api.get("/webhooks/events", params={"items": "2", "page": "3"}).json()
    assert [e["event"] for e in third["webhook_events"]] == ["contact_created"]
    assert api.get("/webhooks/events", params={"items": "2", "page": "9"}).json()["webhook_events"] == []
    only = api.get("/webhooks/events", params={"subscriptions": "contact_created,message_created"}).json()
    assert [e["event"] for e in only["webhook_events"]] == ["contact_created"]
    lenient = api.get("/webhooks/events", params={"items": "x", "page": "0"}).json()
    assert (lenient["meta"], len(lenient["webhook_events"])) == ({"page": 1, "pages": 1}, 5)


def test_unsubscribing_forgets_the_deliveries_and_stops_them(api, receiver) -> None:
    _subscribe(api, receiver.url, ["contact_created"])
    _contact(api)
    _events(api, 1)
    api.delete("/webhooks/unsubscribe")
    _contact(api, name="Nobody Hears")
    _subscribe(api, receiver.url, ["contact_created"])
    assert api.get("/webhooks/events").json()["webhook_events"] == []
    time.sleep(0.3)
    assert len(receiver.received) == 1


# -- admin triggers --------------------------------------------------------------------------------------------


def test_agent_and_team_triggers_deliver_their_documented_payloads(api, receiver, mock_url) -> None:
    account = dump(mock_url)["account"]
    user, team = account["users"][0], account["teams"][0]
    _subscribe(api, receiver.url)
    lunch = next(s for s in account["customStatuses"] if s["name"] == "Lunch")
    status = {"email": user["email"], "available": False, "custom_status_uuid": lunch["id"]}
    answers = [
        requests.post(f"{mock_url}/__mock__/callbell/agent_status", json=status, timeout=10),
        requests.post(
            f"{mock_url}/__mock__/callbell/agent_session",
            json={"email": user["email"], "action": "user_logged_out"},
            timeout=10,
        ),
        requests.post(
            f"{mock_url}/__mock__/callbell/team_membership",
            json={"email": user["email"], "team_uuid": team["uuid"], "reason": "agent_added"},
            timeout=10,
        ),
    ]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert all(a.json()["queued"] is True for a in answers)
    delivered = receiver.wait_for(3)
    events = ["agent_status_updated", "agent_session_updated", "team_membership_updated"]
    assert [d["event"] for d in delivered] == events
    for body, answer in zip(delivered, answers, strict=True):
        _valid_delivery(body)
        assert body["payload"] == answer.json()["payload"]
    assert delivered[0]["payload"]["available"] is False
    assert delivered[0]["payload"]["userCustomStatus"]["name"] == "Lunch"
    assert delivered[1]["payload"]["user"]["email"] == user["email"]
    assert delivered[2]["payload"]["team"]["uuid"] == team["uuid"]
    assert "name" not in delivered[2]["payload"]["user"]


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("agent_status", {"email": "nobody@example.com"}, 404),
        ("agent_status", {}, 400),
        ("agent_status", {"email": "USER", "available": "no"}, 400),
        ("agent_session", {"email": "USER", "action": "dancing"}, 400),
        ("team_membership", {"email": "USER", "team_uuid": "nope", "reason": "agent_added"}, 404),
        ("team_membership", {"email": "USER", "team_uuid": "TEAM", "reason": "promoted"}, 400),
    ],
)
def test_a_trigger_for_what_the_account_lacks_is_refused(api, mock_url, path, body, status) -> None:
    account = dump(mock_url)["account"]
    filled = {
        key: {"USER": account["users"][0]["email"], "TEAM": account["teams"][0]["uuid"]}.get(value, value)
        for key, value in body.items()
    }
    response = requests.post(f"{mock_url}/__mock__/callbell/{path}", json=filled, timeout=10)
    assert response.status_code == status
    assert set(response.json()) == {"error"}


def test_a_trigger_without_a_webhook_is_answered_but_not_queued(api, mock_url) -> None:
    email = dump(mock_url)["account"]["users"][0]["email"]
    response = requests.post(f"{mock_url}/__mock__/callbell/agent_status", json={"email": email}, timeout=10)
    assert (response.status_code, response.json()["queued"]) == (200, False)


# -- state -----------------------------------------------------------------------------------------------------


def test_the_webhook_and_its_deliveries_round_trip_through_the_state_document(api, receiver, mock_url) -> None:
    _subscribe(api, receiver.url, ["contact_created"])
    _contact(api)
    listed = _events(api, 1)
    document = requests.get(f"{mock_url}/__mock__/state", timeout=30).json()
    assert document["callbell"]["webhook"]["url"] == receiver.url
    reset_mock(mock_url)
    assert api.get("/webhooks/events").json()["webhook_events"] != listed  # a reset returns to the seeded one
    loaded = requests.put(f"{mock_url}/__mock__/state", data=json.dumps(document), timeout=30)
    assert loaded.status_code == 200, loaded.text
    assert api.get("/webhooks/events").json()["webhook_events"] == listed
    assert requests.get(f"{mock_url}/__mock__/state", timeout=30).json() == document


def test_a_state_document_without_webhooks_loads_and_a_bad_one_is_refused(api, mock_url) -> None:
    document = requests.get(f"{mock_url}/__mock__/state", timeout=30).json()
    for key in WEBHOOK_PARTS:
        del document["callbell"][key]
    assert requests.put(f"{mock_url}/__mock__/state", data=json.dumps(document), timeout=30).status_code == 200
    assert api.get("/webhooks/events").status_code == 404
    document["callbell"] |= {
        "webhook": {"url": "https://a.example", "subscriptions": ["nope"], "createdAt": "x", "enabled": True},
        "next_delivery": 1,
        "webhook_deliveries": [],
    }
    refused = requests.put(f"{mock_url}/__mock__/state", data=json.dumps(document), timeout=30)
    assert refused.status_code == 400
    assert "Webhook" in refused.json()["error"]
