"""The requests Akinon's storefront client (`@akinon/next` 1.24.0) makes, in the exact shapes it sends them
(spec/akinon-next-client.md), answered the way the client reads them. tests/storefront/ runs the package's own
code; these pin the mock's side of each request."""

from __future__ import annotations

import json
import re

import pytest
import requests

from tests.mock_conversations.conftest import SARA, ShopClient

TOKEN_FIELD = re.compile(r'name=["\']csrfmiddlewaretoken["\'] value=["\'](\w+)["\']')  # api/logout.ts:5-6


def _csrf_token(shop: ShopClient) -> str:
    """middlewares/default.ts:274-283: a GET with no cookie; the body's token becomes the browser's cookie."""
    response = requests.get(shop.base_url + "/csrf_token/", timeout=10)
    token: str = response.json()["csrf_token"]
    return token


def _login(shop: ShopClient, csrf: str) -> requests.Response:
    """api/auth.ts:79-100: JSON with the browser's cookies, no X-CSRFToken, no Referer."""
    body = {"email": SARA[0], "password": SARA[1], "formType": "login", "locale": "en", "captchaValidated": "false"}
    headers = {"Content-Type": "application/json", "cookie": f"csrftoken={csrf}", "Accept-Language": "en-us"}
    return requests.post(shop.base_url + "/users/login/", data=json.dumps(body), headers=headers, timeout=10)


def test_the_masked_token_works_as_cookie_and_header(shop: ShopClient) -> None:
    csrf = _csrf_token(shop)
    assert len(csrf) == 64
    session = _login(shop, csrf).headers["Set-Cookie"]
    osessionid = re.search(r"osessionid=(\w+)", session)
    assert osessionid
    cookies = {"csrftoken": csrf, "osessionid": osessionid.group(1)}
    response = requests.post(
        shop.base_url + "/users/contact-us/",
        json={"subject": "2", "full_name": "x", "email": "x@example.com", "message": "m", "order_needed": False},
        headers={"x-csrftoken": csrf, "X-Requested-With": "XMLHttpRequest", "Referer": shop.base_url},
        cookies=cookies,
        timeout=10,
    )
    assert (response.status_code, response.content) == (200, b"")


def test_login_without_a_token_gives_key_and_a_word_character_session_id(shop: ShopClient) -> None:
    response = _login(shop, _csrf_token(shop))
    assert response.status_code == 200
    assert response.json()["key"]
    assert re.search(r"osessionid=\w{32};", response.headers["Set-Cookie"])


def test_current_user_by_the_session_cookie_alone(shop: ShopClient) -> None:
    """api/auth.ts:12-22: `Cookie: osessionid=<id>`, a JSON Content-Type on a body-less GET, nothing else."""
    osessionid = re.search(r"osessionid=(\w+)", _login(shop, _csrf_token(shop)).headers["Set-Cookie"])
    assert osessionid
    headers = {"Content-Type": "application/json", "Cookie": f"osessionid={osessionid.group(1)}", "x-currency": ""}
    body = requests.get(shop.base_url + "/current_user/", headers=headers, timeout=10).json()
    copied = ("pk", "first_name", "last_name", "email", "phone", "email_allowed", "sms_allowed", "date_joined")
    assert {key: body[key] for key in copied[:4]} == {
        "pk": 1,
        "first_name": "سارا",
        "last_name": "احمدی",
        "email": SARA[0],
    }
    assert set(copied) | {"last_login", "date_of_birth", "hashed_email", "gender"} <= set(body)
    assert body["last_login"] is not None


def test_current_user_without_a_session_is_drfs_403(shop: ShopClient) -> None:
    """The client names no language of its own (Node's `Accept-Language: *`): the shop's default, Persian."""
    response = shop.get("/current_user/", headers={"Accept-Language": "*", "Content-Type": "application/json"})
    assert (response.status_code, response.json()) == (403, {"detail": "اطلاعات برای اعتبارسنجی ارسال نشده است."})
    assert response.headers["Content-Language"] == "fa"


@pytest.mark.parametrize("limit", ["12", "12 ", " 2"])
def test_orders_take_the_storefronts_limit_with_its_stray_space(sara: ShopClient, limit: str) -> None:
    """data/urls.ts:27-29 puts a space after `limit` when a date filter follows (`limit=12+&...`)."""
    body = sara.get("/users/orders/", params={"page": "1", "limit": limit}).json()
    assert body["count"] >= 2
    assert len(body["results"]) == min(body["count"], int(limit))
    assert all(set(order) >= {"id", "number", "created_date", "status", "amount"} for order in body["results"])
    dates = [order["created_date"] for order in body["results"]]
    assert dates == sorted(dates, reverse=True)


def test_orders_are_the_callers_own(sara: ShopClient, reza: ShopClient) -> None:
    mine = {order["id"] for order in sara.get("/users/orders/").json()["results"]}
    theirs = {order["id"] for order in reza.get("/users/orders/").json()["results"]}
    assert mine
    assert theirs
    assert not mine & theirs
    one = next(iter(theirs))
    assert sara.get(f"/users/orders/{one}/").json() == {"detail": "No Order matches the given query."}
    assert reza.get(f"/users/orders/{one}/").json()["id"] == one


@pytest.mark.parametrize("path", ["/users/logout", "/users/logout/"])
def test_the_storefronts_two_post_logout_ends_the_session(sara: ShopClient, path: str) -> None:
    """api/logout.ts:13-34: a POST with only the session cookie, whose answer carries the token; then the form."""
    osessionid = sara.session.cookies["osessionid"]
    first = requests.post(sara.base_url + path, headers={"Cookie": f"osessionid={osessionid}"}, timeout=10)
    assert first.status_code == 200
    assert first.headers["Content-Type"] == "text/html; charset=utf-8"
    found = TOKEN_FIELD.search(first.text)
    assert found
    token = found.group(1)
    second = requests.post(
        sara.base_url + path,
        data={"csrfmiddlewaretoken": token},
        headers={"Cookie": f"csrftoken={token}; osessionid={osessionid}"},
        allow_redirects=False,
        timeout=10,
    )
    assert (second.status_code, second.headers["Location"]) == (302, "/")
    assert 'osessionid=""' in second.headers["Set-Cookie"]
    assert sara.get("/users/conversations/").status_code == 403


def test_logout_tolerates_the_literal_undefined_cookie(shop: ShopClient) -> None:
    """api/logout.ts:16: without an `osessionid` request header the client sends `Cookie: undefined`."""
    first = requests.post(shop.base_url + "/users/logout", headers={"Cookie": "undefined"}, timeout=10)
    assert first.status_code == 200
    assert TOKEN_FIELD.search(first.text)


def test_logout_is_a_plain_django_view_for_other_methods(shop: ShopClient) -> None:
    response = shop.get("/users/logout/")
    assert (response.status_code, response.headers["Allow"], response.content) == (405, "POST", b"")
