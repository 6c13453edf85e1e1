"""POST /contacts: required fields (400), names that must exist in the account and typed custom fields (422)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.mock_callbell.conftest import dump, shown, stored


def _account(base_url: str) -> dict[str, Any]:
    account: dict[str, Any] = dump(base_url)["account"]
    return account


def test_seed_004_request_creates_the_contact(api, fresh) -> None:
    response = api.post("/contacts", json={"source": "whatsapp", "identifier": "123456789", "name": "John Doe"})
    assert response.status_code == 200
    assert isinstance(response.json()["contact"], list)  # a one-item array, as the docs' example
    contact = shown(response.json())
    assert contact["name"] == "John Doe"
    assert contact["phoneNumber"] == "123456789"
    assert contact["source"] == "whatsapp"
    assert (contact["tags"], contact["customFields"], contact["assignedUser"]) == ([], {}, None)
    assert contact["href"] == f"https://dash.callbell.eu/contacts/{contact['uuid']}"
    assert len(contact["uuid"]) == 32
    assert stored(fresh, contact["uuid"])["channel"]["title"] == "phone_number_1"
    assert shown(api.get(f"/contacts/{contact['uuid']}").json()) == contact


def test_every_optional_field(api, fresh) -> None:
    account = _account(fresh)
    team = account["teams"][1]
    telegram = next(c for c in account["channels"] if c["type"] == "telegram")
    body = {
        "source": "telegram",
        "identifier": "+98 912 000 1122",
        "name": "سارا احمدی",
        "tags": ["SALES", "Call back"],
        "custom_fields": {
            "Billing Address": "تهران، خیابان ولیعصر",
            "Work Email": "sara@example.com",
            "Order Count": "12",
            "Join Date": "2025-01-15",
            "Status": "فعال",
            "Features": ["Dark Mode", "Analytics"],
        },
        "assigned_user": account["users"][0]["email"].upper(),
        "team_uuid": team["uuid"],
        "channel_uuid": telegram["uuid"],
        "bot_status": "bot_end",
        "note": "صبح تماس بگیرید",
    }
    contact = shown(api.post("/contacts", json=body).json())
    assert contact["tags"] == ["sales", "Call back"]  # the account's spelling
    assert contact["customFields"]["Features"] == '["Dark Mode", "Analytics"]'
    assert contact["customFields"]["Order Count"] == "12"
    assert contact["assignedUser"] == account["users"][0]["email"]
    kept = stored(fresh, contact["uuid"])  # what no documented answer shows
    assert (kept["team"], kept["channel"]["uuid"], kept["note"]) == (team, telegram["uuid"], "صبح تماس بگیرید")
    typed = shown(api.get(f"/contacts/{contact['uuid']}", params={"include_field_types": "true"}).json())
    assert typed["customFieldsMetadata"]["Features"] == {
        "value": ["Dark Mode", "Analytics"],
        "type": "checkbox",
        "options": ["Dark Mode", "Notifications", "Analytics"],
    }
    assert typed["customFieldsMetadata"]["Join Date"] == {"value": "2025-01-15", "type": "date"}


def test_a_new_contact_heads_the_list(api) -> None:
    created = shown(api.post("/contacts", json={"source": "whatsapp", "identifier": "1", "name": "N"}).json())
    assert api.get("/contacts").json()["contacts"][0]["uuid"] == created["uuid"]


@pytest.mark.parametrize(
    "body",
    [
        {"identifier": "1", "name": "x"},
        {"source": "whatsapp", "name": "x"},
        {"source": "whatsapp", "identifier": "1"},
        {"source": "whatsapp", "identifier": 1, "name": "x"},
        {"source": "whatsapp", "identifier": "1", "name": "x", "tags": "sales"},
        {"source": "whatsapp", "identifier": "1", "name": "x", "assigned_user": "not an email"},
        {"source": "whatsapp", "identifier": "1", "name": "x", "custom_fields": {"Order Count": True}},
        {"source": "whatsapp", "identifier": "1", "name": "x", "bot_status": "bot_maybe"},
    ],
    ids=["no-source", "no-identifier", "no-name", "number-identifier", "tags-string", "bad-email", "number", "bot"],
)
def test_a_body_that_does_not_fit_the_schema_is_400(api, fresh, body) -> None:
    before = dump(fresh)
    response = api.post("/contacts", json=body)
    assert response.status_code == 400
    assert response.json()["error"]
    assert dump(fresh) == before


def test_a_body_that_is_not_json_is_400(api) -> None:
    response = api.post("/contacts", data=b"{nope", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["error"].startswith("JSON parse error")
    assert api.post("/contacts", json=["a"]).status_code == 400


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"tags": ["sales", "VIP-2"]}, "Tag 'VIP-2' does not exist"),
        ({"custom_fields": {"Billing Adress": "x"}}, "Custom field 'Billing Adress' does not exist"),
        ({"assigned_user": "nobody@shop.example"}, "User 'nobody@shop.example' does not exist"),
        ({"team_uuid": "0a0a0a0a0a0a4a0a8a0a0a0a0a0a0a0a"}, "Team '0a0a0a0a0a0a4a0a8a0a0a0a0a0a0a0a' does not exist"),
        (
            {"channel_uuid": "0c0c0c0c0c0c4c0c8c0c0c0c0c0c0c0c"},
            "Channel '0c0c0c0c0c0c4c0c8c0c0c0c0c0c0c0c' does not exist",
        ),
    ],
    ids=["tag", "custom-field", "user", "team", "channel"],
)
def test_a_name_the_account_does_not_have_is_422(api, fresh, extra, message) -> None:
    before = dump(fresh)
    response = api.post("/contacts", json={"source": "whatsapp", "identifier": "1", "name": "x", **extra})
    assert (response.status_code, response.json()) == (422, {"error": message})
    assert dump(fresh) == before


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"Work Email": "sara-at-example"}, "Custom field 'Work Email' must be a valid email address"),
        ({"Order Count": "twelve"}, "Custom field 'Order Count' must be a number"),
        ({"Order Count": "۱۲"}, "Custom field 'Order Count' must be a number"),
        ({"Join Date": "15/01/2025"}, "Custom field 'Join Date' must be a date (YYYY-MM-DD)"),
        ({"Join Date": "2025-02-30"}, "Custom field 'Join Date' must be a date (YYYY-MM-DD)"),
        ({"Status": "Closed"}, "Option 'Closed' does not exist for custom field 'Status'"),
        ({"Features": ["Dark Mode", "Sound"]}, "Option 'Sound' does not exist for custom field 'Features'"),
        ({"Features": "Dark Mode"}, "Custom field 'Features' takes a list of strings"),
        ({"Billing Address": ["a", "b"]}, "Custom field 'Billing Address' takes a string"),
    ],
    ids=[
        "email",
        "number",
        "persian-digits",
        "date-format",
        "date-day",
        "dropdown",
        "checkbox",
        "checkbox-str",
        "list",
    ],
)
def test_a_custom_field_value_of_the_wrong_type_is_422(api, fresh, fields, message) -> None:
    before = dump(fresh)
    body = {"source": "whatsapp", "identifier": "1", "name": "x", "custom_fields": fields}
    response = api.post("/contacts", json=body)
    assert (response.status_code, response.json()) == (422, {"error": message})
    assert dump(fresh) == before


def test_a_note_above_1000_characters_is_422(api, fresh) -> None:
    before = dump(fresh)
    response = api.post("/contacts", json={"source": "whatsapp", "identifier": "1", "name": "x", "note": "n" * 1001})
    assert (response.status_code, response.json()) == (422, {"error": "Note is too long (maximum is 1000 characters)"})
    assert dump(fresh) == before
    ok = api.post("/contacts", json={"source": "whatsapp", "identifier": "1", "name": "x", "note": "n" * 1000})
    assert ok.status_code == 200


def test_a_long_note_with_a_missing_name_is_still_400(api) -> None:
    response = api.post("/contacts", json={"source": "whatsapp", "identifier": "1", "note": "n" * 1001})
    assert response.status_code == 400


def test_an_unknown_source_has_no_channel(api, fresh) -> None:
    contact = shown(api.post("/contacts", json={"source": "sms", "identifier": "1", "name": "x"}).json())
    assert (contact["source"], stored(fresh, contact["uuid"])["channel"]) == ("sms", {})


def test_an_uploaded_file_is_400_not_a_crash(api, fresh) -> None:
    before = dump(fresh)
    response = api.post("/contacts", files={"name": ("x.txt", b"hi")}, data={"source": "whatsapp", "identifier": "1"})
    assert (response.status_code, response.json()) == (400, {"error": "The request body must be a JSON object"})
    assert dump(fresh) == before
