"""The 24-hour rule (post_send_messages.md:10 at 4878e4f): after 24 hours without a message from the customer a
regular message is refused and only a template goes through. Checked only with --callbell-test-number: nothing is
sent to a number the user did not name."""

from __future__ import annotations

import datetime as dt
from typing import Any

from contract_tests import mock_clock
from contract_tests.registry import Context, Failure, Skip, check
from contract_tests.suites.callbell import (
    CONTACTS,
    NO_NUMBER,
    approved_text_template,
    call,
    one_contact,
    refused,
    with_main_channel,
)

WINDOW = dt.timedelta(hours=24)
SEND = "/v1/messages/send"
_REAL = (
    "a real account cannot move time: the refusal is checked only when the test number's customer last wrote more"
    " than 24 hours ago"
)


def _text(ctx: Context, number: str) -> dict[str, Any]:
    body: dict[str, Any] = {"from": "whatsapp", "to": number, "type": "text", "content": {"text": ctx.target.marker}}
    with_main_channel(ctx, body)
    return body


def _refused(ctx: Context, number: str, why: str) -> None:
    """A regular message is refused; that the refusal is a 422 is the spec's inference."""
    refused(ctx, call(ctx, "POST", SEND, json=_text(ctx, number)), f"{why}, a regular message", 422)


def _accepted(ctx: Context, body: dict[str, Any], what: str) -> None:
    answer = call(ctx, "POST", SEND, json=body)
    if answer.status_code != 200 or answer.json().get("message", {}).get("status") != "enqueued":
        raise Failure(f"{what} answered {answer.status_code} {answer.text[:200]}", ctx.client.last)


def _template(ctx: Context, number: str) -> dict[str, Any]:
    chosen = approved_text_template(ctx)
    if chosen is None:
        raise Skip("the account has no approved text template to send")
    body = _text(ctx, number)
    body.update(template_uuid=chosen["uuid"], optin_contact=True)
    return body


def _parse(text: object) -> dt.datetime | None:
    try:
        value = dt.datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo is not None else None


def _last_written(ctx: Context, number: str) -> dt.datetime | None:
    """When the customer at `number` last wrote, by their conversation's `received` messages (None: never, or
    the number is no contact)."""
    found = call(ctx, "GET", f"{CONTACTS}/phone/{number}")
    if found.status_code != 200:
        return None
    contact = one_contact(found.json().get("contact"))
    if not isinstance(contact, dict) or "uuid" not in contact:
        return None
    messages = call(ctx, "GET", f"{CONTACTS}/{contact['uuid']}/messages").json().get("messages") or []
    times = [_parse(m.get("createdAt")) for m in messages if isinstance(m, dict) and m.get("status") == "received"]
    return max((t for t in times if t is not None), default=None)


@check("callbell", "window_24h", f"POST {SEND}", writes=True)
def window_24h(ctx: Context) -> None:
    """Against a hamta mock, the suite drives what only the real world does (mock_clock): the test number's
    customer writes, a regular message goes through; the mock's clock moves past 24 hours (every contact's
    window closes with it), a regular message is refused and a template goes through; the customer writes again,
    so the test number's window is open for the checks after this one.

    Against a real account time cannot be moved: the check refuses a regular message only when the test number's
    customer last wrote more than 24 hours ago (or never), and skips otherwise, saying so; the template side is
    template_sent's."""
    number = ctx.target.callbell_test_number
    if not number:
        raise Skip(NO_NUMBER)
    if not mock_clock.drivable(ctx):
        last = _last_written(ctx, number)
        if last is not None and dt.datetime.now(dt.UTC) - last < WINDOW:
            raise Skip(f"{_REAL}; it last wrote at {last.isoformat()}")
        _refused(ctx, number, "to a number whose customer has not written in 24 hours")
        return
    template = _template(ctx, number)
    mock_clock.customer_writes(ctx, number)
    _accepted(ctx, _text(ctx, number), "inside the 24-hour window, a regular message")
    mock_clock.advance(ctx, int(WINDOW.total_seconds()) + 1)
    try:
        _refused(ctx, number, "24 hours after the customer last wrote")
        _accepted(ctx, template, "outside the 24-hour window, a template")
    finally:
        mock_clock.customer_writes(ctx, number)
