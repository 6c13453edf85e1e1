"""The shop answers in the request's language, as Django's LocaleMiddleware makes a deployment do: DRF's and
Django's own messages in Persian (the default) unless Accept-Language (or the `django_language` cookie) picks
English; CSRF reasons and Akinon's own messages in English whatever the language; `Content-Language` and
`Vary: Accept-Language` on every response. The last test sends the same requests to the reference deployment
(tests/reference/commerce_drf) and compares what comes back.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests

from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.mock_conversations.conftest import GUEST, SARA, ShopClient

# DRF's messages as the reference deployment gives them, by language (tests/reference/test_commerce_reference.py).
NOT_AUTHENTICATED = {
    "fa": "اطلاعات برای اعتبارسنجی ارسال نشده است.",
    "en": "Authentication credentials were not provided.",
}
REQUIRED = {"fa": "این مقدار لازم است.", "en": "This field is required."}
INVALID_PAGE = {"fa": "صفحه نامعتبر", "en": "Invalid page."}
POST_NOT_ALLOWED = {"fa": "متد POST مجاز نیست.", "en": 'Method "POST" not allowed.'}
WRONG_LOGIN = {"fa": "با اطلاعات ارسال شده نمیتوان وارد شد.", "en": "Unable to log in with provided credentials."}
TOO_LONG = {
    "fa": "مطمعن شوید طول این مقدار بیشتر از 70 نیست.",
    "en": "Ensure this field has no more than 70 characters.",
}
# No header and `fa` are the default; `*` and a language the shop lacks fall back to it; q-values rank.
LANGUAGES = [
    (None, "fa"),
    ("fa", "fa"),
    ("en", "en"),
    ("*", "fa"),
    ("de", "fa"),
    ("en-US,en;q=0.9", "en"),
    ("de,en;q=0.5", "en"),
    ("en;q=0.5,fa", "fa"),
]


def _headers(accept_language: str | None) -> dict[str, str]:
    return {"Accept-Language": accept_language} if accept_language is not None else {}


@pytest.fixture
def anyone(fresh: str) -> ShopClient:
    """A client that names no language of its own, as Akinon's storefront (Node's fetch) does."""
    return ShopClient(fresh, language=None)


@pytest.fixture
def signed_in(fresh: str) -> ShopClient:
    client = ShopClient(fresh, language=None)
    client.login(SARA)
    return client


def _said(response: requests.Response, language: str) -> None:
    assert response.headers["Content-Language"] == language
    assert "Accept-Language" in [part.strip() for part in response.headers["Vary"].split(",")]


@pytest.mark.parametrize(("accept_language", "language"), LANGUAGES)
def test_a_403_is_in_the_requests_language(anyone: ShopClient, accept_language: str | None, language: str) -> None:
    response = anyone.get("/current_user/", headers=_headers(accept_language))
    assert (response.status_code, response.json()) == (403, {"detail": NOT_AUTHENTICATED[language]})
    _said(response, language)


def test_the_django_language_cookie_wins_over_the_header(anyone: ShopClient) -> None:
    response = anyone.get("/current_user/", headers={"Accept-Language": "fa", "Cookie": "django_language=en"})
    assert (response.json(), response.headers["Content-Language"]) == ({"detail": NOT_AUTHENTICATED["en"]}, "en")


@pytest.mark.parametrize(("accept_language", "language"), [(None, "fa"), ("fa", "fa"), ("en", "en")])
def test_field_errors_login_failures_and_405_are_in_the_requests_language(
    anyone: ShopClient, accept_language: str | None, language: str
) -> None:
    headers = _headers(accept_language)
    missing = anyone.request("POST", "/users/login/", json={"email": SARA[0]}, headers=headers)
    assert (missing.status_code, missing.json()) == (400, {"password": [REQUIRED[language]]})
    _said(missing, language)
    wrong = anyone.request("POST", "/users/login/", json={"email": SARA[0], "password": "x"}, headers=headers)
    assert (wrong.status_code, wrong.json()) == (400, {"non_field_errors": [WRONG_LOGIN[language]]})
    # Akinon's own message has no translation: English in every language.
    guest = anyone.request("POST", "/users/login/", json={"email": GUEST[0], "password": GUEST[1]}, headers=headers)
    assert guest.json() == {"non_field_errors": ["Please verify your email address before login."]}
    long_name = {"subject": 2, "full_name": "x" * 71, "email": "a@example.com", "message": "hi"}
    too_long = anyone.request("POST", "/users/contact-us/", json=long_name, headers=headers)
    assert (too_long.status_code, too_long.json()) == (400, {"full_name": [TOO_LONG[language]]})
    refused = anyone.request("POST", "/users/contact-us-subjects/", headers=headers)
    assert (refused.status_code, refused.json()) == (405, {"detail": POST_NOT_ALLOWED[language]})
    _said(refused, language)


@pytest.mark.parametrize(("accept_language", "language"), [(None, "fa"), ("fa", "fa"), ("en", "en")])
def test_an_invalid_page_is_in_the_requests_language(
    signed_in: ShopClient, accept_language: str | None, language: str
) -> None:
    for path in ("/users/conversations/?page=99", "/users/orders/?page=abc"):
        response = signed_in.get(path, headers=_headers(accept_language))
        assert (response.status_code, response.json()) == (404, {"detail": INVALID_PAGE[language]})
        _said(response, language)


@pytest.mark.parametrize("accept_language", [None, "fa", "en"])
def test_csrf_reasons_are_english_in_every_language(signed_in: ShopClient, accept_language: str | None) -> None:
    """DRF's `'CSRF Failed: %s' % reason` is not marked for translation, nor are Django's reasons."""
    headers = _headers(accept_language)
    missing = signed_in.request("POST", "/users/conversations/", json={}, headers=headers)
    assert missing.json() == {"detail": "CSRF Failed: CSRF token missing."}
    token = signed_in.session.cookies["csrftoken"]
    foreign = {**headers, "X-CSRFToken": token, "Origin": "http://evil.example"}
    origin = signed_in.request("POST", "/users/conversations/", json={}, headers=foreign)
    expected = "CSRF Failed: Origin checking failed - http://evil.example does not match any trusted origins."
    assert (origin.status_code, origin.json()) == (403, {"detail": expected})


@pytest.mark.parametrize(("accept_language", "language"), [(None, "fa"), ("en", "en")])
def test_every_answer_names_its_language(anyone: ShopClient, accept_language: str | None, language: str) -> None:
    """LocaleMiddleware stamps every response: pages, redirects, Django's own 404 and 405, the logout form."""
    headers = _headers(accept_language)
    base = anyone.base_url
    answers = [
        anyone.get("/csrf_token/", headers=headers),
        anyone.get("/users/contact-us-subjects/", headers=headers),
        requests.get(base + "/nowhere/", headers=headers, timeout=10),
        requests.get(base + "/users/login", headers=headers, allow_redirects=False, timeout=10),
        requests.get(base + "/users/logout", headers=headers, timeout=10),
        requests.post(base + "/users/logout", headers=headers, allow_redirects=False, timeout=10),
    ]
    assert [answer.status_code for answer in answers] == [200, 200, 404, 301, 405, 200]
    for answer in answers:
        _said(answer, language)


