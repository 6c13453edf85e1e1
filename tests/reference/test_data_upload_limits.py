"""Django's limits on a request's data (DATA_UPLOAD_MAX_MEMORY_SIZE, ..._NUMBER_FIELDS, ..._NUMBER_FILES; the specs'
`x-data-upload-limits`), on each side of every limit, sent to both reference deployments and their mocks: a body
or a query string one over a limit is Django's own answer (the contacts deployment runs DEBUG=True: its technical
page with status 400, HTML or text by `Accept`, and for a query string the WSGI server's 500; the commerce one
its "Bad Request (400)" page), one at the limit the view's. Both answers must agree as the twin compares them,
and their pages' titles too (the twin leaves HTML bodies out).
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Iterator

import pytest
import requests

from contract_tests.twin.compare import Side
from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.reference.commerce_server import running_commerce_reference
from tests.reference.conftest import Twins, assert_twins_agree

MEMORY = 2_621_440
FIELDS = 1000
FILES = 100
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data; boundary=BB"
COMMERCE = Settings(seed=1404, apis=("conversations",))


def _multipart(fields: list[tuple[str, bytes]], files: int = 0) -> bytes:
    body = b"".join(
        b'--BB\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (k.encode(), v) for k, v in fields
    )
    part = b'--BB\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n'
    body += (part + b"\r\n%PDF\r\n") * files
    return body + b"--BB--\r\n"


def _bodies(form: list[tuple[str, str]], big: str) -> dict[str, tuple[str, bytes]]:
    """Bodies on each side of each limit, around a valid form (`big`: the text field that takes the bytes)."""
    encoded = urllib.parse.urlencode(form)
    fields = [(name, value.encode()) for name, value in form]
    # the multipart memory count: each field's bytes and its name, plus 2 (multipartparser.py:237-243)
    counted = sum(len(name) + len(value) + 2 for name, value in fields if name != big)
    room = MEMORY - counted - len(big) - 2

    def json_of(size: int) -> bytes:
        """A JSON body of exactly `size` bytes, `big` padded to fill it."""
        shell = json.dumps({**dict(form), big: ""}).encode()
        return json.dumps({**dict(form), big: "x" * (size - len(shell))}).encode()

    return {
        "form at the field limit": (FORM, (encoded + "&z=1" * (FIELDS - len(form))).encode()),
        "form one field over": (FORM, (encoded + "&z=1" * (FIELDS - len(form) + 1)).encode()),
        "form of empty fields over": (FORM, (encoded + "&" * (FIELDS - len(form) + 1)).encode()),
        "JSON at the memory size": ("application/json", json_of(MEMORY)),
        "JSON a byte over": ("application/json", json_of(MEMORY + 1)),
        "JSON over, as text/plain": ("text/plain", json_of(MEMORY + 1)),
        "multipart at the field limit": (MULTIPART, _multipart(fields + [("z", b"1")] * (FIELDS - len(form)))),
        "multipart one field over": (MULTIPART, _multipart(fields + [("z", b"1")] * (FIELDS - len(form) + 1))),
        "multipart at the file limit": (MULTIPART, _multipart(fields, FILES)),
        "multipart one file over": (MULTIPART, _multipart(fields, FILES + 1)),
        "multipart fields at the memory size": (MULTIPART, _multipart([*fields, (big, b"x" * room)])),
        "multipart fields a byte over": (MULTIPART, _multipart([*fields, (big, b"x" * (room + 1))])),
    }


def _title(response: requests.Response) -> str | None:
    found = re.search(r"<title>(.*?)</title>", response.text, re.S)
    return found.group(1) if found else None


def _assert_agree(api: str, sides: tuple[Side, Side], answers: list[requests.Response], what: str) -> None:
    """As the twin compares them, and Django's pages by their titles as written (the technical page's title breaks
    its line where Django's template does; the twin folds whitespace)."""
    assert_twins_agree(api, sides, answers, what, browsable=True)
    title = _title(answers[0])
    assert title is None or title == _title(answers[1]), f"{what}: title {title!r} != {_title(answers[1])!r}"


# --- the contacts API (DEBUG=True) ---

_CONTACT_FORM = [("subject", "حد"), ("first_name", "سارا")]


