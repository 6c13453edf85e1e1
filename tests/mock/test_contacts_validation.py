"""Field validation with DRF's exact messages, and nothing stored when it fails."""

from __future__ import annotations

from typing import Any

import pytest

from tests.mock.client import SpecClient
from tests.mock.conftest import CONTACTS


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({}, {"subject": ["This field is required."]}),
        ({"message": "no subject"}, {"subject": ["This field is required."]}),
        ({"subject": ""}, {"subject": ["This field may not be blank."]}),
        ({"subject": "   "}, {"subject": ["This field may not be blank."]}),
        ({"subject": None}, {"subject": ["This field may not be null."]}),
        ({"subject": "x" * 256}, {"subject": ["Ensure this field has no more than 255 characters."]}),
        ({"subject": True}, {"subject": ["Not a valid string."]}),
        ({"subject": ["a"]}, {"subject": ["Not a valid string."]}),
        ({"subject": {"a": 1}}, {"subject": ["Not a valid string."]}),
        ({"subject": "a\x00b"}, {"subject": ["Null characters are not allowed."]}),
        ({"subject": "a\ud800b"}, {"subject": ["Surrogate characters are not allowed: U+D800."]}),
        (
            {"subject": "s", "first_name": "ن" * 151},
            {"first_name": ["Ensure this field has no more than 150 characters."]},
        ),
        ({"subject": "s", "email": "not-an-email"}, {"email": ["Enter a valid email address."]}),
        ({"subject": "s", "email": "a@b"}, {"email": ["Enter a valid email address."]}),
        ({"subject": "s", "email": 5}, {"email": ["Enter a valid email address."]}),
        # too long as well: DRF lists the pattern's message, then the length's
        (
            {"subject": "s", "mobile_number": "+989121234567"},
            {"mobile_number": ["Enter a valid value.", "Ensure this field has no more than 11 characters."]},
        ),
        ({"subject": "s", "mobile_number": "0912123456"}, {"mobile_number": ["Enter a valid value."]}),
        ({"subject": "s", "mobile_number": "۰۹۱۲۱۲۳۴۵۶۷"}, {"mobile_number": ["Enter a valid value."]}),
        ({"subject": "s", "mobile_number": "08121234567"}, {"mobile_number": ["Enter a valid value."]}),
    ],
)
def test_create_refuses_with_drf_messages(admin: SpecClient, body: dict[str, Any], errors: dict[str, Any]) -> None:
    response = admin.post("/api/contacts/", json=body)
    assert response.status_code == 400
    assert response.json() == errors
    assert admin.get("/api/contacts/").json()["count"] == CONTACTS


def test_every_field_error_is_reported_at_once(admin: SpecClient) -> None:
    response = admin.post("/api/contacts/", json={"email": "x", "mobile_number": "1", "first_name": False})
    assert response.json() == {
        "subject": ["This field is required."],
        "first_name": ["Not a valid string."],
        "email": ["Enter a valid email address."],
        "mobile_number": ["Enter a valid value."],
    }


@pytest.mark.parametrize("email", ["a@localhost", "first.last+tag@sub.example.co", "A@EXAMPLE.COM"])
def test_create_accepts_addresses_django_accepts(admin: SpecClient, email: str) -> None:
    assert admin.post("/api/contacts/", json={"subject": "s", "email": email}).status_code == 201


def test_patch_validates_what_is_sent(admin: SpecClient) -> None:
    response = admin.patch("/api/contacts/1/", json={"subject": "", "mobile_number": "12"})
    assert response.status_code == 400
    assert response.json() == {"subject": ["This field may not be blank."], "mobile_number": ["Enter a valid value."]}
    assert admin.get("/api/contacts/1/").json()["subject"] != ""
