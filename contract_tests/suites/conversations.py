"""Semantic checks of the session API: CSRF on every unsafe method, session required, users isolated.

Each signed-in user gets their own cookie jar (a Client of their own); every response still goes to the
same referee. Checks that would write if the deployment were broken are marked `writes`, so `--read-only`
never risks them.
"""

from __future__ import annotations

from typing import Any

import requests

from contract_tests.exchange import Client
from contract_tests.registry import Context, Failure, Skip, check

CSRF = "/csrf_token/"
LOGIN = "/users/login/"
CONVERSATIONS = "/users/conversations/"
CONTACT_US = "/users/contact-us/"
SUBJECTS = "/users/contact-us-subjects/"
# DRF's own messages are asked for in English; the shop's default language may be another (Akinon's: Persian).
# CSRF reasons need no asking: neither DRF nor Django translates them.
ENGLISH = {"Accept-Language": "en"}


def _client(ctx: Context) -> Client:
    return Client(ctx.target.base_url, ctx.client.referee, rate=ctx.target.rate, timeout=ctx.target.timeout)


def _csrf(client: Client) -> str:
    response = client.request("GET", CSRF)
    token = client.session.cookies.get("csrftoken")
    if response.status_code != 200 or not token:
        raise Failure(f"GET {CSRF} gave {response.status_code} without a csrftoken cookie", client.last)
    return str(token)


def _signed_in(ctx: Context, index: int = 0) -> tuple[Client, int]:
    """A client with a session for the index-th login, and that user's id (from a conversation, or 0)."""
    if len(ctx.target.logins) <= index:
        raise Skip(f"needs {index + 1} login(s): --login EMAIL:PASSWORD")
    email, password = ctx.target.logins[index]
    client = _client(ctx)
    token = _csrf(client)
    response = client.request(
        "POST", LOGIN, json={"email": email, "password": password}, headers={"X-CSRFToken": token}
    )
    if response.status_code != 200:
        raise Failure(f"login as {email} answered {response.status_code}", client.last)
    return client, _own_user_id(client)


def _own_user_id(client: Client) -> int:
    body = client.request("GET", CONVERSATIONS).json()
    return int(body["results"][0]["user"]) if body.get("results") else 0


def _unsafe(client: Client, path: str, json: Any = None, **headers: str) -> requests.Response:
    token = client.session.cookies.get("csrftoken")
    sent = {"X-CSRFToken": str(token)} if token else {}
    sent.update(headers)
    return client.request("POST", path, json=json, headers=sent)


def _says(response: requests.Response, message: str) -> bool:
    """Whether the body is DRF's `{"detail": message}`. DRF's messages are translated (Django's LocaleMiddleware):
    asked for in English, a deployment answers in English when it speaks it, and says in Content-Language what it
    answered in; a deployment without English may only be held to the shape, a non-empty `detail`."""
    try:
        body = response.json()
    except ValueError:
        return False
    if response.headers.get("Content-Language", "en").split("-")[0].lower() == "en":
        return bool(body == {"detail": message})
    detail = body.get("detail") if isinstance(body, dict) and list(body) == ["detail"] else None
    return isinstance(detail, str) and detail != ""


@check("conversations", "session_required", f"GET {CONVERSATIONS}")
def session_required(ctx: Context) -> None:
    """Without a session: 403 "Authentication credentials were not provided." (asked for in English), never a
    401 challenge."""
    response = _client(ctx).request("GET", CONVERSATIONS, headers=ENGLISH)
    if response.status_code != 403 or not _says(response, "Authentication credentials were not provided."):
        raise Failure(f"expected DRF's 403 for no session, got {response.status_code}", ctx.client.last)
    if "WWW-Authenticate" in response.headers:
        raise Failure("session auth must not send a WWW-Authenticate challenge", ctx.client.last)


def _unsafe_with_csrf(ctx: Context) -> list[Any]:
    """The unsafe operations whose security names the CSRF scheme (DRF views; a plain Django view has none)."""
    csrf_scheme = next(n for n, s in ctx.spec.security_schemes.items() if s.get("in") == "header")
    return [
        op
        for op in ctx.spec.operations
        if op.method not in ("GET", "HEAD", "OPTIONS") and any(csrf_scheme in r for r in op.security)
    ]


