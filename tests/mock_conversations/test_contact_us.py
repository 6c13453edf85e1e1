"""Contact-us subjects and the contact-us form: JSON and multipart, files, orders, operations."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.mock_conversations.conftest import SARA, ShopClient, state

FORM = {"subject": 2, "full_name": "تورج دانشور", "email": "tooraj@example.com", "message": "سلام، کمک لازم دارم."}


@pytest.mark.parametrize(
    ("header", "first"),
    [
        (None, "بازگشت وجه"),
        ("en", "Refund"),
        ("en-US,en;q=0.9", "Refund"),
        ("de,fa;q=0.5", "بازگشت وجه"),
        ("de", "بازگشت وجه"),
    ],
)
def test_subjects_follow_accept_language(shop: ShopClient, header: str | None, first: str) -> None:
    headers = {"Accept-Language": header} if header else {}
    subjects = ShopClient(shop.base_url, language=None).get("/users/contact-us-subjects/", headers=headers).json()
    assert subjects[0] == {"id": 1, "text": first, "is_order_needed": True}
    assert [s["is_order_needed"] for s in subjects] == [True, False, True, False, False]


def _messages(client: ShopClient) -> list[dict[str, Any]]:
    return state(client.base_url)["contact_messages"]


def test_a_json_message_is_accepted_with_no_content_and_kept(shop: ShopClient) -> None:
    shop.csrf()
    response = shop.unsafe("POST", "/users/contact-us/", json=FORM)
    assert (response.status_code, response.content) == (200, b"")
    (kept,) = _messages(shop)
    assert (kept["full_name"], kept["email"], kept["subject"], kept["user"]) == (
        FORM["full_name"],
        FORM["email"],
        2,
        None,
    )
    assert kept["recipients"] == ["support@shop.example"]


def test_a_multipart_message_keeps_its_files_name_size_and_type(shop: ShopClient) -> None:
    shop.csrf()
    fields = {k: (None, str(v)) for k, v in FORM.items()}
    files = {**fields, "file": ("invoice.PDF", b"%PDF-1.4 example", "application/pdf")}
    assert shop.unsafe("POST", "/users/contact-us/", files=files).status_code == 200
    assert _messages(shop)[0]["file"] == {"name": "invoice.PDF", "size": 16, "content_type": "application/pdf"}


def _form_with(name: str, size: int) -> dict[str, Any]:
    return {**{k: (None, str(v)) for k, v in FORM.items()}, "file": (name, b"%" * size, "application/pdf")}


def test_a_file_over_the_body_limit_is_kept_like_any_other(sara: ShopClient) -> None:
    # 3 MB: over `--max-body` (1 MiB) and Django's 2.5 MB for a form's fields, which leaves files out. Signed
    # in, Django's CSRF check reads the form first: the operation's allowance holds for that read too.
    response = sara.unsafe("POST", "/users/contact-us/", files=_form_with("scan.pdf", 3_000_000))
    assert response.status_code == 200, response.text
    assert _messages(sara)[0]["file"] == {"name": "scan.pdf", "size": 3_000_000, "content_type": "application/pdf"}


def test_a_file_over_its_fields_limit_is_the_fields_400_not_a_413(shop: ShopClient) -> None:
    shop.csrf()
    response = shop.unsafe("POST", "/users/contact-us/", files=_form_with("scan.pdf", 5 * 1024 * 1024 + 1))
    assert response.status_code == 400
    assert response.json() == {"file": ["Ensure this file is no larger than 5242880 bytes."]}
    assert _messages(shop) == []


def test_a_body_past_the_form_and_file_allowance_is_413_and_kept_nowhere() -> None:
    with running_mock(Settings(seed=77, apis=("conversations",), max_body_bytes=2048)) as url:
        shop = ShopClient(url)
        shop.csrf()
        limit = 2048 + 5 * 1024 * 1024
        response = shop.unsafe("POST", "/users/contact-us/", files=_form_with("scan.pdf", limit))
        assert response.status_code == 413
        assert response.json() == {"detail": f"Request body exceeds the limit of {limit} bytes."}
        # a JSON body has no files: `--max-body` alone
        response = shop.unsafe("POST", "/users/contact-us/", json={**FORM, "message": "x" * 3000})
        assert response.json() == {"detail": "Request body exceeds the limit of 2048 bytes."}
        assert _messages(shop) == []


@pytest.mark.parametrize(
    ("upload", "error"),
    [
        (
            ("run.exe", b"MZ"),
            "File extension “exe” is not allowed. Allowed extensions are: pdf, jpg, jpeg, png, xls, xlsx, doc, docx.",
        ),
        (("empty.pdf", b""), "The submitted file is empty."),
        # FileExtensionValidator reads the suffix as pathlib does: a dot file has none (test_commerce_twin_random)
        (
            (".pdf", b"%PDF"),
            "File extension “” is not allowed. Allowed extensions are: pdf, jpg, jpeg, png, xls, xlsx, doc, docx.",
        ),
    ],
)
def test_a_bad_file_is_refused(shop: ShopClient, upload: tuple[str, bytes], error: str) -> None:
    shop.csrf()
    files = {**{k: (None, str(v)) for k, v in FORM.items()}, "file": (*upload, "application/octet-stream")}
    response = shop.unsafe("POST", "/users/contact-us/", files=files)
    assert response.status_code == 400
    assert response.json() == {"file": [error]}
    assert _messages(shop) == []


def test_a_file_in_json_is_not_a_file(shop: ShopClient) -> None:
    shop.csrf()
    response = shop.unsafe("POST", "/users/contact-us/", json={**FORM, "file": "invoice.pdf"})
    assert response.json() == {"file": ["The submitted data was not a file. Check the encoding type on the form."]}


def _own_order(client: ShopClient, user_id: int) -> int:
    return next(o["id"] for o in state(client.base_url)["orders"] if o["user"] == user_id)


def test_a_subject_that_needs_an_order_takes_one_of_the_callers_orders(sara: ShopClient) -> None:
    order = _own_order(sara, 1)
    assert sara.unsafe("POST", "/users/contact-us/", json={**FORM, "subject": 1}).json() == {
        "order": ["This field is required."]
    }
    assert sara.unsafe("POST", "/users/contact-us/", json={**FORM, "subject": 1, "order": order}).status_code == 200
    assert _messages(sara)[0]["order"] == order


def test_another_users_order_does_not_exist_for_the_caller(sara: ShopClient) -> None:
    other = _own_order(sara, 2)
    response = sara.unsafe("POST", "/users/contact-us/", json={**FORM, "subject": 1, "order": other})
    assert response.json() == {"order": [f'Invalid pk "{other}" - object does not exist.']}


def test_an_anonymous_caller_has_no_orders(shop: ShopClient) -> None:
    shop.csrf()
    order = _own_order(shop, 1)
    response = shop.unsafe("POST", "/users/contact-us/", json={**FORM, "subject": 3, "order": order})
    assert response.json() == {"order": [f'Invalid pk "{order}" - object does not exist.']}


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"subject": 99}, {"subject": ['Invalid pk "99" - object does not exist.']}),
        ({"subject": True}, {"subject": ["Incorrect type. Expected pk value, received bool."]}),
        ({"subject": "abc"}, {"subject": ["Incorrect type. Expected pk value, received str."]}),
        ({"operation": "sales"}, {"operation": ['"sales" is not a valid choice.']}),
        ({"full_name": "x" * 71}, {"full_name": ["Ensure this field has no more than 70 characters."]}),
        ({"email": "nope"}, {"email": ["Enter a valid email address."]}),
        ({"email": "tooraj@example.c1"}, {"email": ["Enter a valid email address."]}),  # a digit in the last label
        ({"message": "  "}, {"message": ["This field may not be blank."]}),
        ({"phone": ["0912"]}, {"phone": ["Not a valid string."]}),
    ],
)
def test_field_errors(shop: ShopClient, change: dict[str, Any], errors: dict[str, Any]) -> None:
    shop.csrf()
    response = shop.unsafe("POST", "/users/contact-us/", json={**FORM, **change})
    assert response.status_code == 400
    assert response.json() == errors
    assert _messages(shop) == []


@pytest.mark.parametrize("email", ["tooraj@[127.0.0.1]", "tooraj@例え.テスト", '"tooraj@hamta"@example.com'])
def test_an_address_djangos_validator_takes_is_taken(shop: ShopClient, email: str) -> None:
    shop.csrf()
    assert shop.unsafe("POST", "/users/contact-us/", json={**FORM, "email": email}).status_code == 200
    assert _messages(shop)[0]["email"] == email


def test_errors_come_in_the_serializers_field_order(shop: ShopClient) -> None:
    shop.csrf()
    body = {**FORM, "phone": ["0912"], "operation": "sales", "file": "invoice.pdf"}
    response = shop.unsafe("POST", "/users/contact-us/", json=body)
    assert list(response.json()) == ["phone", "operation", "file"]


def test_null_is_no_file_and_an_empty_form_value_is_no_value(shop: ShopClient) -> None:
    # The file field is nullable (null=True, blank=True, as the order); an HTML form's empty value of an optional
    # field is not sent at all (DRF's Field.get_value), so `operation=` is the default recipients.
    shop.csrf()
    assert shop.unsafe("POST", "/users/contact-us/", json={**FORM, "file": None}).status_code == 200
    form = {**{k: str(v) for k, v in FORM.items()}, "operation": "", "file": ""}
    assert shop.unsafe("POST", "/users/contact-us/", data=form).status_code == 200
    kept = _messages(shop)
    assert [message["file"] for message in kept] == [None, None]
    assert kept[1]["recipients"] == ["support@shop.example"]


def test_the_operation_chooses_the_recipients(shop: ShopClient) -> None:
    shop.csrf()
    assert shop.unsafe("POST", "/users/contact-us/", json={**FORM, "operation": "franchise"}).status_code == 200
    assert _messages(shop)[0]["recipients"] == ["franchise@shop.example"]


def test_contact_us_checks_csrf_only_for_a_session_user(shop: ShopClient) -> None:
    assert shop.request("POST", "/users/contact-us/", json=FORM).status_code == 200
    shop.login(SARA)
    response = shop.request("POST", "/users/contact-us/", json=FORM)
    assert response.json() == {"detail": "CSRF Failed: CSRF token missing."}
