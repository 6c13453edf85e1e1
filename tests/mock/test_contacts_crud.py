"""Create, read, partial update and delete, as DRF's ModelViewSet does them (seeds 000 and 001)."""

from __future__ import annotations

import datetime as dt

from tests.mock.client import SpecClient
from tests.mock.conftest import CONTACTS

NEW = {
    "subject": "پیگیری سفارش",
    "message": "سلام، سفارش من هنوز نرسیده است.",
    "first_name": "تورج",
    "last_name": "دانشور",
    "email": "tooraj@example.com",
    "mobile_number": "09232362073",
}


def _ts(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_create_returns_201_with_the_new_contact(admin: SpecClient) -> None:
    response = admin.post("/api/contacts/", json=NEW)
    assert response.status_code == 201
    body = response.json()
    assert {key: body[key] for key in NEW} == NEW
    assert body["id"] == CONTACTS + 1
    assert body["viewed"] is False
    assert body["viewed_at"] is None
    assert _ts(body["created_at"]) <= _ts(body["updated_at"])
    assert response.headers["Content-Type"] == "application/json"


def test_created_contact_is_listed_first_and_counted(admin: SpecClient) -> None:
    created = admin.post("/api/contacts/", json=NEW).json()
    listing = admin.get("/api/contacts/").json()
    assert listing["count"] == CONTACTS + 1
    assert listing["results"][0] == created


def test_created_contact_is_found_by_search_and_filters(admin: SpecClient) -> None:
    created = admin.post("/api/contacts/", json={"subject": "zzqq unique subject"}).json()
    found = admin.get("/api/contacts/", params={"search": "ZZQQ", "has_email": "false", "is_viewed": "false"})
    assert [item["id"] for item in found.json()["results"]] == [created["id"]]


def test_create_with_only_a_subject_leaves_other_fields_null(admin: SpecClient) -> None:
    body = admin.post("/api/contacts/", json={"subject": "فقط موضوع"}).json()
    for name in ("message", "first_name", "last_name", "email", "mobile_number"):
        assert body[name] is None


def test_create_ignores_unknown_and_read_only_fields(admin: SpecClient) -> None:
    sent = {"subject": "x", "id": 999999, "viewed": True, "viewed_at": "2020-01-01T00:00:00Z", "colour": "red"}
    body = admin.post("/api/contacts/", json=sent).json()
    assert body["id"] == CONTACTS + 1
    assert body["viewed"] is False
    assert body["viewed_at"] is None
    assert "colour" not in body


def test_create_coerces_numbers_to_strings_and_trims_whitespace(admin: SpecClient) -> None:
    body = admin.post(
        "/api/contacts/", json={"subject": 1.5, "first_name": 0, "email": "  a@example.com  ", "last_name": " ب "}
    ).json()
    assert (body["subject"], body["first_name"], body["email"], body["last_name"]) == ("1.5", "0", "a@example.com", "ب")


def test_create_keeps_blank_optional_fields_blank(admin: SpecClient) -> None:
    body = admin.post("/api/contacts/", json={"subject": "s", "email": "", "mobile_number": "  "}).json()
    assert (body["email"], body["mobile_number"]) == ("", "")


def test_create_from_a_form(admin: SpecClient) -> None:
    response = admin.post("/api/contacts/", data={"subject": "از فرم", "mobile_number": "09121234567"})
    assert response.status_code == 201
    assert response.json()["subject"] == "از فرم"


def test_create_from_multipart(admin: SpecClient) -> None:
    response = admin.post("/api/contacts/", files={"subject": (None, "چندبخشی"), "email": (None, "m@example.com")})
    assert response.status_code == 201
    assert (response.json()["subject"], response.json()["email"]) == ("چندبخشی", "m@example.com")


def test_retrieve_marks_an_unviewed_contact_viewed_once(admin: SpecClient) -> None:
    created = admin.post("/api/contacts/", json={"subject": "s"}).json()
    first = admin.get(f"/api/contacts/{created['id']}/").json()
    assert first["viewed"] is True
    assert _ts(created["created_at"]) <= _ts(first["viewed_at"]) <= _ts(first["updated_at"])
    second = admin.get(f"/api/contacts/{created['id']}/").json()
    assert second == first


def test_listing_does_not_mark_contacts_viewed(admin: SpecClient) -> None:
    created = admin.post("/api/contacts/", json={"subject": "s"}).json()
    admin.get("/api/contacts/")
    assert admin.get("/api/contacts/", params={"id_min": created["id"]}).json()["results"][0]["viewed"] is False


def test_patch_changes_only_the_sent_fields_and_moves_updated_at(admin: SpecClient) -> None:
    created = admin.post("/api/contacts/", json=NEW).json()
    patched = admin.patch(f"/api/contacts/{created['id']}/", json={"subject": "New Subject"}).json()
    assert patched["subject"] == "New Subject"
    assert {k: patched[k] for k in NEW if k != "subject"} == {k: NEW[k] for k in NEW if k != "subject"}
    assert patched["created_at"] == created["created_at"]
    assert _ts(patched["updated_at"]) > _ts(created["updated_at"])
    assert admin.get(f"/api/contacts/{created['id']}/").json()["subject"] == "New Subject"


def test_patch_ignores_read_only_and_unknown_fields(admin: SpecClient) -> None:
    created = admin.post("/api/contacts/", json={"subject": "s"}).json()
    patched = admin.patch(f"/api/contacts/{created['id']}/", json={"viewed": True, "id": 1, "nickname": "x"}).json()
    assert (patched["id"], patched["viewed"]) == (created["id"], False)


def test_patch_can_null_an_optional_field(admin: SpecClient) -> None:
    created = admin.post("/api/contacts/", json=NEW).json()
    patched = admin.patch(f"/api/contacts/{created['id']}/", json={"email": None, "message": ""}).json()
    assert (patched["email"], patched["message"]) == (None, "")


def test_patch_an_unknown_contact_is_404_before_the_body_is_read(admin: SpecClient) -> None:
    response = admin.patch("/api/contacts/999999/", data=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 404
    assert response.json() == {"detail": "No Contact matches the given query."}


def test_non_integer_id_is_a_bare_404(admin: SpecClient) -> None:
    response = admin.get("/api/contacts/abc/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_delete_removes_the_contact(admin: SpecClient) -> None:
    created = admin.post("/api/contacts/", json={"subject": "s"}).json()
    response = admin.delete(f"/api/contacts/{created['id']}/")
    assert response.status_code == 204
    assert response.content == b""
    assert admin.get(f"/api/contacts/{created['id']}/").status_code == 404
    assert admin.get("/api/contacts/").json()["count"] == CONTACTS


def test_ids_are_never_reused_after_a_delete(admin: SpecClient) -> None:
    first = admin.post("/api/contacts/", json={"subject": "s"}).json()
    admin.delete(f"/api/contacts/{first['id']}/")
    second = admin.post("/api/contacts/", json={"subject": "s"}).json()
    assert second["id"] == first["id"] + 1


def test_head_answers_like_get_without_a_body(admin: SpecClient) -> None:
    response = admin.request("HEAD", "/api/contacts/")
    assert response.status_code == 200
    assert response.content == b""


def test_options_describes_create_fields_for_an_account_that_may_create(client_for) -> None:
    staff = client_for("staff").request("OPTIONS", "/api/contacts/").json()
    assert staff["name"] == "Contact List"
    assert staff["actions"]["POST"]["subject"] == {
        "type": "string",
        "required": True,
        "read_only": False,
        "label": "Subject",
        "max_length": 255,
    }
    assert staff["actions"]["POST"]["id"]["read_only"] is True
    viewer = client_for("viewer").request("OPTIONS", "/api/contacts/").json()
    assert "actions" not in viewer
