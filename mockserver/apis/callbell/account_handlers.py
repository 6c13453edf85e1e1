"""The account's configuration: GET /auth/me and /plan; teams, channels and funnels, one team's members, and
renaming a team or a channel.

Lists carry page metadata; an account has a handful of each, so everything is on page 1 and a later page is
empty (the docs give no page size for them). The spec declares no 400 for these lists, so a query value they
cannot use is read leniently, as Rails would: a malformed page is page 1, an unknown `type` matches no
channel, an `active` or member `status` that is not one of the documented values filters nothing.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from aiohttp import web

from hamta.openapi import ApiSpec
from mockserver.apis.callbell.account import Channel, Team
from mockserver.apis.callbell.base import CallbellBase
from mockserver.apis.callbell.bodies import Body
from mockserver.apis.callbell.status_handlers import StatusHandlers
from mockserver.apis.callbell.template_handlers import TemplateHandlers
from mockserver.errors import Problem, json_response
from mockserver.listing.filters import parse_boolean
from mockserver.listing.kaminari import lenient_page
from mockserver.operations import Call, operation
from mockserver.settings import Settings

__all__ = ["AccountHandlers", "paged"]

MEMBER_STATUS = {"available": True, "away": False}


def paged(call: Call, key: str, items: list[dict[str, Any]]) -> web.Response:
    number = lenient_page(call.query.get("page"))
    return json_response({key: items if number == 1 else [], "meta": {"page": number, "pages": 1}})


class AccountHandlers(StatusHandlers, TemplateHandlers, CallbellBase):
    def __init__(self, spec: ApiSpec, settings: Settings) -> None:
        super().__init__(spec, settings)
        self.team_body = Body(spec, "callbell_teams_update")
        self.channel_body = Body(spec, "callbell_channels_update")

    @operation("callbell_auth_me")
    async def me(self, call: Call) -> web.Response:
        """The key behind the caller's token and the user who made it (a token the account does not list, as
        after loading an older state document, is shown as its own key of the first user)."""
        account = self.state(call).account
        key = account.api_key(call.account.username)
        user = account.user(key.user_email) if key else None
        user = user or account.users[0]
        return json_response(
            {
                "status": "ok",
                "user_email": user.email,
                "user_name": user.name,
                "api_key": key.key if key else call.account.username,
            }
        )

    @operation("callbell_plan_retrieve")
    async def plan(self, call: Call) -> web.Response:
        account = self.state(call).account
        return json_response(
            {
                "plan": account.plan.name,
                "includedChannels": account.plan.included_channels,
                "licenses": account.plan.licenses,
                "activeUsers": len(account.users),
                "teams": [team.render() for team in account.teams],
            }
        )

    # -- teams ---------------------------------------------------------------------------------------------------

    @operation("callbell_teams_list")
    async def teams(self, call: Call) -> web.Response:
        return paged(call, "teams", [team.render() for team in self.state(call).account.teams])

    def team(self, call: Call) -> Team:
        team = self.state(call).account.team(call.request.match_info["uuid"])
        if team is None:
            raise Problem(404, "Team not found")
        return team

    @operation("callbell_teams_retrieve")
    async def team_detail(self, call: Call) -> web.Response:
        return json_response({"team": self.team(call).render()})

    @operation("callbell_team_members_list")
    async def team_members(self, call: Call) -> web.Response:
        account = self.state(call).account
        members = account.members(self.team(call))
        wanted = MEMBER_STATUS.get(call.query.get("status", ""))
        if wanted is not None:
            members = tuple(user for user in members if user.available is wanted)
        return paged(call, "users", [user.member(account.custom_status(user.custom_status)) for user in members])

    @operation("callbell_teams_update")
    async def team_update(self, call: Call) -> web.Response:
        self.team(call)  # a 404 comes before any complaint about the body
        data = await self.team_body.read(call)
        state = self.state(call)
        team = self.team(call)  # re-read: another request may have changed it while the body arrived
        if "name" in data:
            team = dataclasses.replace(team, name=data["name"])
        state.account = state.account.with_team(team)
        return json_response({"team": team.render()})

    # -- channels and funnels ------------------------------------------------------------------------------------

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
        return paged(call, "channels", [channel.render() for channel in channels])

    def channel(self, call: Call) -> Channel:
        channel = self.state(call).account.channel(call.request.match_info["uuid"])
        if channel is None:
            raise Problem(404, "Channel not found")
        return channel

    @operation("callbell_channels_retrieve")
    async def channel_detail(self, call: Call) -> web.Response:
        return json_response({"channel": self.channel(call).render_one()})

    @operation("callbell_channels_update")
    async def channel_update(self, call: Call) -> web.Response:
        self.channel(call)
        data = await self.channel_body.read(call)
        state = self.state(call)
        channel = self.channel(call)
        if "title" in data:
            channel = dataclasses.replace(channel, title=data["title"])
        state.account = state.account.with_channel(channel)
        return json_response({"channel": channel.render_one()})

    @operation("callbell_funnels_list")
    async def funnels(self, call: Call) -> web.Response:
        return json_response({"funnels": [funnel.render() for funnel in self.state(call).account.funnels]})