def test_the_other_apis_keep_their_one_language() -> None:
    """Contacts (an English deployment) and Callbell (not Django) name no language and never translate, even
    served beside the shop on the same server path."""
    with running_mock(Settings(seed=77, apis=("contacts", "conversations", "callbell"))) as url:
        persian = {"Accept-Language": "fa"}
        contacts = requests.get(url + "/api/contacts/", headers=persian, timeout=10)
        assert (contacts.status_code, contacts.json()) == (401, {"detail": NOT_AUTHENTICATED["en"]})
        assert "Content-Language" not in contacts.headers
        callbell = requests.get(url + "/v1/contacts", headers=persian, timeout=10)
        assert callbell.status_code == 401
        assert "Content-Language" not in callbell.headers
        shop = requests.get(url + "/current_user/", headers=persian, timeout=10)
        assert (shop.json(), shop.headers["Content-Language"]) == ({"detail": NOT_AUTHENTICATED["fa"]}, "fa")


# -- the reference deployment, asked the same ---------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One request, sent alike to both deployments; `session` sends it with a signed-in user's cookies."""

    method: str
    path: str
    accept_language: str | None = None
    body: Any = None
    session: bool = False
    headers: dict[str, str] = field(default_factory=dict)
    files: dict[str, tuple[str, bytes]] | None = None
    csrf: bool = False  # send the session's CSRF token as X-CSRFToken


