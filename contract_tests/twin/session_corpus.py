"""The requests a session API's twin run sends (Akinon's user-support API): what a browser and Akinon's
storefront client send (spec/akinon-next-client.md), and what they get wrong: every CSRF failure Django
names, the cookie material a login rotates, the two-POST logout, pages past the end, other users' records.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from contract_tests.twin.browsers import Step

__all__ = ["Accounts", "session_corpus"]

CSRF = "/csrf_token/"
LOGIN = "/users/login/"
CURRENT = "/current_user/"
ORDERS = "/users/orders/"
ORDER = "/users/orders/{id}/"
SUBJECTS = "/users/contact-us-subjects/"
CONTACT = "/users/contact-us/"
LOGOUT = "/users/logout/"
CONVERSATIONS = "/users/conversations/"
CONVERSATION = "/users/conversations/{id}/"
FOREIGN_ORIGIN = "http://evil.example"
# Origins a frontend on another local port sends; the reference lists them in CSRF_TRUSTED_ORIGINS, the mock
# trusts every local origin.
LOCAL_ORIGINS = ("http://localhost:5173", "http://127.0.0.1:3000")


@dataclass(frozen=True)
class Accounts:
    """The two logins, and ids their records have on the deployment (found before the run)."""

    first: tuple[str, str]
    second: tuple[str, str]
    own_order: int | None
    others_order: int | None
    user: int = 0  # the first login's user id
    own_conversation: int | None = None
    own_review: int | None = None  # one of the first login's review conversations
    others_conversation: int | None = None


def _anonymous() -> Iterator[Step]:
    yield Step(f"GET {CSRF}", "anon", "GET", CSRF, fresh=True)
    yield Step(f"GET {CSRF}", "anon", "GET", CSRF)  # a valid cookie keeps its secret
    yield Step(f"GET {CSRF}", "anon", "GET", CSRF, cookies=(("csrftoken", "short"),))  # an invalid one is replaced
    yield Step(f"GET {CSRF}", "anon", "GET", CSRF, cookies=(("csrftoken", "{masked}"),))  # the storefront's cookie
    for language in (None, "fa", "en", "en-US,en;q=0.9", "de", "de,en;q=0.5", "*"):
        headers = (("Accept-Language", language),) if language else ()
        yield Step(f"GET {SUBJECTS}", "anon", "GET", SUBJECTS, headers=headers)
    yield Step(f"GET {CURRENT}", "anon", "GET", CURRENT)
    yield Step(f"GET {ORDERS}", "anon", "GET", ORDERS)
    yield Step(f"GET {CONVERSATIONS}", "anon", "GET", CONVERSATIONS)
    yield Step("GET /nowhere/", "anon", "GET", "/nowhere/")
    for path in (CSRF, LOGIN, SUBJECTS, CONTACT, ORDERS):  # production Django: 301 for every method
        yield Step(f"GET {path[:-1]}", "anon", "GET", path[:-1], params=(("x", "1"),))
    yield Step(f"POST {LOGIN[:-1]}", "anon", "POST", LOGIN[:-1], json={})
    for method, path in (("PUT", LOGIN), ("DELETE", CSRF), ("POST", SUBJECTS), ("PATCH", CONTACT), ("GET", LOGIN)):
        yield Step(f"{method} {path}", "anon", method, path, json={})
    yield Step(f"GET {LOGOUT}", "anon", "GET", LOGOUT)
    yield Step(f"PUT {LOGOUT}", "anon", "PUT", LOGOUT)


def _login_failures(accounts: Accounts) -> Iterator[Step]:
    email, password = accounts.first
    bodies: list[object] = [
        {"email": email, "password": password + "x"},
        {"email": "nobody@shop.example", "password": "x"},
        {"email": email},
        {},
        {"email": "", "password": ""},
        {"email": None, "password": password},
        [email, password],
    ]
    for body in bodies:
        yield Step(f"POST {LOGIN}", "anon", "POST", LOGIN, json=body, keep=False)
    yield Step(f"POST {LOGIN}", "anon", "POST", LOGIN, data="{", headers=(("Content-Type", "application/json"),))
    yield Step(f"POST {LOGIN}", "anon", "POST", LOGIN, data="x", headers=(("Content-Type", "text/plain"),))


def _contact_us(prefix: str, browser: str, order: int | None, token: bool) -> Iterator[Step]:
    headers = (("X-CSRFToken", "{csrf}"),) if token else ()
    valid = {"subject": 2, "full_name": f"{prefix} تورج", "email": "tooraj@example.com", "message": "سلام"}
    yield Step(f"POST {CONTACT}", browser, "POST", CONTACT, json=valid, headers=headers)
    storefront = {**valid, "subject": "2", "phone": "", "order_needed": False, "country_code": "ir"}
    yield Step(f"POST {CONTACT}", browser, "POST", CONTACT, json=storefront, headers=headers)
    for body in (
        {},
        {**valid, "subject": 1},
        {**valid, "subject": 999},
        {**valid, "subject": True},
        {**valid, "email": "not-an-email"},
        {**valid, "email": "tooraj@[127.0.0.1]"},  # Django's validator takes an address literal
        {**valid, "email": "tooraj@例え.テスト"},
        {**valid, "email": "tooraj@example.c1"},  # and refuses a last label with a digit
        {**valid, "email": '"tooraj hamta"@example.com'},  # refused: a space in quotes must be escaped
        {**valid, "email": '"tooraj@hamta"@example.com'},
        {**valid, "full_name": "x" * 71},
        {**valid, "message": ""},
        {**valid, "phone": 5},
        {**valid, "operation": "sales"},
        {**valid, "operation": "franchise"},
        {**valid, "operation": ""},
        {**valid, "operation": 5},
        {**valid, "operation": None},
        {**valid, "email": "bad", "operation": "sales"},
        {**valid, "subject": 1, "operation": "sales"},
        {**valid, "subject": 1, "order": order if order is not None else 1},
        {**valid, "order": None},
        {**valid, "subject": 1, "order": None},
    ):
        yield Step(f"POST {CONTACT}", browser, "POST", CONTACT, json=body, headers=headers)
    form = tuple((k, str(v)) for k, v in valid.items())
    yield Step(f"POST {CONTACT}", browser, "POST", CONTACT, form=form, headers=headers)
    # A file as a multipart part: Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) leaves files out, so a 3 MB
    # attachment is a message like any other (the mock once refused it with a 413 of its own body limit).
    for size in (16, 3_000_000):
        upload = ("file", "invoice.pdf", "application/pdf", size)
        yield Step(f"POST {CONTACT}", browser, "POST", CONTACT, form=form, upload=upload, headers=headers)


def _signed_in(accounts: Accounts) -> Iterator[Step]:
    email, password = accounts.first
    storefront = {
        "email": email,
        "password": password,
        "formType": "login",
        "locale": "en",
        "captchaValidated": "false",
        "csrfToken": "0b3ac1f1",
        "callbackUrl": "/account",
        "json": "true",
    }
    # The storefront's sign-in: the masked token as its cookie, no X-CSRFToken, no Referer.
    yield Step(f"GET {CSRF}", "first", "GET", CSRF, fresh=True)
    yield Step(
        f"POST {LOGIN}",
        "first",
        "POST",
        LOGIN,
        params=(("next", "/users/orders/"),),
        json=storefront,
        cookies=(("csrftoken", "{masked}"),),
    )
    yield Step(f"GET {CURRENT}", "first", "GET", CURRENT, headers=(("Content-Type", "application/json"),))
    for params in (
        (("page", "1"), ("limit", "12")),
        (("page", "1"), ("limit", "12 "), ("created_date__gte", "2025-01-01")),
        (("page", "2"), ("limit", "1")),
        (("limit", "0"),),
        (("limit", "-3"),),
        (("limit", "abc"),),
        (("page", "99"),),
        (("page", "last"), ("limit", "1")),
        (("page", "0"),),
    ):
        yield Step(f"GET {ORDERS}", "first", "GET", ORDERS, params=params)
    for order in (accounts.own_order, accounts.others_order, 99999, "abc", "1.5"):
        if order is not None:
            yield Step(f"GET {ORDER}", "first", "GET", ORDER.format(id=order))
    yield Step(f"GET {ORDER}", "anon", "GET", ORDER.format(id="abc"))
    yield Step(f"GET {CONVERSATIONS}", "first", "GET", CONVERSATIONS)
    # Every CSRF failure a session user can meet, in Django's words.
    post = f"POST {CONTACT}"
    body = {"subject": 2, "full_name": "x", "email": "x@example.com", "message": "m"}
    yield Step(post, "first", "POST", CONTACT, json=body)
    yield Step(
        post, "first", "POST", CONTACT, json=body, cookies=(("csrftoken", None),), headers=(("X-CSRFToken", "{csrf}"),)
    )
    yield Step(
        post, "first", "POST", CONTACT, json=body, cookies=(("csrftoken", "bad"),), headers=(("X-CSRFToken", "{csrf}"),)
    )
    for header in ("", "short", "!" * 32, "A" * 32, "A" * 64, "{masked}", "{csrf}"):
        yield Step(post, "first", "POST", CONTACT, json=body, headers=(("X-CSRFToken", header),))
    yield Step(post, "first", "POST", CONTACT, json=body, headers=(("x-csrftoken", "{csrf}"),))
    form = tuple((k, str(v)) for k, v in body.items())
    for field_value in ("A" * 32, "short", "", "{csrf}"):
        yield Step(
            post,
            "first",
            "POST",
            CONTACT,
            form=(*form, ("csrfmiddlewaretoken", field_value)),
            headers=(("X-CSRFToken", "{csrf}"),),
        )
    for origin in (FOREIGN_ORIGIN, "null", *LOCAL_ORIGINS):
        yield Step(post, "first", "POST", CONTACT, json=body, headers=(("X-CSRFToken", "{csrf}"), ("Origin", origin)))
    yield Step("POST " + SUBJECTS, "first", "POST", SUBJECTS, json={})  # a session user's CSRF failure wins over 405
    yield Step("POST " + SUBJECTS, "first", "POST", SUBJECTS, json={}, headers=(("X-CSRFToken", "{csrf}"),))
    yield from _contact_us("hamta-twin", "first", accounts.own_order, token=True)
    yield from _contact_us("hamta-twin", "first", accounts.others_order, token=True)
    # Signing in again: the live session makes DRF ask for the token; with it, Django cycles the session key.
    yield Step(f"POST {LOGIN}", "first", "POST", LOGIN, json=storefront)
    yield Step(f"POST {LOGIN}", "first", "POST", LOGIN, json=storefront, headers=(("X-CSRFToken", "{csrf}"),))
    yield Step(f"GET {CURRENT}", "first", "GET", CURRENT)


def _logout(accounts: Accounts) -> Iterator[Step]:
    email, password = accounts.second
    # The storefront's logout: a POST with only the session cookie, whose page carries the token; then the form.
    for path in (LOGOUT[:-1], LOGOUT):
        label = f"POST {path}"
        yield Step(f"GET {CSRF}", "second", "GET", CSRF, fresh=True)
        yield Step(f"POST {LOGIN}", "second", "POST", LOGIN, json={"email": email, "password": password})
        yield Step(label, "second", "POST", path, cookies=(("csrftoken", None),))
        yield Step(
            label, "second", "POST", path, form=(("csrfmiddlewaretoken", "A" * 64),), cookies=(("csrftoken", "{page}"),)
        )
        yield Step(
            label, "second", "POST", path, form=(("csrfmiddlewaretoken", "{page}"),), cookies=(("csrftoken", "{page}"),)
        )
        yield Step(f"GET {CURRENT}", "second", "GET", CURRENT)
    # A session cookie that names no session (signed out, expired): Django's SessionMiddleware expires it.
    for path in (CURRENT, SUBJECTS, CONVERSATIONS[:-1], "/nowhere/"):
        yield Step(f"GET {path}", "anon", "GET", path, cookies=(("osessionid", "x" * 32),), keep=False)
    # Without an `osessionid` request header the storefront sends the literal text `undefined` (api/logout.ts:16).
    yield Step(f"POST {LOGOUT}", "anon", "POST", LOGOUT, headers=(("Cookie", "undefined"),))
    yield Step(
        f"POST {LOGOUT}", "anon", "POST", LOGOUT, params=(("next", "/basket/"),), headers=(("X-CSRFToken", "{csrf}"),)
    )
    yield Step(
        f"POST {LOGOUT}",
        "anon",
        "POST",
        LOGOUT,
        params=(("next", "//evil.example/"),),
        headers=(("X-CSRFToken", "{csrf}"),),
    )
    yield Step(
        f"POST {LOGOUT}", "anon", "POST", LOGOUT, headers=(("X-CSRFToken", "{csrf}"), ("Origin", FOREIGN_ORIGIN))
    )


def _conversations(accounts: Accounts) -> Iterator[Step]:
    """Reads of the first login's conversations and every rule of a create; creates bind their ids by name."""
    for params in ((), (("page", "2"),), (("page", "last"),), (("page", "99"),), (("page", "0"),), (("page", "x"),)):
        yield Step(f"GET {CONVERSATIONS}", "first", "GET", CONVERSATIONS, params=params)
    for conversation in (accounts.own_conversation, accounts.others_conversation, 99999, "abc", "1.json"):
        if conversation is not None:
            yield Step(f"GET {CONVERSATION}", "first", "GET", CONVERSATION.format(id=conversation))
    post = f"POST {CONVERSATIONS}"
    csrf = (("X-CSRFToken", "{csrf}"),)
    me = {"user": accounts.user, "datasource": 1, "conversation_type": "message"}
    creates = {
        "message": {**me, "message_content": "hamta-twin سلام"},
        "silent": {**me, "subject": "hamta-twin"},
        "question": {
            **me,
            "conversation_type": "question",
            "item_content": "product",
            "item_id": 1,
            "message_content": "hamta-twin?",
            "is_public": "true",
        },
        "blank item": {**me, "item_content": "", "message_content": "hamta-twin"},
        "authored": {**me, "content_type": "user", "object_id": accounts.user, "message_content": "hamta-twin"},
    }
    for name, body in creates.items():
        yield Step(post, "first", "POST", CONVERSATIONS, json=body, headers=csrf, creates=name)
    yield Step(
        post,
        "first",
        "POST",
        CONVERSATIONS,
        json={**me, "conversation": "{created message}", "message_content": "again"},
        headers=csrf,
    )
    yield Step(f"GET {CONVERSATION}", "first", "GET", "/users/conversations/{created message}/")
    yield Step(f"GET {CONVERSATIONS}", "first", "GET", CONVERSATIONS)
    refused: list[object] = [
        {},
        {**me, "user": accounts.user + 1},
        {**me, "user": "x"},
        {**me, "user": 99999},
        {**me, "datasource": 99},
        {**me, "conversation_type": "chat"},
        {**me, "message_content": ""},
        {**me, "content_type": "user"},
        {**me, "object_id": accounts.user},
        {**me, "content_type": "group", "object_id": 1},
        {**me, "content_type": "user", "object_id": accounts.user + 1},
        {**me, "item_content": "product"},
        {**me, "item_id": 1},
        {**me, "item_content": "product", "item_id": 99999},
        {**me, "item_content": "orderitem", "item_id": 99999},
        {**me, "item_content": "shoe", "item_id": 1},
        {**me, "conversation": 99999},
        {**me, "is_public": "maybe"},
        [me],
    ]
    if accounts.others_conversation is not None:
        refused.append({**me, "conversation": accounts.others_conversation, "message_content": "x"})
    if accounts.own_review is not None:
        refused.append({**me, "conversation": accounts.own_review, "message_content": "x", "user_type": "datasource"})
    for wrong in refused:
        yield Step(post, "first", "POST", CONVERSATIONS, json=wrong, headers=csrf)
    yield Step(
        post,
        "first",
        "POST",
        CONVERSATIONS,
        form=tuple((k, str(v)) for k, v in me.items()),
        headers=csrf,
        creates="form",
    )


def session_corpus(accounts: Accounts) -> list[Step]:
    return [
        *_anonymous(),
        *_login_failures(accounts),
        *_contact_us("hamta-twin", "anon", None, token=False),
        *_signed_in(accounts),
        *_conversations(accounts),
        *_logout(accounts),
    ]
