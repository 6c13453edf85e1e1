"""Hypothesis sends the reference contacts deployment (SQLite and PostgreSQL) and the mock, its rows copied in,
the same random writes as they come from different clients: creates, patches, deletes and a method no path takes,
as each role or signed out, with a random Accept and `format` (a browser's DELETE gets the browsable API's page
as a 200), as JSON or as a form; creates with odd Content-Type headers (raw bytes, case, boundaries) and odd multipart
bodies (tests/reference/multipart_bodies.py). Every
answer must agree as `contract-tests --twin` compares them, and be an answer of the spec but for the browsable
API's pages. The field rules themselves are test_twin_random.py's.
"""

from __future__ import annotations

import os
import urllib.parse
from typing import Any

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from contract_tests.twin.compare import Normaliser, differences
from tests.mock.client import SpecClient
from tests.reference.conftest import Twins
from tests.reference.multipart_bodies import CONTENT_TYPE as MULTIPART
from tests.reference.multipart_bodies import cases as multipart_cases
from tests.reference.multipart_bodies import multipart_bodies
from tests.reference.test_reads_random import ACCEPTS

REFEREE = SpecClient("", "contacts")
EXAMPLES = int(os.environ.get("HAMTA_RANDOM_TWIN_EXAMPLES", "100"))

_METHODS = st.sampled_from(["POST", "PATCH", "PATCH", "DELETE", "PUT"])
_ROWS = st.sampled_from(["1", "2", "3", "4", "99", "abc"])
_FORMATS = st.sampled_from([None, "json", "api", "xml", ""])
_ROLES = st.sampled_from(["admin", "staff", "viewer", "nobody", None])
_BODIES: st.SearchStrategy[Any] = st.sampled_from(
    [{}, {"subject": "سلام"}, {"subject": ""}, {"email": "x"}, {"mobile_number": "09121234567"}, {"subject": None}]
) | st.sampled_from([[], "x", 1])


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    method=_METHODS,
    row=_ROWS,
    named=_FORMATS,
    accept=ACCEPTS,
    role=_ROLES,
    body=_BODIES,
    form=st.booleans(),
)
def test_random_writes_from_any_client_get_the_same_answers(
    twins: Twins,
    method: str,
    row: str,
    named: str | None,
    accept: str | None,
    role: str | None,
    body: Any,
    form: bool,
) -> None:
    target = "/api/contacts/" if method == "POST" else f"/api/contacts/{row}/"
    if named is not None:
        target += "?" + urllib.parse.urlencode({"format": named})
    sent: dict[str, Any] = {"json": body}
    if form and isinstance(body, dict):
        sent = {"data": {key: value for key, value in body.items() if value is not None}}
    answers = []
    for side, tokens in twins:
        headers = {"Accept": accept} if accept is not None else {}
        if role is not None:
            headers["Authorization"] = f"Token {tokens[role]}"
        answers.append(requests.request(method, side.base_url + target, headers=headers, timeout=30, **sent))
    _assert_agree(twins, answers, f"{method} {target} (as {role}, Accept {accept!r}, {sent!r})")


# Content-Type headers as a client may send them, raw bytes and all. Django reads a header's bytes as ISO-8859-1
# (PEP 3333), DRF chooses the parser on the lower-cased media type, and Django's MultiPartParser then checks the
# header as sent: its case, non-ASCII bytes, the boundary's form (multipartparser.py:73-92); RFC 2231 parameters
# are decoded (a charset Python does not know there crashes Django itself: a 500 the mock does not copy).
CONTENT_TYPES = [
    b"\xe9\xe8",
    b"application/json\xe9",
    b"application/json; charset=\xe9",
    b"text/plain\xe9",
    b"application/x-www-form-urlencoded; charset=\xe9",
    b"multipart/form-data; boundary=\xe9\xe8",
    b"Multipart/form-data; boundary=a",
    b"MULTIPART/FORM-DATA; BOUNDARY=a",
    b'multipart/form-data; boundary="a "',
    b"multipart/form-data; boundary=" + b"a" * 201,
    b"multipart/form-data; boundary=" + b"a" * 202,
    b"multipart/form-data; boundary*=utf-8''abc",
    b"application/json; charset*=utf-8''latin-1",
    # DRF finds no parser for a Content-Type over 256 characters (negotiation.py:25-40): 415
    b"application/json; charset=utf-8; a=" + b"b" * 220,
    b"application/json; charset=utf-8; a=" + b"b" * 221,
]


