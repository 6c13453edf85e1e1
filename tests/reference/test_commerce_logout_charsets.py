"""The logout is a plain Django view behind CsrfViewMiddleware, which reads the token from Django's own
`request.POST`, not from DRF's parsers: a form in a charset Python knows under any name but "utf-8" (`latin-1`,
`utf-16`, even `UTF8`) is BadRequest there, raised again by the error views (they run the same check), so the WSGI
server answers 500; a multipart body in a codec that is no text encoding lets a LookupError out (the 500 page).
Only once the Origin and the cookie have passed: before, the confirmation page. Each request goes to the
reference deployment and to the mock; the answers must agree and fit the spec.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from contract_tests.twin.compare import Normaliser, Side, differences
from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.mock.client import SpecClient
from tests.reference.commerce_server import running_commerce_reference

COMMERCE = Settings(seed=1404, apis=("conversations",))
FORM = "application/x-www-form-urlencoded"


@pytest.fixture(scope="module")
def sides() -> Iterator[tuple[Side, Side]]:
    with running_commerce_reference(seed=COMMERCE.seed) as reference, running_mock(COMMERCE) as twin:
        yield Side(reference.url, {}), Side(twin, {})


def _logout(base: str, content_type: str, *, multipart: bool, cookie: bool, origin: str | None) -> requests.Response:
    session = requests.Session()
    session.get(base + "/csrf_token/", timeout=30)
    token = session.cookies.get("csrftoken") or ""
    if not cookie:
        session.cookies.clear()
    if multipart:
        body = (
            f'--B\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n--B--\r\n'
        ).encode()
    else:
        body = f"csrfmiddlewaretoken={token}".encode()
    headers = {"Content-Type": content_type, "Origin": origin or base}
    return session.post(base + "/users/logout/", data=body, headers=headers, allow_redirects=False, timeout=30)


@pytest.mark.parametrize(
    ("content_type", "multipart"),
    [
        (FORM, False),
        (f"{FORM}; charset=utf-8", False),
        (f"{FORM}; charset=UTF-8", False),
        (f"{FORM}; charset=UTF8", False),
        (f"{FORM}; charset=latin-1", False),
        (f"{FORM}; charset=utf-16", False),
        (f"{FORM}; charset=base64", False),
        (f"{FORM}; charset=nonsense", False),
        ("multipart/form-data; boundary=B; charset=utf-16", True),
        ("multipart/form-data; boundary=B; charset=base64", True),
        ("multipart/form-data; boundary=B; charset=latin-1", True),
    ],
)
@pytest.mark.parametrize(("cookie", "origin"), [(True, None), (False, None), (True, "http://elsewhere.example")])
def test_a_logout_form_is_read_as_djangos_request_post(
    sides: tuple[Side, Side], content_type: str, multipart: bool, cookie: bool, origin: str | None
) -> None:
    referee = SpecClient("", "conversations")
    answers = [
        _logout(side.base_url, content_type, multipart=multipart, cookie=cookie, origin=origin) for side in sides
    ]
    for answer in answers:
        referee.check(answer)
    found = differences(Normaliser("2000-01-01T00:00:00"), (sides[0], answers[0]), (sides[1], answers[1]))
    assert not found, f"{content_type} (cookie {cookie}, origin {origin}): " + "; ".join(found)
