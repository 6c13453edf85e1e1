"""Hypothesis sends the reference Commerce deployment and the mock the same random contact-us forms (the one write
an anonymous shopper makes, and the one with the most field rules: subject, order, operation, file, email,
lengths), as JSON, as a form and as multipart with a file, in Persian (the shop's default) and in English, and
every answer must agree as `contract-tests --twin` compares them: status, headers, each message of the body, in
its order.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contract_tests.twin.compare import Side
from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.reference.commerce_server import running_commerce_reference
from tests.reference.conftest import assert_twins_agree
from tests.reference.multipart_bodies import CONTENT_TYPE as MULTIPART
from tests.reference.multipart_bodies import cases as multipart_cases
from tests.reference.multipart_bodies import multipart_bodies
from tests.reference.test_spec_against_django import emails
from tests.reference.test_writes_random import CONTENT_TYPES, EMPTY_BODY_TYPES

MOCK = Settings(seed=1404, apis=("conversations",))
CONTACT = "/users/contact-us/"
EXAMPLES = int(os.environ.get("HAMTA_RANDOM_TWIN_EXAMPLES", "150"))


@pytest.fixture(scope="module")
def sides() -> Iterator[tuple[Side, Side]]:
    with running_commerce_reference(seed=MOCK.seed) as reference, running_mock(MOCK) as twin:
        yield Side(reference.url, {}), Side(twin, {})


_TEXT = st.text(alphabet="aAیيکك \t.\x00@9", max_size=5) | st.sampled_from(["", " ", "x" * 70, "x" * 71])
_SCALAR = st.one_of(
    _TEXT, st.none(), st.integers(-3, 5), st.booleans(), st.floats(allow_nan=False, allow_infinity=False), st.just([1])
)
_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "subject": st.sampled_from([1, 2, 3, "2", " 2 ", 99, 0, "x", True, None, 2.0, 2.5]),
    "full_name": _SCALAR,
    "email": emails | st.sampled_from(["tooraj@example.com", "a@[127.0.0.1]", "a@b.c1", ""]) | _SCALAR,
    "phone": _SCALAR,
    "message": _SCALAR,
    "order": st.sampled_from([1, 2, "1", None, "", 999, "x"]),
    "operation": st.sampled_from(["contact_us", "franchise", "sales", "", None, 5]),
    "file": st.sampled_from(["invoice.pdf", "", None]),  # in JSON or a form: never a file
    "unknown": st.just("ignored"),
}
_VALID: dict[str, st.SearchStrategy[Any]] = {
    "subject": st.sampled_from([2, 3]),
    "full_name": st.sampled_from(["تورج دانشور", "Sara"]),
    "email": st.sampled_from(["tooraj@example.com", "a@[127.0.0.1]"]),
    "message": st.sampled_from(["سلام", "Hello"]),
}
_BODIES = st.fixed_dictionaries(_VALID, optional={k: v for k, v in _FIELDS.items() if k not in _VALID}) | (
    st.fixed_dictionaries({}, optional=_FIELDS)
)
_UPLOADS = st.sampled_from(
    [("invoice.PDF", 16), ("scan.jpeg", 1), ("run.exe", 2), ("empty.pdf", 0), ("noextension", 3), (".pdf", 4)]
)


def _sent(body: dict[str, Any], encoding: str, upload: tuple[str, int]) -> dict[str, Any]:
    """The `requests` arguments for one encoding: a form or multipart carries only text (no null, no number)."""
    if encoding == "json":
        return {"json": body}
    form = [(key, value) for key, value in body.items() if isinstance(value, str) and key != "file"]
    if encoding == "form":
        return {"data": form + [("file", "")] * (body.get("file") == "")}
    name, size = upload
    return {"data": form, "files": {"file": (name, b"%PDF" * size, "application/octet-stream")}}


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=_BODIES,
    encoding=st.sampled_from(["json", "form", "multipart"]),
    upload=_UPLOADS,
    language=st.sampled_from([None, "en", "fa", "de"]),
)
def test_random_contact_forms_get_the_same_answers(
    sides: tuple[Side, Side], body: dict[str, Any], encoding: str, upload: tuple[str, int], language: str | None
) -> None:
    headers = {"Accept-Language": language} if language else {}
    answers = [
        requests.post(side.base_url + CONTACT, headers=headers, timeout=30, **_sent(body, encoding, upload))
        for side in sides
    ]
    assert_twins_agree("conversations", sides, answers, f"{encoding} {body!r} {upload} ({language})")


def test_the_contact_form_is_answered_by_both_sides(sides: tuple[Side, Side]) -> None:
    """The random test's comparison sees a real answer: a valid form is 200 on both sides."""
    body = {"subject": 2, "full_name": "Sara", "email": "sara@example.com", "message": "Hello"}
    statuses = [requests.post(side.base_url + CONTACT, json=body, timeout=30).status_code for side in sides]
    assert statuses == [200, 200]


