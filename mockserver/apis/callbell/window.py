"""The 24-hour rule (docs: messages_api/post_send_messages.md:10): once 24 hours have passed since the customer
last wrote, only a template message can be sent. A contact who never wrote has no open window either.

The window runs on the Callbell state's clock (`CallbellState.tick`), which the admin API can move forward
(`POST /__mock__/callbell/clock`), and a customer's message can be simulated (`POST /__mock__/callbell/inbound`).
"""

from __future__ import annotations

import datetime as dt

from mockserver.apis.callbell.model import Contact
from mockserver.errors import Problem

__all__ = ["OUTSIDE_WINDOW", "WINDOW", "check_window", "window_open"]

WINDOW = dt.timedelta(hours=24)
OUTSIDE_WINDOW = (
    "The 24-hour window is closed: the customer has not written in the last 24 hours,"
    " so only a template message can be sent"
)


def window_open(contact: Contact, now: dt.datetime) -> bool:
    last = contact.last_received
    return last is not None and now - last < WINDOW


def check_window(contact: Contact, now: dt.datetime) -> None:
    if not window_open(contact, now):
        raise Problem(422, OUTSIDE_WINDOW)