@pytest.mark.parametrize("accept", [None, "application/json"])
@pytest.mark.parametrize(("case", "sent"), list(_bodies(_CONTACT_FORM, "message").items()), ids=str)
def test_a_create_on_each_side_of_each_limit_gets_the_same_answer(
    twins: Twins, case: str, sent: tuple[str, bytes], accept: str | None
) -> None:
    content_type, body = sent
    answers = []
    for side, tokens in twins:
        headers = {"Content-Type": content_type, "Authorization": f"Token {tokens['admin']}"}
        if accept is not None:
            headers["Accept"] = accept
        answers.append(requests.post(side.base_url + "/api/contacts/", data=body, headers=headers, timeout=60))
    _assert_agree("contacts", (twins[0][0], twins[1][0]), answers, f"{case} (Accept {accept!r})")
    if case.endswith("over") and content_type != "text/plain":
        assert answers[0].status_code == 400
        assert "application/json" not in answers[0].headers["Content-Type"]


@pytest.mark.parametrize(
    ("role", "method", "path"),
    [
        ("admin", "PATCH", "/api/contacts/99999/"),  # the contact is looked up before the body is read: 404
        (None, "POST", "/api/contacts/"),  # authentication comes first: 401
        ("viewer", "POST", "/api/contacts/"),  # and permissions: 403
    ],
)
def test_a_body_over_the_limits_is_read_only_where_the_view_reads_it(
    twins: Twins, role: str | None, method: str, path: str
) -> None:
    body = json.dumps({"subject": "x" * (MEMORY + 1)}).encode()
    answers = []
    for side, tokens in twins:
        headers = {"Content-Type": "application/json"}
        if role is not None:
            headers["Authorization"] = f"Token {tokens[role]}"
        answers.append(requests.request(method, side.base_url + path, data=body, headers=headers, timeout=60))
    _assert_agree("contacts", (twins[0][0], twins[1][0]), answers, f"{method} {path} as {role}")
    assert answers[0].status_code in (401, 403, 404)


@pytest.mark.parametrize("fields", [FIELDS, FIELDS + 1])
@pytest.mark.parametrize("role", ["admin", None])
@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/api/contacts/"), ("GET", "/api/contacts/1/"), ("GET", "/api/"), ("PUT", "/api/contacts/")],
)
def test_a_query_string_on_each_side_of_the_field_limit_gets_the_same_answer(
    twins: Twins, method: str, path: str, role: str | None, fields: int
) -> None:
    """Over the limit, DEBUG's technical page fails on the query string it lists: the server's own 500, before
    authentication (DRF reads the query string when it picks the renderer)."""
    target = path + "?" + "&".join(["limit=2"] * fields)
    answers = []
    for side, tokens in twins:
        headers = {"Authorization": f"Token {tokens[role]}"} if role is not None else {}
        answers.append(requests.request(method, side.base_url + target, headers=headers, timeout=60))
    _assert_agree("contacts", (twins[0][0], twins[1][0]), answers, f"{method} {path} with {fields} fields as {role}")
    assert (answers[0].status_code == 500) is (fields > FIELDS)


# --- the commerce API (DEBUG=False) ---

_CONTACT_US = [("subject", "2"), ("full_name", "Sara"), ("email", "sara@example.com"), ("message", "hi")]


@pytest.fixture(scope="module")
def sides() -> Iterator[tuple[Side, Side]]:
    with running_commerce_reference(seed=COMMERCE.seed) as reference, running_mock(COMMERCE) as twin:
        yield Side(reference.url, {}), Side(twin, {})


@pytest.mark.parametrize("accept", ["application/json", "text/html"])
@pytest.mark.parametrize(("case", "sent"), list(_bodies(_CONTACT_US, "message").items()), ids=str)
def test_a_contact_form_on_each_side_of_each_limit_gets_the_same_answer(
    sides: tuple[Side, Side], case: str, sent: tuple[str, bytes], accept: str
) -> None:
    content_type, body = sent
    headers = {"Content-Type": content_type, "Accept": accept}
    answers = [
        requests.post(side.base_url + "/users/contact-us/", data=body, headers=headers, timeout=60) for side in sides
    ]
    _assert_agree("conversations", sides, answers, f"{case} (Accept {accept!r})")
    if case.endswith("over") and content_type != "text/plain":
        assert answers[0].status_code == 400
        assert _title(answers[0]) == "Bad Request (400)"


@pytest.mark.parametrize("fields", [FIELDS, FIELDS + 1])
@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/users/contact-us-subjects/"), ("GET", "/csrf_token/"), ("GET", "/users/login/"), ("GET", "/nothing/")],
)
def test_a_commerce_query_string_on_each_side_of_the_field_limit_gets_the_same_answer(
    sides: tuple[Side, Side], method: str, path: str, fields: int
) -> None:
    target = path + "?" + "&".join(["page=1"] * fields)
    answers = [requests.request(method, side.base_url + target, timeout=60) for side in sides]
    _assert_agree("conversations", sides, answers, f"{method} {path} with {fields} fields")