@pytest.mark.parametrize("path", [CONTACT, "/users/login/"])
@pytest.mark.parametrize("content_type", CONTENT_TYPES, ids=repr)
def test_a_post_with_any_content_type_header_gets_the_same_answer(
    sides: tuple[Side, Side], path: str, content_type: bytes
) -> None:
    """What the contacts twin checks on a create (test_writes_random.py), on the two writes a signed-out shopper
    makes: the same parser choice, the same 415 and multipart errors, the header's bytes read as ISO-8859-1."""
    body = '{"subject": 2, "full_name": "سارا", "email": "sara@shop.example", "password": "x"}'.encode()
    headers = {"Content-Type": content_type}
    answers = [requests.post(side.base_url + path, data=body, headers=headers, timeout=30) for side in sides]
    assert_twins_agree("conversations", sides, answers, f"POST {path} (Content-Type {content_type!r})")


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=multipart_bodies(["subject", "full_name", "email", "message", "file", "order"]))
def test_random_multipart_contact_forms_get_the_same_answers(sides: tuple[Side, Side], body: bytes) -> None:
    """The contact form with its file as hand-made clients send it: Django's multipart reading, file names and all."""
    headers = {"Content-Type": MULTIPART}
    answers = [requests.post(side.base_url + CONTACT, data=body, headers=headers, timeout=30) for side in sides]
    assert_twins_agree("conversations", sides, answers, f"multipart {body!r}")


_FILLED = {"subject": b"2", "full_name": b"Sara", "email": b"sara@shop.example"}


@pytest.mark.parametrize(("case", "body"), list(multipart_cases("message").items()))
def test_each_rule_of_djangos_multipart_reading_gets_the_same_answer(
    sides: tuple[Side, Side], case: str, body: bytes
) -> None:
    """The contact form's other fields filled, so that the answer turns on how the message part is read."""
    filled = b"".join(
        b'--hamtaXyZ\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (name.encode(), value)
        for name, value in _FILLED.items()
    )
    sent, headers = filled + body, {"Content-Type": MULTIPART}
    answers = [requests.post(side.base_url + CONTACT, data=sent, headers=headers, timeout=30) for side in sides]
    assert_twins_agree("conversations", sides, answers, f"multipart, {case}")


@pytest.mark.parametrize("content_type", EMPTY_BODY_TYPES)
@pytest.mark.parametrize("path", [CONTACT, "/users/login/"])
def test_no_body_is_empty_data_whatever_its_content_type(
    sides: tuple[Side, Side], path: str, content_type: str | None
) -> None:
    headers = {"Content-Type": content_type} if content_type is not None else {}
    answers = [requests.post(side.base_url + path, data=b"", headers=headers, timeout=30) for side in sides]
    assert_twins_agree("conversations", sides, answers, f"POST {path} with no body as {content_type!r}")
