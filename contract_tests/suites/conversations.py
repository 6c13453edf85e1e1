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


@check("conversations", "session_required", f"GET {CONVERSATIONS}")
def session_required(ctx: Context) -> None:
    """Without a session: 403 "Authentication credentials were not provided.", never a 401 challenge."""
    response = _client(ctx).request("GET", CONVERSATIONS)
    if response.status_code != 403 or response.json() != {"detail": "Authentication credentials were not provided."}:
        raise Failure(f"expected DRF's 403 for no session, got {response.status_code}", ctx.client.last)
    if "WWW-Authenticate" in response.headers:
        raise Failure("session auth must not send a WWW-Authenticate challenge", ctx.client.last)


@check("conversations", "csrf_enforced", "POST (every unsafe operation)", writes=True)
def csrf_enforced(ctx: Context) -> None:
    """Every unsafe operation that names the CSRF scheme refuses a missing cookie and a wrong token."""
    csrf_scheme = next(n for n, s in ctx.spec.security_schemes.items() if s.get("in") == "header")
    signed_in, _ = _signed_in(ctx) if ctx.target.logins else (None, 0)
    for operation in ctx.spec.operations:
        if operation.method in ("GET", "HEAD", "OPTIONS") or not any(csrf_scheme in r for r in operation.security):
            continue
        needs_session = all("session" in r for r in operation.security)
        if needs_session and signed_in is None:
            continue
        fresh = _client(ctx)
        response = fresh.request("POST", operation.path, json={})
        if response.status_code != 403 or ("CSRF Failed" not in response.text and not needs_session):
            raise Failure(
                f"{operation.operation_id} without a CSRF cookie answered {response.status_code}",
                fresh.last,
                f"POST {operation.path}",
            )
        client = signed_in if needs_session and signed_in is not None else fresh
        _csrf(client)
        wrong = "A" * 32 if client.session.cookies.get("csrftoken") != "A" * 32 else "B" * 32
        response = client.request("POST", operation.path, json={}, headers={"X-CSRFToken": wrong})
        expected = {"detail": "CSRF Failed: CSRF token from the 'X-Csrftoken' HTTP header incorrect."}
        if response.status_code != 403 or response.json() != expected:
            raise Failure(
                f"{operation.operation_id} with a wrong CSRF token answered {response.status_code}",
                client.last,
                f"POST {operation.path}",
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
