"""One contact: by uuid or phone, update, delete, its messages, and its conversation's open/close."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from tests.mock_callbell.conftest import dump, shown, stored

UNKNOWN = "0123456789abcdef0123456789abcdef"


def _on_main_whatsapp(state: dict[str, Any]) -> dict[str, Any]:
    main = next(c for c in state["account"]["channels"] if c["main"])
    contact: dict[str, Any] = next(c for c in state["contacts"] if c["channel"]["uuid"] == main["uuid"])
    return contact


def _elsewhere(state: dict[str, Any]) -> dict[str, Any]:
    contact: dict[str, Any] = next(c for c in state["contacts"] if c["channel"]["type"] != "whatsapp")
    return contact


def test_get_by_uuid(api, fresh) -> None:
    contact = dump(fresh)["contacts"][5]
    one = shown(api.get(f"/contacts/{contact['uuid']}").json())
    assert one["uuid"] == contact["uuid"]
    assert one["phoneNumber"] == contact["phoneNumber"]
    assert one["phoneNumber"].startswith("+98 9")
    assert "customFieldsMetadata" not in one


@pytest.mark.parametrize("path", [f"/contacts/{UNKNOWN}", "/contacts/phone"])
def test_an_unknown_uuid_is_404(api, path: str) -> None:
    response = api.get(path)
    assert (response.status_code, response.json()) == (404, {"error": "Contact not found"})


@pytest.mark.parametrize("shape", ["as-shown", "digits", "local", "00"])
def test_get_by_phone_in_any_notation(api, fresh, shape: str) -> None:
    contact = _on_main_whatsapp(dump(fresh))
    digits = "".join(ch for ch in contact["phoneNumber"] if ch.isdigit())
    number = {"as-shown": contact["phoneNumber"], "digits": digits, "local": "0" + digits[2:], "00": "00" + digits}
    response = api.get(f"/contacts/phone/{quote(number[shape])}")
    assert response.status_code == 200
    assert shown(response.json())["uuid"] == contact["uuid"]


def test_get_by_phone_looks_on_the_main_whatsapp_channel_unless_told(api, fresh) -> None:
    contact = _elsewhere(dump(fresh))
    number = quote(contact["phoneNumber"])
    assert api.get(f"/contacts/phone/{number}").status_code == 404
    found = api.get(f"/contacts/phone/{number}", params={"channel_uuid": contact["channel"]["uuid"]})
    assert shown(found.json())["uuid"] == contact["uuid"]


def test_get_by_unknown_phone_is_404(api) -> None:
    response = api.get("/contacts/phone/5790372024")
    assert (response.status_code, response.json()) == (404, {"error": "Contact not found"})


def test_update_changes_what_is_given_and_never_the_phone(api, fresh) -> None:
    state = dump(fresh)
    contact = state["contacts"][3]
    user = state["account"]["users"][1]["email"]
    body = {
        "name": "نام تازه",
        "identifier": "999",
        "phone_number": "999",
        "tags": ["hot"],
        "custom_fields": {"Status": "غیرفعال", "Preferences": ["Updates"]},
        "assigned_user": user,
        "team_uuid": state["account"]["teams"][2]["uuid"],
        "note": "یادداشت",
    }
    updated = shown(api.patch(f"/contacts/{contact['uuid']}", json=body).json())
    assert updated["phoneNumber"] == contact["phoneNumber"]
    assert (updated["name"], updated["tags"], updated["assignedUser"]) == ("نام تازه", ["hot"], user)
    assert stored(fresh, contact["uuid"])["note"] == "یادداشت"  # no documented answer shows the note
    assert stored(fresh, contact["uuid"])["team"]["uuid"] == state["account"]["teams"][2]["uuid"]
    expected_fields = {**contact["customFields"], "Status": "غیرفعال", "Preferences": '["Updates"]'}
    assert updated["customFields"] == expected_fields  # merged: fields left out are kept
    assert shown(api.get(f"/contacts/{contact['uuid']}").json()) == updated


def test_an_empty_update_changes_nothing(api, fresh) -> None:
    contact = dump(fresh)["contacts"][0]
    before = shown(api.get(f"/contacts/{contact['uuid']}").json())
    assert shown(api.patch(f"/contacts/{contact['uuid']}", json={}).json()) == before


def test_unassign_user_and_an_empty_note_clear_them(api, fresh) -> None:
    contact = next(c for c in dump(fresh)["contacts"] if c["assignedUser"] and c["note"])
    updated = shown(api.patch(f"/contacts/{contact['uuid']}", json={"unassign_user": True, "note": ""}).json())
    assert (updated["assignedUser"], stored(fresh, contact["uuid"])["note"]) == (None, None)


def test_an_empty_custom_field_value_clears_it(api, fresh) -> None:
    contact = next(c for c in dump(fresh)["contacts"] if "Billing Address" in c["customFields"])
    updated = api.patch(f"/contacts/{contact['uuid']}", json={"custom_fields": {"Billing Address": ""}})
    assert "Billing Address" not in shown(updated.json())["customFields"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"tags": ["nope"]}, 422),
        ({"custom_fields": {"Order Count": "many"}}, 422),
        ({"team_uuid": "0a0a0a0a0a0a4a0a8a0a0a0a0a0a0a0a"}, 422),
        ({"assigned_user": "ghost@shop.example"}, 422),
        ({"note": "x" * 1001}, 422),
        ({"unassign_user": "yes"}, 400),
        ({"name": 5}, 400),
    ],
    ids=["tag", "field", "team", "user", "note", "unassign-type", "name-type"],
)
def test_a_refused_update_changes_nothing(api, fresh, body, status: int) -> None:
    contact = dump(fresh)["contacts"][2]
    before = dump(fresh)
    response = api.patch(f"/contacts/{contact['uuid']}", json={"name": "changed", **body})
    assert response.status_code == status
    assert response.json()["error"]
    assert dump(fresh) == before


def test_updating_an_unknown_contact_is_404_even_with_a_bad_body(api) -> None:
    response = api.patch(f"/contacts/{UNKNOWN}", json={"name": 5})
    assert (response.status_code, response.json()) == (404, {"error": "Contact not found"})


def test_delete_then_404(api, fresh) -> None:
    contact = dump(fresh)["contacts"][7]
    response = api.delete(f"/contacts/{contact['uuid']}")
    assert (response.status_code, response.json()) == (200, {"status": "contact was destroyed"})
    assert api.get(f"/contacts/{contact['uuid']}").status_code == 404
    assert api.delete(f"/contacts/{contact['uuid']}").status_code == 404
    assert api.get(f"/contacts/{contact['uuid']}/messages").status_code == 404
    assert contact["uuid"] not in [c["uuid"] for c in dump(fresh)["contacts"]]


def test_messages_are_newest_first(api, fresh) -> None:
    contact = max(dump(fresh)["contacts"], key=lambda c: len(c["messages"]))
    messages = api.get(f"/contacts/{contact['uuid']}/messages").json()["messages"]
    assert len(messages) == len(contact["messages"]) > 1
    stamps = [m["createdAt"] for m in messages]
    assert stamps == sorted(stamps, reverse=True)
    assert {m["status"] for m in messages} <= {"sent", "received", "note"}
    assert api.get(f"/contacts/{contact['uuid']}/messages", params={"page": 2}).json() == {"messages": []}
    # The spec declares no 400 here: a malformed page is page 1.
    assert api.get(f"/contacts/{contact['uuid']}/messages", params={"page": "x"}).json()["messages"] == messages


def test_messages_of_an_unknown_contact_is_404(api) -> None:
    assert api.get(f"/contacts/{UNKNOWN}/messages").status_code == 404


def test_close_then_open_the_conversation(api, fresh) -> None:
    contact = next(c for c in dump(fresh)["contacts"] if c["closedAt"] is None)
    closed = shown(api.post(f"/contacts/{contact['uuid']}/conversation/close").json())
    assert closed["closedAt"] is not None
    assert stored(fresh, contact["uuid"])["closedAt"] == closed["closedAt"]
    opened = shown(api.post(f"/contacts/{contact['uuid']}/conversation/open").json())
    assert opened["closedAt"] is None
    assert stored(fresh, contact["uuid"])["closedAt"] is None


@pytest.mark.parametrize("action", ["open", "close"])
def test_open_or_close_an_unknown_contact_is_404(api, action: str) -> None:
    response = api.post(f"/contacts/{UNKNOWN}/conversation/{action}")
    assert (response.status_code, response.json()) == (404, {"error": "Contact not found"})


def test_an_update_without_a_body_is_400(api, fresh) -> None:
    contact = dump(fresh)["contacts"][0]
    response = api.patch(f"/contacts/{contact['uuid']}")
    assert (response.status_code, response.json()) == (400, {"error": "The request body must be a JSON object"})
