"""The contact endpoints the docs add to the old ones: by bsuid, a conversation note, update_funnel, the bot, and
a PATCH's numeric custom field value (C21)."""

from __future__ import annotations

import pytest

from tests.mock_callbell.conftest import dump, inbound, shown, stored

DOCS_CONTACT = "414a6d692bd645ed803f2e7ce360d4c8"
MESSAGES_CONTACT = "efd7d996470e463b89f079be6cf578ed"
UNKNOWN = "0123456789abcdef0123456789abcdef"


def test_by_bsuid_finds_the_docs_contact(api) -> None:
    contact = shown(api.get("/contacts/bsuid/bsuid_abc123").json())
    assert (contact["uuid"], contact["bsuid"]) == (DOCS_CONTACT, "bsuid_abc123")


def test_an_unknown_bsuid_is_404(api) -> None:
    response = api.get("/contacts/bsuid/bsuid_nobody")
    assert (response.status_code, response.json()) == (404, {"error": "Contact not found"})


def test_a_note_joins_the_conversation(api) -> None:
    response = api.post(f"/contacts/{DOCS_CONTACT}/conversation/note", json={"text": "@john.doe لطفا تماس بگیرید"})
    assert (response.status_code, response.json()) == (200, {"success": True})
    newest = api.get(f"/contacts/{DOCS_CONTACT}/messages").json()["messages"][0]
    assert (newest["text"], newest["status"], newest["from"] == newest["to"]) == (
        "@john.doe لطفا تماس بگیرید",
        "note",
        True,
    )


@pytest.mark.parametrize(("body", "status"), [({}, 400), ({"text": ""}, 400), ({"text": 5}, 400), (None, 400)])
def test_a_refused_note_changes_nothing(api, fresh, body, status: int) -> None:
    before = dump(fresh)
    response = api.post(f"/contacts/{DOCS_CONTACT}/conversation/note", json=body)
    assert response.status_code == status
    assert dump(fresh) == before


def test_a_note_on_an_unknown_contact_is_404(api) -> None:
    assert api.post(f"/contacts/{UNKNOWN}/conversation/note", json={"text": "x"}).status_code == 404


def test_update_funnel_moves_the_conversation(api, fresh) -> None:
    funnel = dump(fresh)["account"]["funnels"][2]["uuid"]
    path = f"/contacts/{MESSAGES_CONTACT}/conversation/update_funnel"
    contact = shown(api.request("PUT", path, json={"funnel_id": funnel}).json())
    assert contact["funnelId"] == funnel
    assert stored(fresh, MESSAGES_CONTACT)["funnelId"] == funnel


def test_an_unknown_funnel_is_422_and_changes_nothing(api, fresh) -> None:
    before = dump(fresh)
    path = f"/contacts/{MESSAGES_CONTACT}/conversation/update_funnel"
    response = api.request("PUT", path, json={"funnel_id": "00000000-0000-4000-8000-000000000000"})
    assert (response.status_code, response.json()) == (
        422,
        {"error": "Funnel '00000000-0000-4000-8000-000000000000' does not exist"},
    )
    assert dump(fresh) == before


def test_the_curl_form_of_update_funnel_is_not_served(api, fresh) -> None:
    """C9: the page says PUT .../conversation/update_funnel; its curl POSTs to .../messages/update_funnel."""
    funnel = dump(fresh)["account"]["funnels"][0]["uuid"]
    response = api.post(f"/contacts/{MESSAGES_CONTACT}/messages/update_funnel", json={"funnel_id": funnel})
    assert response.status_code == 404


def test_the_docs_contacts_bot_is_in_progress(api) -> None:
    bot = api.get(f"/contacts/{DOCS_CONTACT}/bot").json()["bot"]
    assert (bot["uuid"], bot["status"], bot["version"], bot["latestBotVersion"]) == (
        "f7155fc557b74597b429bd3dbb5ca677",
        "in_progress",
        5,
        True,
    )
    assert bot["conversationStartedAt"] is not None


def test_bot_end_then_start_then_the_customer_writes(api, fresh) -> None:
    ended = api.post(f"/contacts/{DOCS_CONTACT}/bot", json={"status": "bot_end"}).json()["bot"]
    assert ended["status"] == "ended"
    started = api.post(f"/contacts/{DOCS_CONTACT}/bot", json={"status": "bot_start"}).json()["bot"]
    assert (started["status"], started["conversationStartedAt"]) == ("started", None)
    message = inbound(fresh, contact=DOCS_CONTACT)["message"]
    bot = api.get(f"/contacts/{DOCS_CONTACT}/bot").json()["bot"]
    assert (bot["status"], bot["conversationStartedAt"]) == ("in_progress", message["createdAt"])


def test_a_contact_the_bot_never_ran_for_shows_it_ended(api) -> None:
    assert api.get(f"/contacts/{MESSAGES_CONTACT}/bot").json()["bot"]["status"] == "ended"


@pytest.mark.parametrize("body", [{}, {"status": "bot_pause"}])
def test_a_bad_bot_status_is_400(api, body) -> None:
    assert api.post(f"/contacts/{DOCS_CONTACT}/bot", json=body).status_code == 400


def test_the_bot_of_an_unknown_contact_is_404(api) -> None:
    assert api.get(f"/contacts/{UNKNOWN}/bot").status_code == 404


def test_a_json_number_for_a_number_field_is_stored_as_its_text(api, fresh) -> None:
    """C21: the type table says a string, the docs' own PATCH curl sends a number."""
    field = next(f["name"] for f in dump(fresh)["account"]["customFields"] if f["type"] == "number")
    updated = shown(api.patch(f"/contacts/{DOCS_CONTACT}", json={"custom_fields": {field: 123}}).json())
    assert updated["customFields"][field] == "123"


def test_a_json_number_for_a_text_field_is_422(api, fresh) -> None:
    field = next(f["name"] for f in dump(fresh)["account"]["customFields"] if f["type"] == "text")
    response = api.patch(f"/contacts/{DOCS_CONTACT}", json={"custom_fields": {field: 123}})
    assert (response.status_code, response.json()) == (422, {"error": f"Custom field '{field}' takes a string"})
