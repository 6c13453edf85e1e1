"""The account's configuration: GET /teams, /channels and /funnels.

Teams and channels carry page metadata; an account has a handful, so everything is on page 1 and a later
page is empty (the docs give no page size for them). The spec declares no 400 for these lists, so a query
value they cannot use is read leniently, as Rails would: a malformed page is page 1, an unknown `type` matches
no channel, an `active` that is not a boolean filters nothing.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from mockserver.apis.callbell.base import CallbellBase
from mockserver.errors import json_response
from mockserver.listing.filters import parse_boolean
from mockserver.listing.page_cursor import lenient_page
from mockserver.operations import Call, operation

__all__ = ["AccountHandlers"]


def _paged(call: Call, key: str, items: list[dict[str, Any]]) -> web.Response:
    number = lenient_page(call.query.get("page"))
    return json_response({key: items if number == 1 else [], "meta": {"page": number, "pages": 1}})


class AccountHandlers(CallbellBase):
    @operation("callbell_teams_list")
    async def teams(self, call: Call) -> web.Response:
        return _paged(call, "teams", [team.render() for team in self.state(call).account.teams])

    @operation("callbell_channels_list")
    async def channels(self, call: Call) -> web.Response:
        """`type=whatsapp` keeps that type; `active=true` the channels not discarded, `false` the others."""
        channels = self.state(call).account.channels
        kind = call.query.get("type")
        if kind:
            channels = tuple(c for c in channels if c.type == kind)
        active = parse_boolean(call.query.get("active", ""))
        if active is not None:
            channels = tuple(c for c in channels if c.discarded is not active)
        return _paged(call, "channels", [channel.render() for channel in channels])

    @operation("callbell_funnels_list")
    async def funnels(self, call: Call) -> web.Response:
        return json_response({"funnels": [funnel.render() for funnel in self.state(call).account.funnels]})
