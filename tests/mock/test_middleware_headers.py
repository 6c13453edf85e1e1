"""The headers a deployment's middleware adds to every answer (the spec's `x-middleware-headers`): Django's
SecurityMiddleware on both Django APIs, XFrameOptionsMiddleware on the commerce one, which sits inside
CommonMiddleware and so is not on its slash redirects. The reference deployments answer with the same headers
(tests/reference/test_twin.py and test_commerce_twin.py compare them)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.mock.client import SpecClient
from tests.mock.conftest import TOKENS
from tests.mock_conversations.conftest import ShopClient

SECURITY = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
ALL_OF_THEM = (*SECURITY, "X-Frame-Options")
ADMIN = {"Authorization": f"Token {TOKENS['admin']}"}


@pytest.fixture(scope="module")
def three_apis() -> Iterator[str]:
    """Contacts (its slash quirk: Django under DEBUG), the commerce API and Callbell on one server."""
    with running_mock(Settings(seed=5, contacts=5, apis=("contacts", "conversations", "callbell"))) as url:
        yield url


def _security_only(response: requests.Response) -> None:
    assert {name: response.headers.get(name) for name in SECURITY} == SECURITY
    assert "X-Frame-Options" not in response.headers


def test_every_contacts_answer_carries_the_security_middlewares_headers(three_apis: str) -> None:
    admin = SpecClient(three_apis, "contacts", TOKENS["admin"])
    anonymous = SpecClient(three_apis, "contacts")
    answers = [
        admin.get("/api/contacts/"),
        admin.get("/api/contacts/1/"),
        admin.post("/api/contacts/", json={"email": "not an address"}),  # 400
        anonymous.get("/api/contacts/"),  # 401
        admin.get("/api/contacts/999999/"),  # 404 of the view
        admin.get("/api/nowhere/"),  # Django's 404 page
        admin.get("/api/contacts"),  # the slash redirect: SecurityMiddleware is outside CommonMiddleware
        admin.post("/api/contacts", json={}),  # the slash quirk's DEBUG 500
        admin.request("OPTIONS", "/api/contacts/"),
        # the browsable API (no answer of the spec: HTML)
        requests.get(three_apis + "/api/contacts/", headers={**ADMIN, "Accept": "text/html"}, timeout=30),
    ]
    assert [answer.status_code for answer in answers] == [200, 200, 400, 401, 404, 404, 301, 500, 200, 200]
    for answer in answers:
        _security_only(answer)


def test_the_commerce_views_answers_carry_x_frame_options_but_the_slash_redirect_does_not(three_apis: str) -> None:
    shop = ShopClient(three_apis)
    views = [
        shop.get("/users/contact-us-subjects/"),
        shop.get("/users/conversations/"),  # 403: signed out
        shop.unsafe("POST", "/users/contact-us/", json={}),  # 400
        shop.get("/users/logout/"),  # a plain Django view's 405
    ]
    assert [view.status_code for view in views] == [200, 403, 400, 405]
    for view in views:
        assert {name: view.headers.get(name) for name in ALL_OF_THEM} == {**SECURITY, "X-Frame-Options": "DENY"}
    redirect = shop.get("/users/contact-us-subjects")
    assert redirect.status_code == 301
    _security_only(redirect)


def test_callbell_declares_no_middleware_headers(three_apis: str) -> None:
    answer = requests.get(three_apis + "/v1/contacts", timeout=30)  # 401: no Bearer token
    assert answer.status_code == 401
    assert not [name for name in ALL_OF_THEM if name in answer.headers]


def test_the_mocks_own_endpoints_carry_none_of_them(three_apis: str) -> None:
    for path in ("/__mock__/journal", "/"):
        answer = requests.get(three_apis + path, timeout=30)
        assert answer.status_code == 200
        assert not [name for name in ALL_OF_THEM if name in answer.headers], path


def test_a_new_csrf_cookie_varies_by_cookie_before_accept_language(three_apis: str) -> None:
    # DRF's Vary: Accept on the view's answer, then CsrfViewMiddleware's Cookie, then LocaleMiddleware's
    # Accept-Language (Django 5.2.19 middleware/csrf.py:253-269, middleware/locale.py), as the reference answers
    shop = ShopClient(three_apis)
    answer = shop.get("/csrf_token/")
    assert answer.status_code == 200
    assert "csrftoken" in answer.cookies
    assert answer.headers["Vary"] == "Accept, Cookie, Accept-Language"


def test_the_browsable_api_page_varies_by_accept(three_apis: str) -> None:
    answer = requests.get(three_apis + "/api/contacts/?format=api", headers=ADMIN, timeout=30)
    assert (answer.status_code, answer.headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert answer.headers["Vary"] == "Accept"
