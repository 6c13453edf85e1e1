"""Semantic checks of the Callbell API: Bearer auth, references that must exist, cursor paging, and a sent
message showing up among the contact's messages."""

from __future__ import annotations

from typing import Any

import requests

from contract_tests.registry import Context, Failure, Skip, check

CONTACTS = "/v1/contacts"


def _auth(ctx: Context) -> dict[str, str]:
    if not ctx.target.bearer:
        raise Skip("no Callbell token: --bearer")
    return {"Authorization": f"Bearer {ctx.target.bearer}"}


def _call(ctx: Context, method: str, path: str, **kwargs: Any) -> requests.Response:
    return ctx.client.request(method, path, headers=_auth(ctx), **kwargs)


def _contact(ctx: Context, **extra: Any) -> requests.Response:
    # A number no real person has: the 0999 999 range, made distinct per created contact.
    number = f"+98 999 999 {len(ctx.cleanup):04d}"
    body = {"identifier": number, "source": "whatsapp", "name": f"{ctx.target.marker} contact", **extra}
    response = _call(ctx, "POST", CONTACTS, json=body)
    if response.status_code == 200:
        contact = response.json()["contact"]
        contact = contact[0] if isinstance(contact, list) else contact
        ctx.cleanup.append(f"{CONTACTS}/{contact['uuid']}")
    return response


@check("callbell", "bearer_required", f"GET {CONTACTS}")
def bearer_required(ctx: Context) -> None:
    """No token and an unknown token are both 401."""
    for headers in ({}, {"Authorization": "Bearer not-a-token"}):
        response = ctx.client.request("GET", CONTACTS, headers=headers)
        if response.status_code != 401:
            raise Failure(f"{headers or 'no token'}: expected 401, got {response.status_code}", ctx.client.last)


@check("callbell", "references_must_exist", f"POST {CONTACTS}", writes=True)
def references_must_exist(ctx: Context) -> None:
    """An unknown tag, custom field, user or team is refused, and no contact is created."""
    cases: dict[str, dict[str, Any]] = {
        "tag": {"tags": [f"{ctx.target.marker}-no-such-tag"]},
        "custom field": {"custom_fields": {f"{ctx.target.marker} no such field": "x"}},
        "user": {"assigned_user": "nobody-at-all@example.invalid"},
        "team": {"team_uuid": "0" * 32},
    }
    for name, extra in cases.items():
        response = _contact(ctx, **extra)
        if response.status_code not in (400, 422):
            raise Failure(f"an unknown {name} was accepted ({response.status_code})", ctx.client.last)


@check("callbell", "contacts_paging", f"GET {CONTACTS}")
def contacts_paging(ctx: Context) -> None:
    """The `after` cursor walks every contact once and ends with a null `next`; page 501 is refused."""
    seen: list[str] = []
    body = _call(ctx, "GET", CONTACTS).json()
    while True:
        seen += [c["uuid"] for c in body["contacts"]]
        cursor = body["meta"].get("next")
        if not cursor or len(seen) > 5000:
            break
        body = _call(ctx, "GET", CONTACTS, params={"after": cursor}).json()
    if len(seen) != len(set(seen)):
        raise Failure("a contact came twice while walking the cursor", ctx.client.last)
    response = _call(ctx, "GET", CONTACTS, params={"page": "501"})
    if response.status_code != 400:
        raise Failure(f"page 501 answered {response.status_code}, not 400 'Pagination limit exceeded'", ctx.client.last)


@check("callbell", "sent_message_listed", "POST /v1/messages/send", writes=True)
def sent_message_listed(ctx: Context) -> None:
    """A sent text is enqueued, then shows up among the contact's messages."""
    channels = _call(ctx, "GET", "/v1/channels").json().get("channels", [])
    channel = next((c for c in channels if c.get("type") == "whatsapp" and not c.get("discardedAt")), None)
    if channel is None:
        raise Skip("the account has no active WhatsApp channel")
    created = _contact(ctx)
    if created.status_code != 200:
        raise Failure(f"could not create a contact to message: {created.status_code}", ctx.client.last)
    contact = created.json()["contact"]
    contact = contact[0] if isinstance(contact, list) else contact
    text = f"{ctx.target.marker} پیام آزمایشی"
    body = {
        "from": "whatsapp",
        "to": contact["phoneNumber"],
        "type": "text",
        "content": {"text": text},
        "channel_uuid": channel["uuid"],
    }
    sent = _call(ctx, "POST", "/v1/messages/send", json=body)
    if sent.status_code != 200 or sent.json()["message"]["status"] != "enqueued":
        raise Failure(f"send answered {sent.status_code} {sent.text[:200]}", ctx.client.last)
    messages = _call(ctx, "GET", f"{CONTACTS}/{contact['uuid']}/messages").json().get("messages", [])
    if text not in [m.get("text") for m in messages]:
        raise Failure("the sent message is not among the contact's messages", ctx.client.last)
