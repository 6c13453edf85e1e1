"""Session login, logout and Django's CSRF protection, message for message."""

from __future__ import annotations

import pytest
import requests

from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.mock_conversations.conftest import GUEST, REZA, SARA, ShopClient


def test_csrf_endpoint_sets_the_cookie_and_returns_a_masked_token(shop: ShopClient) -> None:
    body = shop.get("/csrf_token/").json()
    assert len(body["csrf_token"]) == 64
    cookie = shop.session.cookies["csrftoken"]
    assert len(cookie) == 32
    # The masked token and the cookie are the same secret: either works in the header.
    for token in (body["csrf_token"], cookie):
        assert shop.request("POST", "/users/logout/", headers={"X-CSRFToken": token}).status_code == 302


def test_csrf_endpoint_keeps_a_valid_cookie(shop: ShopClient) -> None:
    first = shop.csrf()
    assert shop.csrf() == first


def test_login_starts_a_session_and_rotates_the_csrf_cookie(shop: ShopClient) -> None:
    before = shop.csrf()
    response = shop.unsafe("POST", "/users/login/?next=/users/orders/", json={"email": SARA[0], "password": SARA[1]})
    assert response.status_code == 200
    assert response.json() == {"key": "8f14e45fceea167a5a36dedd4bea2543a1b2c3d4", "redirect_url": "/users/orders/"}
    session_cookie = next(c for c in shop.session.cookies if c.name == "osessionid")
    assert len(session_cookie.value) == 32
    assert session_cookie.has_nonstandard_attr("HttpOnly")
    assert shop.session.cookies["csrftoken"] != before
    assert shop.get("/users/conversations/").status_code == 200


def test_login_email_is_case_insensitive(shop: ShopClient) -> None:
    shop.csrf()
    assert shop.unsafe("POST", "/users/login/", json={"email": SARA[0].upper(), "password": SARA[1]}).status_code == 200


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (
            {"email": SARA[0], "password": "wrong"},
            {"non_field_errors": ["Unable to log in with provided credentials."]},
        ),
        (
            {"email": "nobody@shop.example", "password": "x"},
            {"non_field_errors": ["Unable to log in with provided credentials."]},
        ),
        (
            {"email": GUEST[0], "password": GUEST[1]},
            {"non_field_errors": ["Please verify your email address before login."]},
        ),
        ({}, {"email": ["This field is required."], "password": ["This field is required."]}),
    ],
)
def test_login_failures(shop: ShopClient, body, errors) -> None:
    shop.csrf()
    response = shop.unsafe("POST", "/users/login/", json=body)
    assert response.status_code == 400
    assert response.json() == errors
    assert "osessionid" not in shop.session.cookies


def test_logout_ends_the_session_and_redirects(sara: ShopClient) -> None:
    response = sara.unsafe("POST", "/users/logout/?next=/basket/")
    assert (response.status_code, response.headers["Location"]) == (302, "/basket/")
    assert sara.get("/users/conversations/").status_code == 403


def test_logout_ignores_a_next_outside_the_site(sara: ShopClient) -> None:
    assert sara.unsafe("POST", "/users/logout/?next=//evil.example/").headers["Location"] == "/"


@pytest.mark.parametrize(
    ("cookie", "header", "reason"),
    [
        (None, None, "CSRF cookie not set."),
        ("a" * 32, None, "CSRF token missing."),
        ("a" * 32, "", "CSRF token from the 'X-Csrftoken' HTTP header has incorrect length."),
        ("a" * 32, "b" * 32, "CSRF token from the 'X-Csrftoken' HTTP header incorrect."),
        ("a" * 32, "short", "CSRF token from the 'X-Csrftoken' HTTP header has incorrect length."),
        ("a" * 32, "!" * 32, "CSRF token from the 'X-Csrftoken' HTTP header has invalid characters."),
        ("bad", "a" * 32, "CSRF cookie has incorrect length."),
    ],
)
def test_a_session_users_csrf_failures_are_403_with_djangos_reason(sara: ShopClient, cookie, header, reason) -> None:
    sara.session.cookies.clear(domain="127.0.0.1", path="/", name="csrftoken")
    if cookie:
        sara.session.cookies.set("csrftoken", cookie)
    headers = {"X-CSRFToken": header} if header is not None else {}
    response = sara.request("POST", "/users/conversations/", json={}, headers=headers)
    assert response.status_code == 403
    assert response.json() == {"detail": f"CSRF Failed: {reason}"}


@pytest.mark.parametrize(
    ("field", "reason"),
    [
        ("b" * 32, "CSRF token from POST incorrect."),
        ("short", "CSRF token from POST has incorrect length."),
    ],
)
def test_a_form_body_carries_the_token_before_the_header(sara: ShopClient, field: str, reason: str) -> None:
    """Django reads `csrfmiddlewaretoken` from a POSTed form first; a good header does not save a bad field."""
    response = sara.unsafe("POST", "/users/conversations/", data={"csrfmiddlewaretoken": field})
    assert response.json() == {"detail": f"CSRF Failed: {reason}"}
    good = sara.session.cookies["csrftoken"]
    response = sara.request("POST", "/users/conversations/", data={"csrfmiddlewaretoken": good, "user": "x"})
    assert response.status_code == 400  # past CSRF, refused by the serializer


def test_anonymous_callers_are_not_checked_for_csrf(shop: ShopClient) -> None:
    """DRF's SessionAuthentication enforces CSRF only for a session user: Akinon's storefront signs in
    with the cookies but no X-CSRFToken (@akinon/next 1.24.0 api/auth.ts:79-100)."""
    shop.session.cookies.set("csrftoken", "a" * 32)
    response = shop.request("POST", "/users/login/", json={"email": SARA[0], "password": SARA[1]})
    assert response.status_code == 200
    assert "osessionid" in shop.session.cookies


