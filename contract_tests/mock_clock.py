"""What only the real world does to a Callbell account, done through a hamta mock's admin API when the target is
one: a customer writing (`POST /__mock__/callbell/inbound`) and time passing (`POST /__mock__/callbell/clock`).

A real account has neither: `drivable` is False there (the admin path is not found, or the mock asks for an admin
token the suite was not given), and a check that needs them says what it could not do."""

from __future__ import annotations

from contract_tests.registry import Context, Failure

__all__ = ["CLOCK", "INBOUND", "advance", "customer_writes", "drivable"]

CLOCK = "/__mock__/callbell/clock"
INBOUND = "/__mock__/callbell/inbound"


def drivable(ctx: Context) -> bool:
    """The target is a hamta mock whose Callbell clock answers."""
    answer = ctx.client.request("GET", CLOCK)
    try:
        body = answer.json()
    except ValueError:
        return False
    return answer.status_code == 200 and isinstance(body, dict) and "now" in body


def customer_writes(ctx: Context, number: str) -> None:
    """The customer at `number` writes to the account: their 24-hour window opens (a new number becomes a
    contact, as a first message does on Callbell)."""
    answer = ctx.client.request("POST", INBOUND, json={"from": number, "text": f"{ctx.target.marker} inbound"})
    if answer.status_code != 200:
        raise Failure(f"the mock's inbound trigger answered {answer.status_code}: {answer.text[:200]}", ctx.client.last)


def advance(ctx: Context, seconds: int) -> None:
    """The mock's clock moves `seconds` forward (it never goes back)."""
    answer = ctx.client.request("POST", CLOCK, json={"advance": seconds})
    if answer.status_code != 200:
        raise Failure(f"the mock's clock answered {answer.status_code}: {answer.text[:200]}", ctx.client.last)
