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
        ({"subject": "s", "email": "a@b.c1"}, {"email": ["Enter a valid email address."]}),
        ({"subject": "s", "email": "a@[256.0.0.1]"}, {"email": ["Enter a valid email address."]}),
        ({"subject": "s", "email": 5}, {"email": ["Enter a valid email address."]}),
        # too long as well: DRF lists the pattern's message, then the length's
        (
            {"subject": "s", "mobile_number": "+989121234567"},
            {"mobile_number": ["Enter a valid value.", "Ensure this field has no more than 11 characters."]},
        ),
        ({"subject": "s", "mobile_number": "0912123456"}, {"mobile_number": ["Enter a valid value."]}),
        ({"subject": "s", "mobile_number": "۰۹۱۲۱۲۳۴۵۶۷"}, {"mobile_number": ["Enter a valid value."]}),
        ({"subject": "s", "mobile_number": "08121234567"}, {"mobile_number": ["Enter a valid value."]}),
        # a number is its text to DRF's CharField: every validator judges that (all found by test_twin_random.py)
        (
            {"subject": "s", "mobile_number": -10000000000},
            {"mobile_number": ["Enter a valid value.", "Ensure this field has no more than 11 characters."]},
        ),
        ({"subject": "s", "email": 1.5}, {"email": ["Enter a valid email address."]}),
        # EmailField's "invalid" is its validator's message, CharField's is "Not a valid string."
        ({"subject": "s", "email": False}, {"email": ["Enter a valid email address."]}),
        ({"subject": "s", "mobile_number": True}, {"mobile_number": ["Not a valid string."]}),
        # a validator of the deployment judges a text with NUL too, in the field's order of validators
        (
            {"subject": "s", "email": "a\x00@b.ir"},
            {"email": ["Null characters are not allowed.", "Enter a valid email address."]},
        ),
        (
            {"subject": "s", "mobile_number": "\x00"},
            {"mobile_number": ["Enter a valid value.", "Null characters are not allowed."]},
        ),
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
    # in the serializer's field order (seed 000's response order), as DRF collects them
    assert list(response.json()) == ["first_name", "email", "mobile_number", "subject"]


@pytest.mark.parametrize(
    "email",
    [
        "a@localhost",
        "first.last+tag@sub.example.co",
        "A@EXAMPLE.COM",
        # beyond the spec's pattern (which clients generate from), as Django's EmailValidator takes them
        "a@[127.0.0.1]",
        "a@[2001:db8::1]",
        "a@例え.テスト",
        '"a@b"@example.com',
    ],
)
def test_create_accepts_addresses_django_accepts(admin: SpecClient, email: str) -> None:
    assert admin.post("/api/contacts/", json={"subject": "s", "email": email}).status_code == 201


def test_patch_validates_what_is_sent(admin: SpecClient) -> None:
    response = admin.patch("/api/contacts/1/", json={"subject": "", "mobile_number": "12"})
    assert response.status_code == 400
    assert response.json() == {"subject": ["This field may not be blank."], "mobile_number": ["Enter a valid value."]}
    assert admin.get("/api/contacts/1/").json()["subject"] != ""
