"""POST /messages/send and GET /messages/status/{uuid}: enqueued, then one step further per read."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
import requests

from hamta.openapi import load_spec
from mockserver.apis.callbell.base import schema_enum
from tests.mock_callbell.conftest import dump, inbound, sendable_template, shown, stored


def _setup(base_url: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A seeded contact on the main channel who has just written (its 24-hour window is open)."""
    state = dump(base_url)
    channel = next(c for c in state["account"]["channels"] if c["main"])
    contact = next(c for c in state["contacts"] if c["channel"]["uuid"] == channel["uuid"])
    inbound(base_url, contact=contact["uuid"])
    return channel, stored(base_url, contact["uuid"])


def _send(api, channel: dict[str, Any], to: str, **extra: Any) -> Any:
    body = {"to": to, "from": "whatsapp", "type": "text", "channel_uuid": channel["uuid"], "content": {"text": "سلام"}}
    return api.post("/messages/send", json={**body, **extra})


def test_send_is_enqueued_and_joins_the_conversation_first(api, fresh) -> None:
    channel, contact = _setup(fresh)
    response = _send(api, channel, contact["phoneNumber"])
    assert response.status_code == 200
    message = response.json()["message"]
    assert message["status"] == "enqueued"
    assert set(message) == {"uuid", "status"}
    newest = api.get(f"/contacts/{contact['uuid']}/messages").json()["messages"][0]
    assert (newest["uuid"], newest["text"], newest["status"], newest["channel"]) == (
        message["uuid"],
        "سلام",
        "sent",
        "whatsapp",
    )
    assert newest["to"] == "".join(ch for ch in contact["phoneNumber"] if ch.isdigit())
    assert api.get("/contacts").json()["contacts"][0]["uuid"] == contact["uuid"]  # most recent conversation


def test_status_advances_one_step_per_read_and_stays_read(api, fresh) -> None:
    channel, contact = _setup(fresh)
    uuid = _send(api, channel, contact["phoneNumber"]).json()["message"]["uuid"]
    seen = [api.get(f"/messages/status/{uuid}").json()["message"]["status"] for _ in range(6)]
    assert seen == ["enqueued", "sent", "delivered", "read", "read", "read"]


def test_head_does_not_advance_the_status(api, fresh) -> None:
    channel, contact = _setup(fresh)
    uuid = _send(api, channel, contact["phoneNumber"]).json()["message"]["uuid"]
    assert api.request("HEAD", f"/messages/status/{uuid}").status_code == 200
    assert api.get(f"/messages/status/{uuid}").json()["message"]["status"] == "enqueued"


def test_a_status_set_through_the_state_document_is_what_the_next_read_shows(api, fresh) -> None:
    channel, contact = _setup(fresh)
    uuid = _send(api, channel, contact["phoneNumber"]).json()["message"]["uuid"]
    document = requests.get(f"{fresh}/__mock__/state", timeout=30).json()
    next(s for s in document["callbell"]["sent"] if s["uuid"] == uuid)["status"] = "failed"
    assert requests.put(f"{fresh}/__mock__/state", json=document, timeout=30).status_code == 200
    assert [api.get(f"/messages/status/{uuid}").json()["message"]["status"] for _ in range(2)] == ["failed"] * 2


def test_an_unknown_message_is_404(api) -> None:
    response = api.get("/messages/status/00000000000040008000000000000002")
    assert (response.status_code, response.json()) == (404, {"error": "Message not found"})


def test_media_without_caption_shows_its_url(api, fresh) -> None:
    channel, contact = _setup(fresh)
    url = "https://example.com/my_image.jpeg"
    response = _send(api, channel, contact["phoneNumber"], type="image", content={"url": url})
    assert response.status_code == 200
    assert api.get(f"/contacts/{contact['uuid']}/messages").json()["messages"][0]["text"] == url


def test_an_unknown_number_becomes_a_new_contact(api, fresh) -> None:
    channel, _ = _setup(fresh)
    before = len(dump(fresh)["contacts"])
    template = sendable_template(fresh, 1)
    # A number that never wrote has no open window: only a template reaches it.
    extra = {"template_uuid": template["uuid"], "optin_contact": True, "content": {"text": "سارا"}}
    response = _send(api, channel, "+98 912 000 0000", fields="contact,conversation", **extra)
    message = response.json()["message"]
    assert message["contact"]["phone"] == "+98 912 000 0000"
    assert message["conversation"]["source"] == "whatsapp"
    assert len(dump(fresh)["contacts"]) == before + 1
    found = shown(api.get(f"/contacts/phone/{quote('09120000000')}").json())
    assert found["uuid"] == message["contact"]["uuid"]
    assert [m["uuid"] for m in api.get(f"/contacts/{found['uuid']}/messages").json()["messages"]] == [message["uuid"]]


def test_bsuid_finds_the_contact_when_there_is_no_to(api, fresh) -> None:
    state = dump(fresh)
    contact = next(c for c in state["contacts"] if "bsuid" in c)
    channel = next(c for c in state["account"]["channels"] if c["main"])
    inbound(fresh, contact=contact["uuid"])
    body = {"bsuid": contact["bsuid"], "from": "whatsapp", "type": "text", "channel_uuid": channel["uuid"]}
    response = api.post("/messages/send", json={**body, "content": {"text": "hi"}})
    uuid = response.json()["message"]["uuid"]
    assert api.get(f"/contacts/{contact['uuid']}/messages").json()["messages"][0]["uuid"] == uuid