@check("conversations", "csrf_enforced", "POST (every unsafe operation)", writes=True)
def csrf_enforced(ctx: Context) -> None:
    """A session user's unsafe request is refused without the CSRF cookie and with a wrong token, with
    Django's reasons (DRF's SessionAuthentication runs Django's check for a session user)."""
    signed_in, _ = _signed_in(ctx)
    cookie = ctx.spec.session_cookie
    assert cookie is not None, "the conversations spec signs in with a session cookie"
    session = str(signed_in.session.cookies.get(cookie))
    for operation in _unsafe_with_csrf(ctx):
        no_cookie = _client(ctx)
        no_cookie.session.cookies.set(cookie, session)
        response = no_cookie.request(operation.method, operation.path, json={})
        if response.status_code != 403 or response.json() != {"detail": "CSRF Failed: CSRF cookie not set."}:
            raise Failure(
                f"{operation.operation_id} from a session without a CSRF cookie answered {response.status_code}",
                no_cookie.last,
                f"{operation.method} {operation.path}",
            )
        wrong = "A" * 32 if signed_in.session.cookies.get("csrftoken") != "A" * 32 else "B" * 32
        response = signed_in.request(operation.method, operation.path, json={}, headers={"X-CSRFToken": wrong})
        expected = {"detail": "CSRF Failed: CSRF token from the 'X-Csrftoken' HTTP header incorrect."}
        if response.status_code != 403 or response.json() != expected:
            raise Failure(
                f"{operation.operation_id} with a wrong CSRF token answered {response.status_code}",
                signed_in.last,
                f"{operation.method} {operation.path}",
            )


@check("conversations", "anonymous_not_csrf_checked", "POST (operations open to anonymous callers)")
def anonymous_not_csrf_checked(ctx: Context) -> None:
    """An anonymous caller is never refused for CSRF: DRF checks it for a session user only, and Akinon's
    storefront signs in and sends contact-us forms that way (`@akinon/next` 1.24.0 `api/auth.ts:79-100`).
    Sends an empty body, which a deployment refuses as invalid (400) without acting on it."""
    for operation in _unsafe_with_csrf(ctx):
        if () not in operation.security:
            continue
        client = _client(ctx)
        response = client.request(operation.method, operation.path, json={})
        if response.status_code == 403 and "CSRF Failed" in response.text:
            raise Failure(
                f"{operation.operation_id} refused an anonymous caller for CSRF",
                client.last,
                f"{operation.method} {operation.path}",
            )


@check("conversations", "users_isolated", f"GET {CONVERSATIONS}", writes=True)
def users_isolated(ctx: Context) -> None:
    """One user never sees or writes into another's conversations."""
    first, first_id = _signed_in(ctx, 0)
    second, second_id = _signed_in(ctx, 1)
    created = _unsafe(
        first,
        CONVERSATIONS,
        {
            "user": first_id,
            "datasource": 1,
            "conversation_type": "message",
            "message_content": f"{ctx.target.marker} isolation",
        },
    )
    if created.status_code != 201:
        raise Failure(f"could not start a conversation to test with: {created.status_code}", first.last)
    conversation = created.json()["id"]
    mine = {c["id"] for c in second.request("GET", CONVERSATIONS).json()["results"]}
    if conversation in mine:
        raise Failure("another user's conversation is in the list", second.last)
    response = second.request("GET", f"{CONVERSATIONS}{conversation}/")
    if response.status_code != 404:
        raise Failure(f"another user's conversation answered {response.status_code}, not 404", second.last)
    reply = _unsafe(
        second,
        CONVERSATIONS,
        {
            "user": second_id,
            "datasource": 1,
            "conversation_type": "message",
            "conversation": conversation,
            "message_content": "x",
        },
    )
    if reply.status_code != 400:
        raise Failure(f"a reply into another user's conversation answered {reply.status_code}", second.last)


@check("conversations", "subjects_localized", f"GET {SUBJECTS}")
def subjects_localized(ctx: Context) -> None:
    """The same subjects in every language: ids and is_order_needed do not depend on Accept-Language."""
    client = _client(ctx)
    persian = client.request("GET", SUBJECTS, headers={"Accept-Language": "fa"}).json()
    english = client.request("GET", SUBJECTS, headers={"Accept-Language": "en"}).json()
    strip = [(s["id"], s["is_order_needed"]) for s in persian]
    if strip != [(s["id"], s["is_order_needed"]) for s in english]:
        raise Failure("the subjects differ between languages beyond their text", client.last)


@check("conversations", "order_rules", f"POST {CONTACT_US}", writes=True)
def order_rules(ctx: Context) -> None:
    """A subject that needs an order refuses a message without one (nothing is sent on a 400)."""
    client = _client(ctx)
    subjects = client.request("GET", SUBJECTS).json()
    needing = next((s for s in subjects if s["is_order_needed"]), None)
    if needing is None:
        raise Skip("no subject needs an order on this deployment")
    _csrf(client)
    body = {"subject": needing["id"], "full_name": ctx.target.marker, "email": "ct@example.com", "message": "x"}
    response = _unsafe(client, CONTACT_US, body)
    if response.status_code != 400 or "order" not in response.json():
        raise Failure(f"a message without its order answered {response.status_code}", client.last)