def test_signing_in_again_with_a_live_session_needs_the_token(sara: ShopClient) -> None:
    response = sara.request("POST", "/users/login/", json={"email": SARA[0], "password": SARA[1]})
    assert response.json() == {"detail": "CSRF Failed: CSRF token missing."}
    old = sara.session.cookies["osessionid"]
    assert sara.unsafe("POST", "/users/login/", json={"email": SARA[0], "password": SARA[1]}).status_code == 200
    assert sara.session.cookies["osessionid"] == old  # Django's login() keeps the same user's session


def test_another_users_login_flushes_the_live_session(sara: ShopClient) -> None:
    old = sara.session.cookies["osessionid"]
    assert sara.unsafe("POST", "/users/login/", json={"email": REZA[0], "password": REZA[1]}).status_code == 200
    assert sara.session.cookies["osessionid"] != old
    stale = ShopClient(sara.base_url)
    stale.session.cookies.set("osessionid", old)
    assert stale.get("/users/conversations/").status_code == 403


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [("http://localhost:5173", True), ("http://127.0.0.1:3000", True), ("https://evil.example", False)],
)
def test_a_session_users_origin_must_be_trusted(sara: ShopClient, origin: str, allowed: bool) -> None:
    """Local origins count as CSRF_TRUSTED_ORIGINS (the mock's CORS origins); others fail Django's check."""
    response = sara.unsafe("POST", "/users/conversations/", json={}, headers={"Origin": origin})
    if allowed:
        assert response.status_code == 400
    else:
        assert response.status_code == 403
        reason = f"Origin checking failed - {origin} does not match any trusted origins."
        assert response.json() == {"detail": f"CSRF Failed: {reason}"}


def test_a_signed_in_write_needs_csrf_too(sara: ShopClient) -> None:
    response = sara.request("POST", "/users/conversations/", json={}, headers={"X-CSRFToken": "x" * 32})
    assert response.status_code == 403
    assert response.json() == {"detail": "CSRF Failed: CSRF token from the 'X-Csrftoken' HTTP header incorrect."}


def test_anonymous_gets_403_without_a_challenge(shop: ShopClient) -> None:
    response = shop.get("/users/conversations/")
    assert response.status_code == 403
    assert response.json() == {"detail": "Authentication credentials were not provided."}
    assert "WWW-Authenticate" not in response.headers
    shop.csrf()
    assert shop.unsafe("POST", "/users/conversations/", json={}).json() == {
        "detail": "Authentication credentials were not provided."
    }


def test_production_django_redirects_a_slashless_login(shop: ShopClient) -> None:
    response = shop.request("POST", "/users/login", json={})
    assert (response.status_code, response.headers["Location"]) == (301, "/users/login/")


@pytest.mark.parametrize("header", ["X-CSRFToken", "x-csrftoken", "X-CSRFTOKEN"])
def test_the_csrf_off_fault_skips_the_check_whatever_the_header_case(header: str) -> None:
    """`--fault csrf-off` serves a session user's request as if CSRF were never enforced: a wrong token in any
    header case, a wrong form field, a foreign Origin."""
    with running_mock(Settings(seed=77, apis=("conversations",), faults=("csrf-off",))) as url:
        client = ShopClient(url)
        client.login(SARA)
        wrong = {header: "A" * 32, "Origin": "https://evil.example"}
        assert client.request("POST", "/users/conversations/", json={}, headers=wrong).status_code == 400
        form = {"csrfmiddlewaretoken": "short"}
        assert client.request("POST", "/users/conversations/", data=form).status_code == 400


def test_a_stale_session_cookie_is_expired_by_a_view_that_reads_the_session(shop: ShopClient) -> None:
    """Django's SessionMiddleware: the loaded session is empty, so the cookie is deleted; a 404 page or a slash
    redirect never loads the session and leaves the cookie alone."""
    stale = {"Cookie": "osessionid=" + "x" * 32}
    read = requests.get(shop.base_url + "/current_user/", headers=stale, timeout=10)
    assert read.status_code == 403
    assert 'osessionid=""' in read.headers["Set-Cookie"]
    for path in ("/nowhere/", "/users/conversations"):
        answer = requests.get(shop.base_url + path, headers=stale, allow_redirects=False, timeout=10)
        assert "Set-Cookie" not in answer.headers


@pytest.mark.parametrize("ask", [{"headers": {"Accept": "text/html"}}, {"params": {"format": "api"}}])
def test_the_browsable_api_page_sends_the_csrf_cookie_its_forms_carry(
    base_url: str, ask: dict[str, dict[str, str]]
) -> None:
    # DRF's page carries a CSRF token (templates/rest_framework/base.html:205,293): CsrfViewMiddleware (re)sends
    # the cookie, and varies by Cookie before LocaleMiddleware's Accept-Language, as the reference answers
    fresh = requests.get(base_url + "/users/contact-us-subjects/", timeout=30, **ask)
    assert (fresh.status_code, fresh.headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert len(fresh.cookies["csrftoken"]) == 32
    assert fresh.headers["Vary"] == "Accept, Cookie, Accept-Language"
    kept = "A" * 32
    again = requests.get(base_url + "/users/orders/", cookies={"csrftoken": kept}, timeout=30, **ask)
    assert again.status_code == 403  # an error's page too
    assert again.cookies["csrftoken"] == kept
    # the JSON answer hands out no token
    assert "csrftoken" not in requests.get(base_url + "/users/contact-us-subjects/", timeout=30).cookies