def test_assigned_user_and_team_on_send_apply_to_the_contact(api, fresh) -> None:
    channel, contact = _setup(fresh)
    account = dump(fresh)["account"]
    user, team = account["users"][2]["email"], account["teams"][1]["uuid"]
    assert _send(api, channel, contact["phoneNumber"], assigned_user=user, team_uuid=team).status_code == 200
    kept = stored(fresh, contact["uuid"])
    assert (kept["assignedUser"], kept["team"]["uuid"]) == (user, team)


def test_a_template_fills_its_values(api, fresh) -> None:
    channel, contact = _setup(fresh)
    template = sendable_template(fresh)
    extra = {"template_uuid": template["uuid"], "optin_contact": True, "template_values": ["سارا", "1404"]}
    assert _send(api, channel, contact["phoneNumber"], **extra).status_code == 200
    text = api.get(f"/contacts/{contact['uuid']}/messages").json()["messages"][0]["text"]
    assert text == template["text"].replace("{{1}}", "سارا").replace("{{2}}", "1404")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            {"channel_uuid": "00000000-0000-4000-8000-000000000000"},
            "Channel '00000000-0000-4000-8000-000000000000' does not exist",
        ),
        (
            {"template_uuid": "00000000000040008000000000000000", "optin_contact": True},
            "Template '00000000000040008000000000000000' does not exist",
        ),
        ({"template": True}, "Template messages require optin_contact"),
        ({"assigned_user": "ghost@shop.example"}, "User 'ghost@shop.example' does not exist"),
        ({"team_uuid": "00000000000040008000000000000001"}, "Team '00000000000040008000000000000001' does not exist"),
        ({"metadata": {f"k{i}": "v" for i in range(11)}}, "Metadata has too many keys (maximum is 10)"),
        ({"metadata": {"k": "v" * 501}}, "Metadata k is too long (maximum is 500 characters)"),
        ({"metadata": {"k" * 51: "v"}}, "Metadata has a key that is too long (maximum is 50 characters)"),
    ],
    ids=["channel", "template", "optin", "user", "team", "metadata-keys", "metadata-value", "metadata-key"],
)
def test_a_send_the_api_refuses_is_422_and_changes_nothing(api, fresh, extra, message) -> None:
    channel, contact = _setup(fresh)
    if extra.pop("template", False):
        extra = {"template_uuid": sendable_template(fresh)["uuid"]}
    before = dump(fresh)
    response = _send(api, channel, contact["phoneNumber"], **extra)
    assert (response.status_code, response.json()) == (422, {"error": message})
    assert dump(fresh) == before


@pytest.mark.parametrize(
    "drop",
    ["content", "type", "from", "to"],
)
def test_a_send_missing_a_required_field_is_400(api, fresh, drop: str) -> None:
    channel, contact = _setup(fresh)
    body = {
        "to": contact["phoneNumber"],
        "from": "whatsapp",
        "type": "text",
        "channel_uuid": channel["uuid"],
        "content": {"text": "x"},
    }
    del body[drop]
    before = dump(fresh)
    response = api.post("/messages/send", json=body)
    assert response.status_code == 400
    assert response.json()["error"]
    assert dump(fresh) == before


NOT_SENDABLE = [status for status in schema_enum(load_spec("callbell"), "TemplateStatus") if status != "approved"]


@pytest.mark.parametrize("status", NOT_SENDABLE)
def test_only_an_approved_template_is_sent(api, fresh, status: str) -> None:
    """Each status the spec's TemplateStatus lists but `approved` refuses the send (422, nothing written); the
    same template approved again sends."""
    channel, contact = _setup(fresh)
    template = sendable_template(fresh)
    document = requests.get(f"{fresh}/__mock__/state", timeout=30).json()
    [stored_template] = [t for t in document["callbell"]["account"]["templates"] if t["uuid"] == template["uuid"]]
    stored_template["status"] = status
    assert requests.put(f"{fresh}/__mock__/state", json=document, timeout=30).status_code == 200
    assert api.get(f"/templates/{template['uuid']}").json()["template"]["status"] == status
    extra = {"template_uuid": template["uuid"], "optin_contact": True}
    before = dump(fresh)
    response = _send(api, channel, contact["phoneNumber"], **extra)
    expected = f"Template '{template['uuid']}' is {status}: only an approved template can be sent"
    assert (response.status_code, response.json()) == (422, {"error": expected})
    assert dump(fresh) == before
    stored_template["status"] = "approved"
    assert requests.put(f"{fresh}/__mock__/state", json=document, timeout=30).status_code == 200
    assert _send(api, channel, contact["phoneNumber"], **extra).status_code == 200


def test_the_docs_rejected_template_is_refused(api, fresh) -> None:
    """The second template of the docs' list is `rejected` (template_messages_api/get_templates.md:37)."""
    channel, contact = _setup(fresh)
    rejected = "47aad5f9b4ca423c9d630f06ab93fe1f"
    assert api.get(f"/templates/{rejected}").json()["template"]["status"] == "rejected"
    response = _send(api, channel, contact["phoneNumber"], template_uuid=rejected, optin_contact=True)
    assert response.status_code == 422
    assert response.json() == {"error": f"Template '{rejected}' is rejected: only an approved template can be sent"}
