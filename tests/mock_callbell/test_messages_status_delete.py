"""GET /messages/status with its deterministic `messageStatusPayload`, DELETE /messages/{uuid} (204), and what a
send stores (`fields`, metadata, media as the docs send it)."""

from __future__ import annotations

from typing import Any

import requests

from tests.mock_callbell.conftest import dump, inbound, sendable_template, stored

DOCS_SENT = "adf3d1216d4c4dcd908199d6700f2381"
DOCS_DELETABLE = "1da07a20eb0d46728f89d234a727607a"
DOCS_CONTACT = "414a6d692bd645ed803f2e7ce360d4c8"
RECIPIENT = "c7b3d1216d4c4dcd908199d6700f2381"


def _send(api, **extra: Any) -> requests.Response:
    body = {"to": "+31612345678", "from": "whatsapp", "type": "text", "content": {"text": "سلام"}, **extra}
    response: requests.Response = api.post("/messages/send", json=body)
    return response


def test_the_docs_status_example_reads_enqueued_with_its_payload(api) -> None:
    message = api.get(f"/messages/status/{DOCS_SENT}").json()["message"]
    assert (message["uuid"], message["status"]) == (DOCS_SENT, "enqueued")
    payload = message["messageStatusPayload"]
    assert set(payload) == {"id", "type", "payload", "destination"}
    assert (payload["type"], payload["destination"]) == ("enqueued", "31612345678")
    assert payload["payload"]["type"] == "session"
    assert len(payload["payload"]["whatsappMessageId"]) == 27


def test_the_payload_depends_only_on_the_message_and_its_status(api, fresh) -> None:
    seen = [api.get(f"/messages/status/{DOCS_SENT}").json()["message"] for _ in range(4)]
    assert [m["status"] for m in seen] == ["enqueued", "sent", "delivered", "read"]
    assert len({m["messageStatusPayload"]["id"] for m in seen}) == 4  # one id per status
    assert len({m["messageStatusPayload"]["payload"]["whatsappMessageId"] for m in seen}) == 1
    requests.post(f"{fresh}/__mock__/reset", timeout=30)
    again = [api.get(f"/messages/status/{DOCS_SENT}").json()["message"] for _ in range(4)]
    assert again == seen


def test_a_template_message_has_a_template_payload(api, fresh) -> None:
    template = sendable_template(fresh, 1)
    sent = _send(api, template_uuid=template["uuid"], optin_contact=True).json()["message"]
    payload = api.get(f"/messages/status/{sent['uuid']}").json()["message"]["messageStatusPayload"]
    assert payload["payload"]["type"] == "template"


def test_delete_is_204_and_the_message_leaves_the_conversation(api, fresh) -> None:
    response = api.delete(f"/messages/{DOCS_DELETABLE}")
    assert (response.status_code, response.content) == (204, b"")
    uuids = [m.get("uuid") for m in api.get(f"/contacts/{DOCS_CONTACT}/messages").json()["messages"]]
    assert DOCS_DELETABLE not in uuids
    again = api.delete(f"/messages/{DOCS_DELETABLE}")
    assert (again.status_code, again.json()) == (404, {"error": "Message not found"})


def test_a_deleted_sent_message_reads_deleted(api) -> None:
    uuid = _send(api).json()["message"]["uuid"]
    assert api.delete(f"/messages/{uuid}").status_code == 204
    assert api.get(f"/messages/status/{uuid}").json()["message"]["status"] == "deleted"
    assert uuid not in [m.get("uuid") for m in api.get(f"/contacts/{RECIPIENT}/messages").json()["messages"]]


def test_deleting_an_unknown_message_is_404_and_changes_nothing(api, fresh) -> None:
    before = dump(fresh)
    response = api.delete("/messages/0123456789abcdef0123456789abcdef")
    assert (response.status_code, response.json()) == (404, {"error": "Message not found"})
    assert dump(fresh) == before


def test_the_docs_curl_form_of_delete_works_too(api, fresh) -> None:
    """C10: the curl's `DELETE /messages` with a JSON body, served next to the page's path parameter."""
    response = api.request("DELETE", "/messages", json={"uuid": DOCS_DELETABLE})
    assert (response.status_code, response.content) == (204, b"")
    assert DOCS_DELETABLE not in [
        m.get("uuid") for m in api.get(f"/contacts/{DOCS_CONTACT}/messages").json()["messages"]
    ]
    again = api.request("DELETE", "/messages", json={"uuid": DOCS_DELETABLE})
    assert (again.status_code, again.json()) == (404, {"error": "Message not found"})
    before = dump(fresh)
    assert api.request("DELETE", "/messages", json={}).status_code == 400
    assert dump(fresh) == before


def test_fields_contact_shows_the_short_contact_with_its_email(api, fresh) -> None:
    message = _send(api, fields="contact,conversation").json()["message"]
    assert set(message) == {"uuid", "status", "contact", "conversation"}
    assert set(message["contact"]) == {"uuid", "name", "phone", "email"}
    assert message["contact"]["uuid"] == RECIPIENT
    email_fields = [f["name"] for f in dump(fresh)["account"]["customFields"] if f["type"] == "email"]
    expected = stored(fresh, RECIPIENT)["customFields"].get(email_fields[0]) if email_fields else None
    assert message["contact"]["email"] == expected
    assert set(message["conversation"]) == {"source", "href", "createdAt"}


def test_metadata_is_kept_with_the_sent_message(api, fresh) -> None:
    uuid = _send(api, metadata={"order_id": "1024"}).json()["message"]["uuid"]
    sent = next(s for s in dump(fresh)["sent"] if s["uuid"] == uuid)
    assert (sent["metadata"], sent["destination"], sent["template"]) == ({"order_id": "1024"}, "31612345678", False)


def test_audio_sent_as_a_document_is_accepted_as_the_docs_send_it(api) -> None:
    url = "https://example.com/voice.mp3"
    assert _send(api, type="document", content={"url": url}).status_code == 200
    assert api.get(f"/contacts/{RECIPIENT}/messages").json()["messages"][0]["text"] == url


def test_an_unknown_from_without_channel_uuid_is_422(api, fresh) -> None:
    inbound(fresh, contact=RECIPIENT)
    response = _send(api, **{"from": "sms"})
    assert (response.status_code, response.json()) == (
        422,
        {"error": "No active sms channel to send from: give channel_uuid"},
    )
