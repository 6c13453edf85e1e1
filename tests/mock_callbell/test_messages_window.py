"""The 24-hour rule on the Callbell clock, the admin triggers (clock, a customer's message), and the docs' send
examples working as written (no `channel_uuid`, their recipient inside the window)."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from tests.mock_callbell.conftest import advance, dump, inbound, sendable_template, stored

RECIPIENT = "c7b3d1216d4c4dcd908199d6700f2381"  # the seeded contact behind the docs' +31612345678
WINDOW_CLOSED = (
    "The 24-hour window is closed: the customer has not written in the last 24 hours,"
    " so only a template message can be sent"
)


def _text(to: str, **extra: Any) -> dict[str, Any]:
    return {"to": to, "from": "whatsapp", "type": "text", "content": {"text": "سفارش شما ارسال شد"}, **extra}


def _persian(base_url: str) -> dict[str, Any]:
    """A Faker contact on the main channel: its conversation is months older than the clock."""
    state = dump(base_url)
    main = next(c for c in state["account"]["channels"] if c["main"])
    contact: dict[str, Any] = next(
        c for c in state["contacts"] if c["channel"]["uuid"] == main["uuid"] and c["phoneNumber"].startswith("+98")
    )
    return contact


def test_the_clock_starts_at_the_same_instant_on_every_seed(fresh) -> None:
    assert requests.get(f"{fresh}/__mock__/callbell/clock", timeout=30).json() == {"now": "2026-07-02T12:00:00Z"}
    assert dump(fresh)["clock"] == "2026-07-02T12:00:00Z"


def test_the_clock_moves_one_second_per_event_and_as_far_as_asked(api, fresh) -> None:
    created = api.post("/contacts", json={"source": "whatsapp", "identifier": "5", "name": "x"}).json()["contact"][0]
    assert created["createdAt"] == "2026-07-02T12:00:01Z"
    assert advance(fresh, 3600) == "2026-07-02T13:00:01Z"
    assert requests.get(f"{fresh}/__mock__/callbell/clock", timeout=30).json()["now"] == "2026-07-02T13:00:01Z"


@pytest.mark.parametrize("body", [{"advance": -1}, {"advance": "60"}, {"advance": 1.5}, {"advance": True}, {}, []])
def test_the_clock_never_goes_back_and_refuses_what_is_not_seconds(fresh, body: Any) -> None:
    response = requests.post(f"{fresh}/__mock__/callbell/clock", json=body, timeout=30)
    assert response.status_code == 400
    assert response.json()["error"]
    assert dump(fresh)["clock"] == "2026-07-02T12:00:00Z"


def test_the_docs_text_send_works_as_written(api, fresh) -> None:
    """No channel_uuid (C14): the main WhatsApp channel sends; the docs' recipient wrote 20 minutes ago."""
    response = api.post("/messages/send", json=_text("+31612345678"))
    assert response.status_code == 200, response.text
    message = response.json()["message"]
    newest = api.get(f"/contacts/{RECIPIENT}/messages").json()["messages"][0]
    assert (newest["uuid"], newest["status"]) == (message["uuid"], "sent")
    main = next(c for c in dump(fresh)["account"]["channels"] if c["main"])
    assert stored(fresh, RECIPIENT)["channel"]["uuid"] == main["uuid"]


def test_a_text_to_a_customer_silent_for_months_is_refused_and_changes_nothing(api, fresh) -> None:
    contact = _persian(fresh)
    before = dump(fresh)
    response = api.post("/messages/send", json=_text(contact["phoneNumber"]))
    assert (response.status_code, response.json()) == (422, {"error": WINDOW_CLOSED})
    assert dump(fresh) == before


def test_a_template_goes_through_a_closed_window(api, fresh) -> None:
    contact = _persian(fresh)
    template = sendable_template(fresh, 1)
    body = _text(contact["phoneNumber"], template_uuid=template["uuid"], optin_contact=True, content={"text": "سارا"})
    assert api.post("/messages/send", json=body).status_code == 200
    text = api.get(f"/contacts/{contact['uuid']}/messages").json()["messages"][0]["text"]
    assert text == template["text"].replace("{{1}}", "سارا")  # content.text fills the one placeholder