def _cases() -> Iterator[Case]:
    for accept_language, _ in [*LANGUAGES, ("en;q=0", "en"), ("fa-IR", "fa"), ("en-GB", "en")]:
        yield Case("GET", "/current_user/", accept_language)
    yield Case("GET", "/current_user/", headers={"Cookie": "django_language=en"})
    for accept_language in (None, "en"):
        yield Case("POST", "/users/contact-us-subjects/", accept_language)
        yield Case("POST", "/users/login/", accept_language, {"email": SARA[0], "password": "x"})
        yield Case("POST", "/users/login/", accept_language, {"email": GUEST[0], "password": GUEST[1]})
        yield Case("POST", "/users/login/", accept_language, {})
        yield Case("POST", "/users/login/", accept_language, [1])
        yield Case("POST", "/users/login/", accept_language, headers={"Content-Type": "text/plain"})
        yield Case("GET", "/users/orders/?format=xml", accept_language)
        yield Case("GET", "/users/orders/", accept_language, headers={"Accept": "text/csv"})
        bad_fields: list[dict[str, Any]] = [
            {"subject": 99, "full_name": "\ud800", "email": "a@example.com", "message": "hi", "order": 99999},
            {"subject": True, "full_name": None, "email": "", "message": " "},
            {"subject": 2, "full_name": "x" * 71, "email": "bad", "message": "a\u0000b"},
            # Alone: the mock checks `operation` after the other fields (the reference reports them together).
            {"subject": 2, "full_name": "x", "email": "a@example.com", "message": "hi", "operation": "zz"},
            {"subject": 1, "full_name": "x", "email": "a@example.com", "message": "hi"},
            {"subject": "x", "full_name": ["x"], "email": "a@example.com", "message": "hi", "phone": "1" * 71},
        ]
        for body in bad_fields:
            yield Case("POST", "/users/contact-us/", accept_language, body)
        form = {"subject": "2", "full_name": "x", "email": "a@example.com", "message": "hi"}
        for upload in (("virus.exe", b"MZ"), ("empty.pdf", b"")):
            yield Case("POST", "/users/contact-us/", accept_language, form, files={"file": upload})
        yield Case("GET", "/nowhere/", accept_language)
        yield Case("GET", "/users/login", accept_language)
        yield Case("GET", "/users/logout", accept_language)
        yield Case("GET", "/users/orders/?page=99", accept_language, session=True)
        yield Case("GET", "/users/orders/?page=abc", accept_language, session=True)
        yield Case("GET", "/users/orders/999999/", accept_language, session=True)
        yield Case("POST", "/users/contact-us/", accept_language, {}, session=True)
        yield Case("GET", "/users/conversations/?page=99", accept_language, session=True)
        yield Case("GET", "/users/conversations/abc/", accept_language, session=True)
        yield Case("GET", "/users/conversations/999999/", accept_language, session=True)
        yield Case("POST", "/users/conversations/1/", accept_language, {}, session=True, csrf=True)
        bad_conversations: list[Any] = [
            {},
            {"user": 1, "datasource": 99, "conversation_type": "x", "message_content": " "},
            {"user": 1, "datasource": True, "conversation_type": None, "is_public": "maybe", "conversation": 999},
            {"user": 2, "datasource": 1, "conversation_type": "message", "message_content": "hi"},
            [1],
        ]
        for body in bad_conversations:
            yield Case("POST", "/users/conversations/", accept_language, body, session=True, csrf=True)


def _signed_in_session(base_url: str) -> requests.Session:
    session = requests.Session()
    assert session.get(base_url + "/csrf_token/", timeout=30).status_code == 200
    login = session.post(base_url + "/users/login/", json={"email": SARA[0], "password": SARA[1]}, timeout=30)
    assert login.status_code == 200, login.text
    return session


def _send(base_url: str, case: Case, session: requests.Session) -> requests.Response:
    sender = session if case.session else requests.Session()
    headers = {**_headers(case.accept_language), **case.headers}
    if case.csrf:
        headers["X-CSRFToken"] = session.cookies["csrftoken"]
    kwargs: dict[str, Any] = {"headers": headers, "allow_redirects": False, "timeout": 30}
    if case.files is not None:
        kwargs.update(data=case.body, files=case.files)
    elif "Content-Type" in headers:
        kwargs["data"] = b"x"
    elif case.body is not None:
        headers["Content-Type"] = "application/json"
        kwargs["data"] = json.dumps(case.body).encode()
    return sender.request(case.method, base_url + case.path, **kwargs)


def _seen(response: requests.Response) -> tuple[Any, ...]:
    try:
        body: Any = response.json()
    except ValueError:
        body = None  # an HTML page or no body: Django's, which the other tests compare
    vary = [part.strip() for part in response.headers.get("Vary", "").split(",")]
    return response.status_code, body, response.headers.get("Content-Language"), "Accept-Language" in vary


def test_the_mock_answers_in_the_language_the_reference_does(fresh: str) -> None:
    pytest.importorskip("django")
    from tests.reference.commerce_server import running_commerce_reference

    cases = list(_cases())
    with running_commerce_reference(seed=77) as reference:
        sessions = {fresh: _signed_in_session(fresh), reference.url: _signed_in_session(reference.url)}
        differences = []
        for case in cases:
            mock, django = (_seen(_send(url, case, sessions[url])) for url in (fresh, reference.url))
            if mock != django:
                differences.append(f"{case}\n  mock:      {mock}\n  reference: {django}")
    assert not differences, "\n".join(differences)