@pytest.mark.parametrize("content_type", CONTENT_TYPES, ids=repr)
def test_a_create_with_any_content_type_header_gets_the_same_answer(twins: Twins, content_type: bytes) -> None:
    answers = [
        requests.post(
            side.base_url + "/api/contacts/",
            data='{"subject": "سلام"}'.encode(),
            headers={"Content-Type": content_type, "Authorization": f"Token {tokens['admin']}"},
            timeout=30,
        )
        for side, tokens in twins
    ]
    _assert_agree(twins, answers, f"POST /api/contacts/ (Content-Type {content_type!r})")


@settings(max_examples=EXAMPLES, deadline=None)
@given(body=multipart_bodies(["subject", "first_name", "email", "mobile_number", "message"]))
def test_random_multipart_creates_get_the_same_answers(twins: Twins, body: bytes) -> None:
    """Django's multipart reading, not a mail reader's: line ends, folding, transfer encodings, file names."""
    _assert_agree(twins, _multipart_creates(twins, body), f"POST /api/contacts/ multipart {body!r}")


@pytest.mark.parametrize(("case", "body"), list(multipart_cases("subject").items()))
def test_each_rule_of_djangos_multipart_reading_gets_the_same_answer(twins: Twins, case: str, body: bytes) -> None:
    _assert_agree(twins, _multipart_creates(twins, body), f"POST /api/contacts/ multipart, {case}")


def _multipart_creates(twins: Twins, body: bytes) -> list[requests.Response]:
    headers = {"Content-Type": MULTIPART}
    return [
        requests.post(
            side.base_url + "/api/contacts/",
            data=body,
            headers={**headers, "Authorization": f"Token {tokens['admin']}"},
            timeout=30,
        )
        for side, tokens in twins
    ]


def _assert_agree(twins: Twins, answers: list[requests.Response], what: str) -> None:
    """Both answers are the spec's (but the browsable API's pages) and agree as the twin compares them; a contact
    created on both sides is named, so that later answers relate each side's own id."""
    for answer in answers:
        REFEREE.check_but_browsable_pages(answer)
    created = [answer for answer in answers if answer.status_code == 201]
    if len(created) == 2 and all(answer.headers["Content-Type"] == "application/json" for answer in created):
        for (side, _), answer in zip(twins, created, strict=True):  # by name: each side's own id
            side.created[f"row {len(side.created)}"] = answer.json()["id"]
    (deployment, _), (twin, _) = twins
    found = differences(Normaliser("2000-01-01T00:00:00"), (deployment, answers[0]), (twin, answers[1]))
    assert not found, f"{what}: " + "; ".join(found)


@pytest.mark.parametrize("accept", ["application/json", "application/json; indent=2"])
def test_u2028_and_u2029_are_written_as_escapes(twins: Twins, accept: str) -> None:
    """DRF's JSONRenderer escapes them (renderers.py:103-106), indented or not; the twin compares parsed bodies, so
    this compares the bytes of a create, a read and a page that hold them."""
    written = []
    for side, tokens in twins:
        headers = {"Authorization": f"Token {tokens['admin']}", "Accept": accept}
        body = {"subject": "a\u2028b", "message": "c\u2029d"}
        created = requests.post(side.base_url + "/api/contacts/", json=body, headers=headers, timeout=30)
        REFEREE.check(created)
        target = f"/api/contacts/{created.json()['id']}/"
        read = requests.get(side.base_url + target, headers=headers, timeout=30)
        page = requests.get(side.base_url + "/api/contacts/?limit=1", headers=headers, timeout=30)
        for answer in (read, page):
            REFEREE.check(answer)
        written.append([answer.content.replace(b" ", b"") for answer in (created, read, page)])
    for content in written[0] + written[1]:
        assert b'"subject":"a\\u2028b"' in content
        assert b'"message":"c\\u2029d"' in content


EMPTY_BODY_TYPES = [
    "text/plain",
    "image/png",
    "multipart/form-data",
    "application/x-www-form-urlencoded",
    "Multipart/form-data; boundary=a",
    None,
]


@pytest.mark.parametrize("content_type", EMPTY_BODY_TYPES)
@pytest.mark.parametrize(("method", "path"), [("POST", "/api/contacts/"), ("PATCH", "/api/contacts/1/")])
def test_no_body_is_empty_data_whatever_its_content_type(
    twins: Twins, method: str, path: str, content_type: str | None
) -> None:
    """DRF parses no body at all (rest_framework/request.py:349-355): no 415 and no parse error, the fields'
    own messages."""
    answers = []
    for side, tokens in twins:
        headers = {"Authorization": f"Token {tokens['admin']}"}
        if content_type is not None:
            headers["Content-Type"] = content_type
        answers.append(requests.request(method, side.base_url + path, data=b"", headers=headers, timeout=30))
    _assert_agree(twins, answers, f"{method} {path} with no body as {content_type!r}")