def test_a_customers_message_opens_the_window_for_24_hours(api, fresh) -> None:
    contact = _persian(fresh)
    answer = inbound(fresh, contact=contact["uuid"], text="سلام، سفارشم کجاست؟")
    assert answer["contact"] == contact["uuid"]
    assert answer["message"]["status"] == "received"
    shown = api.get(f"/contacts/{contact['uuid']}/messages").json()["messages"][0]
    assert (shown["text"], shown["status"], "uuid" in shown) == ("سلام، سفارشم کجاست؟", "received", False)
    assert api.post("/messages/send", json=_text(contact["phoneNumber"])).status_code == 200
    advance(fresh, 24 * 3600 - 2)  # the send took one second: one second of the window is left
    assert api.post("/messages/send", json=_text(contact["phoneNumber"])).status_code == 200
    response = api.post("/messages/send", json=_text(contact["phoneNumber"]))
    assert (response.status_code, response.json()) == (422, {"error": WINDOW_CLOSED})


def test_the_docs_recipient_falls_out_of_the_window_a_day_later(api, fresh) -> None:
    advance(fresh, 24 * 3600)
    response = api.post("/messages/send", json=_text("+31612345678"))
    assert (response.status_code, response.json()) == (422, {"error": WINDOW_CLOSED})


def test_a_first_message_from_an_unknown_number_makes_a_contact(api, fresh) -> None:
    before = len(dump(fresh)["contacts"])
    answer = inbound(fresh, **{"from": "+98 912 555 0101"})
    assert len(dump(fresh)["contacts"]) == before + 1
    contact = stored(fresh, answer["contact"])
    assert (contact["phoneNumber"], contact["source"]) == ("+98 912 555 0101", "whatsapp")
    assert api.post("/messages/send", json=_text("09125550101")).status_code == 200


def test_a_customers_message_arrives_on_the_contacts_own_channel(api, fresh) -> None:
    contact = next(c for c in dump(fresh)["contacts"] if c["channel"].get("type") == "instagram")
    inbound(fresh, contact=contact["uuid"])
    assert api.get(f"/contacts/{contact['uuid']}/messages").json()["messages"][0]["channel"] == "instagram"


def test_a_customers_message_reopens_a_closed_conversation(api, fresh) -> None:
    contact = _persian(fresh)
    api.post(f"/contacts/{contact['uuid']}/conversation/close")
    assert stored(fresh, contact["uuid"])["closedAt"] is not None
    inbound(fresh, contact=contact["uuid"])
    assert stored(fresh, contact["uuid"])["closedAt"] is None


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"contact": "0123456789abcdef0123456789abcdef"}, 404),
        ({"from": "no digits"}, 400),
        ({}, 400),
        ({"from": "+98 912 555 0101", "text": ""}, 400),
        ({"from": "+98 912 555 0101", "channel_uuid": "nope"}, 404),
        ({"from": "+98 912 555 0101", "channel_uuid": 7}, 404),
    ],
    ids=["unknown-contact", "bad-number", "nobody", "empty-text", "unknown-channel", "channel-type"],
)
def test_a_refused_inbound_changes_nothing(fresh, body: dict[str, Any], status: int) -> None:
    before = dump(fresh)
    response = requests.post(f"{fresh}/__mock__/callbell/inbound", json=body, timeout=30)
    assert response.status_code == status
    assert response.json()["error"]
    assert dump(fresh) == before


def test_an_inbound_that_is_not_json_is_400(fresh) -> None:
    response = requests.post(
        f"{fresh}/__mock__/callbell/inbound", data=b"{x", headers={"Content-Type": "application/json"}, timeout=30
    )
    assert response.status_code == 400


def test_the_clock_and_a_window_survive_a_state_round_trip(api, fresh) -> None:
    contact = _persian(fresh)
    inbound(fresh, contact=contact["uuid"])
    advance(fresh, 600)
    document = requests.get(f"{fresh}/__mock__/state", timeout=30).json()
    requests.post(f"{fresh}/__mock__/reset", timeout=30)
    assert requests.put(f"{fresh}/__mock__/state", json=document, timeout=30).status_code == 200
    assert dump(fresh)["clock"] == document["callbell"]["clock"]
    assert api.post("/messages/send", json=_text(contact["phoneNumber"])).status_code == 200
