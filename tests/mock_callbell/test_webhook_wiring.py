"""The events other parts of the mock announce: a customer's inbound message, a user's status (the API and the
admin trigger), a session, a team membership, a sent message's status with its metadata; each admin trigger
changes the account the API then shows; and every time the Callbell API writes is its clock's, not the wall's."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from mockserver.schemas import validator
from mockserver.testing import reset_mock
from tests.mock_callbell.conftest import CallbellClient, dump, inbound, sendable_template, shown
from tests.mock_callbell.webhook_receiver import Receiver, running_receiver

AGENT = "414a6d692bd645ed803f2e7ce360d4c8"  # john.doe@gmail.com, the user-status snippets' path id
LUNCH = "8dbd6f6c-ec09-4b87-a04e-bef1c2ca41db"
SUPPORT_TEAM = "35402552d90c4041b6bcb9a3249c0263"
NEW_NUMBER = "+98 935 444 0101"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as running:
        yield running


def _subscribe(api: CallbellClient, url: str, events: list[str]) -> None:
    """A new webhook: the seeded one (and its past deliveries) goes first."""
    assert api.delete("/webhooks/unsubscribe").status_code == 200
    response = api.post("/webhooks/subscribe", json={"url": url, "subscriptions": events})
    assert response.status_code == 200, response.text


def _valid(delivery: dict[str, Any]) -> dict[str, Any]:
    """The delivery's payload, once its body fits the spec's `webhooks.<event>` request body."""
    pointer = f"#/webhooks/{delivery['event']}/post/requestBody/content/application~1json/schema"
    errors = [error.message for error in validator("callbell", pointer).iter_errors(delivery)]
    assert not errors, (delivery, errors)
    payload: dict[str, Any] = delivery["payload"]
    return payload


def _only(receiver: Receiver, count: int) -> list[dict[str, Any]]:
    """Exactly `count` deliveries: they arrive, and nothing follows them."""
    delivered = receiver.wait_for(count)
    time.sleep(0.3)
    assert len(receiver.received) == count, receiver.received
    return delivered


def _listed(api: CallbellClient, count: int) -> list[dict[str, Any]]:
    """GET /webhooks/events once `count` deliveries are recorded (a delivery is recorded once answered)."""
    deadline = time.monotonic() + 15
    while True:
        listed: list[dict[str, Any]] = api.get("/webhooks/events").json()["webhook_events"]
        if len(listed) >= count or time.monotonic() > deadline:
            assert len(listed) == count, listed
            return listed
        time.sleep(0.05)


def _trigger(base_url: str, name: str, body: dict[str, Any]) -> requests.Response:
    return requests.post(f"{base_url}/__mock__/callbell/{name}", json=body, timeout=10)


def _clock(base_url: str) -> str:
    now: str = requests.get(f"{base_url}/__mock__/callbell/clock", timeout=10).json()["now"]
    return now


def _members(api: CallbellClient, team: str) -> dict[str, dict[str, Any]]:
    users = api.get(f"/teams/{team}/members").json()["users"]
    return {user["email"]: user for user in users}


def _user(base_url: str, uuid: str) -> dict[str, Any]:
    user: dict[str, Any] = next(u for u in dump(base_url)["account"]["users"] if u["uuid"] == uuid)
    return user


# -- a customer's inbound message ------------------------------------------------------------------------------


def test_an_inbound_message_from_a_new_number_announces_the_contact_then_the_message(api, fresh, receiver) -> None:
    _subscribe(api, receiver.url, ["contact_created", "conversation_opened", "message_created"])
    answer = inbound(fresh, **{"from": NEW_NUMBER, "text": "سلام، سفارشم کجاست؟"})
    created, message = (_valid(d) for d in _only(receiver, 2))
    assert [d["event"] for d in receiver.received] == ["contact_created", "message_created"]
    contact = shown(api.get(f"/contacts/{answer['contact']}").json())
    assert (created["uuid"], created["phoneNumber"], created["createdAt"]) == (
        contact["uuid"],
        NEW_NUMBER,
        contact["createdAt"],
    )
    assert (message["status"], message["text"]) == ("received", "سلام، سفارشم کجاست؟")
    assert message["from"] == "989354440101"
    assert message["to"] == answer["message"]["to"]
    assert message["contact"]["uuid"] == contact["uuid"]


def test_an_inbound_message_reopens_a_closed_conversation_before_it_is_announced(api, fresh, receiver) -> None:
    contact = dump(fresh)["contacts"][0]
    closed = api.post(f"/contacts/{contact['uuid']}/conversation/close")
    assert closed.status_code == 200, closed.text
    _subscribe(api, receiver.url, ["contact_created", "conversation_opened", "message_created"])
    inbound(fresh, contact=contact["uuid"], text="هنوز منتظرم")
    opened, message = _only(receiver, 2)
    assert (opened["event"], message["event"]) == ("conversation_opened", "message_created")
    assert "closedAt" not in _valid(opened)
    assert opened["payload"]["contact"]["uuid"] == contact["uuid"]
    assert (_valid(message)["status"], message["payload"]["text"]) == ("received", "هنوز منتظرم")


def test_an_inbound_message_to_an_open_conversation_is_the_message_alone(api, fresh, receiver) -> None:
    contact = dump(fresh)["contacts"][0]
    inbound(fresh, contact=contact["uuid"])
    _subscribe(api, receiver.url, ["contact_created", "conversation_opened", "message_created"])
    inbound(fresh, contact=contact["uuid"], text="یک سؤال دیگر")
    [message] = _only(receiver, 1)
    assert message["event"] == "message_created"
    assert _valid(message)["contact"]["uuid"] == contact["uuid"]


# -- a user's status, through the API --------------------------------------------------------------------------


def test_putting_and_deleting_a_users_status_announces_the_team_member(api, fresh, receiver) -> None:
    _subscribe(api, receiver.url, ["agent_status_updated"])
    put = api.request("PUT", f"/users/{AGENT}/status", json={"available": False, "custom_status_uuid": LUNCH})
    assert put.status_code == 200, put.text
    email = _user(fresh, AGENT)["email"]
    member_after_put, put_at = _members(api, SUPPORT_TEAM)[email], _clock(fresh)
    assert api.delete(f"/users/{AGENT}/status").status_code == 204
    member_after_delete, deleted_at = _members(api, SUPPORT_TEAM)[email], _clock(fresh)
    first, second = (_valid(d) for d in _only(receiver, 2))
    assert [d["event"] for d in receiver.received] == ["agent_status_updated"] * 2
    assert first == member_after_put
    assert (first["available"], first["userCustomStatus"]["id"]) == (False, LUNCH)
    assert second == member_after_delete
    assert "userCustomStatus" not in second
    listed = _listed(api, 2)  # newest first; each recorded at its event's time on the mock's clock
    assert [event["createdAt"] for event in listed] == [deleted_at, put_at]
    assert first["lastUpdatedAt"] == put_at  # the availability changed then; the DELETE left it as it was


def test_deleting_a_custom_status_announces_each_wearer_losing_it(api, fresh, receiver) -> None:
    users = dump(fresh)["account"]["users"]
    wearers = [user["email"] for user in users if user["customStatus"] == LUNCH]
    api.request("PUT", f"/users/{AGENT}/status", json={"custom_status_uuid": LUNCH})
    wearers = sorted({*wearers, _user(fresh, AGENT)["email"]})
    _subscribe(api, receiver.url, ["agent_status_updated"])
    assert api.delete(f"/custom_statuses/{LUNCH}").status_code == 200
    delivered = [_valid(d) for d in _only(receiver, len(wearers))]
    assert sorted(payload["email"] for payload in delivered) == wearers
    assert all("userCustomStatus" not in payload for payload in delivered)


def test_a_refused_status_change_announces_nothing(api, fresh, receiver) -> None:
    _subscribe(api, receiver.url, ["agent_status_updated"])
    missing = "00000000-0000-4000-8000-000000000000"
    response = api.request("PUT", f"/users/{AGENT}/status", json={"custom_status_uuid": missing})
    assert response.status_code == 404
    time.sleep(0.3)
    assert receiver.received == []


# -- the admin triggers change the account ---------------------------------------------------------------------


def test_the_agent_status_trigger_changes_the_stored_user(api, fresh, receiver) -> None:
    _subscribe(api, receiver.url, ["agent_status_updated"])
    email = _user(fresh, AGENT)["email"]
    body = {"email": email, "available": False, "custom_status_uuid": LUNCH}
    answer = _trigger(fresh, "agent_status", body)
    assert answer.status_code == 200, answer.text
    member = _members(api, SUPPORT_TEAM)[email]
    assert (member["available"], member["userCustomStatus"]["id"]) == (False, LUNCH)
    assert answer.json()["payload"] == member
    [delivered] = _only(receiver, 1)
    assert _valid(delivered) == member
    status = api.request("PUT", f"/users/{AGENT}/status", json={}).json()["user_status"]
    assert status["appearance"]["available"] is False
    assert status["custom_status"]["id"] == LUNCH


def test_the_agent_status_trigger_changes_only_what_it_names(api, fresh) -> None:
    email = _user(fresh, AGENT)["email"]
    before = _members(api, SUPPORT_TEAM)[email]
    assert _trigger(fresh, "agent_status", {"email": email, "available": not before["available"]}).status_code == 200
    after = _members(api, SUPPORT_TEAM)[email]
    assert after["available"] is not before["available"]
    assert after.get("userCustomStatus") == before.get("userCustomStatus")
    assert after["lastUpdatedAt"] == _clock(fresh)
    cleared = _trigger(fresh, "agent_status", {"email": email, "custom_status_uuid": None})
    assert "userCustomStatus" not in cleared.json()["payload"]
    assert "userCustomStatus" not in _members(api, SUPPORT_TEAM)[email]


@pytest.mark.parametrize(
    ("body", "status"),
    [({"custom_status_uuid": "00000000-0000-4000-8000-000000000000"}, 404), ({"custom_status_uuid": 7}, 400)],
)
def test_an_agent_status_trigger_for_an_unknown_status_changes_nothing(api, fresh, body, status) -> None:
    before = dump(fresh)
    response = _trigger(fresh, "agent_status", {"email": _user(fresh, AGENT)["email"], **body})
    assert response.status_code == status
    assert set(response.json()) == {"error"}
    assert dump(fresh) == before


def test_a_log_out_leaves_the_agent_unavailable_and_a_log_in_available(api, fresh, receiver) -> None:
    _subscribe(api, receiver.url, ["agent_session_updated"])
    email = _user(fresh, AGENT)["email"]
    out = _trigger(fresh, "agent_session", {"email": email, "action": "user_logged_out"}).json()["payload"]
    assert _members(api, SUPPORT_TEAM)[email]["available"] is False
    assert out["user"] == _members(api, SUPPORT_TEAM)[email]
    back = _trigger(fresh, "agent_session", {"email": email, "action": "user_logged_in"}).json()["payload"]
    assert _members(api, SUPPORT_TEAM)[email]["available"] is True
    assert back["user"] == _members(api, SUPPORT_TEAM)[email]
    delivered = [_valid(d) for d in _only(receiver, 2)]
    assert delivered == [out, back]


def test_the_membership_trigger_adds_and_removes_the_agent(api, fresh, receiver) -> None:
    account = dump(fresh)["account"]
    user = next(u for u in account["users"] if u["uuid"] == AGENT)
    team = next(t for t in account["teams"] if t["uuid"] not in user["teams"])
    _subscribe(api, receiver.url, ["team_membership_updated"])
    body = {"email": user["email"], "team_uuid": team["uuid"], "reason": "agent_added"}
    added = _trigger(fresh, "team_membership", body)
    assert added.status_code == 200, added.text
    assert user["email"] in _members(api, team["uuid"])
    shown_team = api.get(f"/teams/{team['uuid']}").json()["team"]
    assert shown_team["members"] == team["members"] + 1
    assert added.json()["payload"]["team"] == shown_team
    assert added.json()["payload"]["lastUpdateAt"] == _clock(fresh)
    removed = _trigger(fresh, "team_membership", {**body, "reason": "agent_removed"})
    assert user["email"] not in _members(api, team["uuid"])
    assert api.get(f"/teams/{team['uuid']}").json()["team"] == {**shown_team, "members": team["members"]}
    assert removed.json()["payload"]["team"]["members"] == team["members"]
    delivered = [_valid(d) for d in _only(receiver, 2)]
    assert delivered == [added.json()["payload"], removed.json()["payload"]]
    for other in user["teams"]:  # the agent's other teams are untouched
        assert user["email"] in _members(api, other)


# -- a sent message's status -----------------------------------------------------------------------------------


def _send(api: CallbellClient, fresh: str, **extra: Any) -> str:
    state = dump(fresh)
    channel = next(c for c in state["account"]["channels"] if c["main"])
    contact = next(c for c in state["contacts"] if c["channel"]["uuid"] == channel["uuid"])
    inbound(fresh, contact=contact["uuid"])
    body = {"to": contact["phoneNumber"], "from": "whatsapp", "type": "text", "content": {"text": "ارسال شد"}}
    response = api.post("/messages/send", json={**body, "channel_uuid": channel["uuid"], **extra})
    assert response.status_code == 200, response.text
    uuid: str = response.json()["message"]["uuid"]
    return uuid


def test_a_status_update_carries_the_sends_metadata(api, fresh, receiver) -> None:
    uuid = _send(api, fresh, metadata={"order": "A-17", "shop": "tehran"})
    _subscribe(api, receiver.url, ["message_status_updated"])
    api.get(f"/messages/status/{uuid}")
    [update] = _only(receiver, 1)
    assert _valid(update)["metadata"] == {"order": "A-17", "shop": "tehran"}
    changed_at = dt.datetime.fromisoformat(_clock(fresh).replace("Z", "+00:00"))  # the read moved the clock
    assert update["payload"]["messageStatusPayload"]["payload"]["ts"] == int(changed_at.timestamp())


def test_a_status_update_without_metadata_has_none(api, fresh, receiver) -> None:
    uuid = _send(api, fresh)
    _subscribe(api, receiver.url, ["message_status_updated"])
    api.get(f"/messages/status/{uuid}")
    [update] = _only(receiver, 1)
    assert "metadata" not in _valid(update)


# -- the clock ---------------------------------------------------------------------------------------------------


def _writes(api: CallbellClient, base_url: str) -> None:
    """One of every write that records a time or makes a record with a new uuid: a contact (through the API,
    a send and a first message), a sent message, custom statuses, a user's status, the admin triggers, a
    webhook subscription."""
    created = api.post("/custom_statuses", json={"name": "Coffee break"}).json()["customStatus"]
    api.request("PUT", f"/custom_statuses/{created['id']}", json={"name": "Tea break"})
    api.post("/contacts", json={"identifier": "+98 912 000 2222", "source": "whatsapp", "name": "Sara Karimi"})
    inbound(base_url, **{"from": NEW_NUMBER})
    template = sendable_template(base_url)
    send = {"to": "+98 935 777 0000", "from": "whatsapp", "type": "text", "content": {"text": "سلام"}}
    sent = api.post("/messages/send", json={**send, "template_uuid": template["uuid"], "optin_contact": True})
    assert sent.status_code == 200, sent.text
    api.request("PUT", f"/users/{AGENT}/status", json={"available": True, "custom_status_uuid": LUNCH})
    api.delete(f"/users/{AGENT}/status")
    email = _user(base_url, AGENT)["email"]
    _trigger(base_url, "agent_status", {"email": email, "available": False})
    _trigger(base_url, "agent_session", {"email": email, "action": "user_logged_in"})
    team = next(t for t in dump(base_url)["account"]["teams"] if t["uuid"] != SUPPORT_TEAM)
    _trigger(base_url, "team_membership", {"email": email, "team_uuid": team["uuid"], "reason": "agent_added"})
    api.delete("/webhooks/unsubscribe")  # a new webhook, not the seeded one (which keeps its creation time)
    api.post("/webhooks/subscribe", json={"url": "http://127.0.0.1:9/never", "subscriptions": ["contact_deleted"]})


def test_the_times_the_api_writes_are_its_clocks(api, fresh) -> None:
    start = _clock(fresh)
    created = api.post("/custom_statuses", json={"name": "Coffee break"}).json()["customStatus"]
    after_create = _clock(fresh)
    assert after_create > start
    assert created["createdAt"] == created["updatedAt"] == after_create.replace("T", " ").replace("Z", " +0000")
    status = api.request("PUT", f"/users/{AGENT}/status", json={"available": False}).json()["user_status"]
    assert status["appearance"]["last_updated_at"] == _clock(fresh).replace("Z", ".000+00:00")
    assert api.delete("/webhooks/unsubscribe").status_code == 200  # the seeded one would keep its creation time
    never = {"url": "http://127.0.0.1:9/never", "subscriptions": ["contact_deleted"]}
    webhook = api.post("/webhooks/subscribe", json=never)
    assert webhook.status_code == 200, webhook.text
    assert webhook.json()["webhook"]["createdAt"] == _clock(fresh).replace("T", " ").replace("Z", " +0000")


def test_the_same_seed_and_writes_give_the_same_state_byte_for_byte(api, fresh) -> None:
    before = dump(fresh)
    _writes(api, fresh)
    first = requests.get(f"{fresh}/__mock__/state", timeout=30).content
    assert len(dump(fresh)["contacts"]) == len(before["contacts"]) + 3  # every write above took
    time.sleep(1.1)  # a wall-clock time would now differ
    reset_mock(fresh)
    _writes(api, fresh)
    assert requests.get(f"{fresh}/__mock__/state", timeout=30).content == first


def test_a_clock_set_back_never_gives_a_new_record_a_taken_uuid(api, fresh) -> None:
    """New uuids derive from the clock; a state document whose clock was set back must not make a new contact
    replace the one made at that time."""
    document = requests.get(f"{fresh}/__mock__/state", timeout=30).json()
    person = {"identifier": "+98 912 000 3333", "source": "whatsapp", "name": "Reza"}
    first = shown(api.post("/contacts", json=person).json())
    later = requests.get(f"{fresh}/__mock__/state", timeout=30).json()
    later["callbell"]["clock"] = document["callbell"]["clock"]  # back to before the first contact
    assert requests.put(f"{fresh}/__mock__/state", json=later, timeout=30).status_code == 200
    second = shown(api.post("/contacts", json={**person, "identifier": "+98 912 000 4444"}).json())
    assert second["uuid"] != first["uuid"]
    assert shown(api.get(f"/contacts/{first['uuid']}").json())["phoneNumber"] == "+98 912 000 3333"
    assert len(dump(fresh)["contacts"]) == len(document["callbell"]["contacts"]) + 2
