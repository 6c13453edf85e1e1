"""Where Django's CSRF check reads a POSTed form, and what reading it raises, as the reference deployment shows.

The check reads the form last, after the Origin and the cookie. Behind DRF's SessionAuthentication it reads DRF's
request, whose parse error (an unsupported charset, too many fields) is raised there: a foreign Origin is still the
403 first. The logout is a plain Django view behind CsrfViewMiddleware, which reads Django's own `request.POST`: a
form in a charset Python knows under any name but "utf-8" (`latin-1`, `utf-16`, even `UTF8`) is BadRequest there,
raised again by the error views (they run the same check), so the WSGI server answers 500; a multipart body in a
codec that is no text encoding lets a LookupError out (the 500 page). Each request goes to the reference deployment
and to the mock; the answers must agree and fit the spec.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from contract_tests.twin.compare import Side
from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.reference.commerce_server import running_commerce_reference
from tests.reference.conftest import assert_twins_agree
from tests.reference.test_commerce_conversations_random import Shopper

COMMERCE = Settings(seed=1404, apis=("conversations",))
FORM = "application/x-www-form-urlencoded"


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[str, str]]:
    with running_commerce_reference(seed=COMMERCE.seed) as reference, running_mock(COMMERCE) as twin:
        yield reference.url, twin


@pytest.fixture(scope="module")
def sides(servers: tuple[str, str]) -> tuple[Side, Side]:
    return Side(servers[0], {}), Side(servers[1], {})


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
    answers = [
        _logout(side.base_url, content_type, multipart=multipart, cookie=cookie, origin=origin) for side in sides
    ]
    assert_twins_agree("conversations", sides, answers, f"{content_type} (cookie {cookie}, origin {origin})")


_FIELDS = "&".join(f"f{n}=1" for n in range(1001)).encode()


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        (f"{FORM}; charset=base64", b"message_content=x"),
        (f"{FORM}; charset=zlib", b"message_content=x"),
        (FORM, _FIELDS),
        ("multipart/form-data; boundary=B", b"--B\r\nbad"),
        ("application/json", b"{bad"),
    ],
    ids=["base64", "zlib", "1001-fields", "bad-multipart", "bad-json"],
)
@pytest.mark.parametrize("origin", [None, "http://elsewhere.example"])
def test_a_signed_in_write_reads_its_form_after_the_origin(
    servers: tuple[str, str], content_type: str, body: bytes, origin: str | None
) -> None:
    """A conversation posted by a signed-in shopper with her CSRF header: the body's parse error, unless the Origin
    is refused first."""
    shoppers = [Shopper(url) for url in servers]
    answers = []
    for shopper in shoppers:
        headers: dict[str, str] = {
            "Content-Type": content_type,
            "X-CSRFToken": shopper.session.cookies["csrftoken"] or "",
        }
        if origin is not None:
            headers["Origin"] = origin
        url = shopper.side.base_url + "/users/conversations/"
        answers.append(shopper.session.post(url, data=body, headers=headers, timeout=30, allow_redirects=False))
    sides = (shoppers[0].side, shoppers[1].side)
    assert_twins_agree("conversations", sides, answers, f"{content_type} (origin {origin})")
