"""Custom statuses (list, one, create, update, delete) and a user's status (availability and custom status).

The docs give these no parameter tables for create and update: the snippets send `name` only. hamta reads
`name` (required to create) and an optional `emoji`, the two writable fields of the CustomStatus object; a new
status without an emoji gets `DEFAULT_EMOJI` (inferred). Times come from the Callbell state's clock
(`CallbellState.tick`), so the same seed and requests give the same bytes. A change to a user's status is
announced to the webhook as `agent_status_updated`.
"""

from __future__ import annotations

import dataclasses

from aiohttp import web

from hamta.openapi import ApiSpec
from mockserver.apis.callbell.base import CallbellBase
from mockserver.apis.callbell.bodies import Body
from mockserver.apis.callbell.ids import mint
from mockserver.apis.callbell.people import CustomStatus, User
from mockserver.apis.callbell.webhooks.emit import emit_agent_status
from mockserver.errors import Problem, json_response
from mockserver.operations import Call, operation
from mockserver.settings import Settings

__all__ = ["CUSTOM_STATUS_NOT_FOUND", "DEFAULT_EMOJI", "StatusHandlers"]

DEFAULT_EMOJI = "💬"
CUSTOM_STATUS_NOT_FOUND = "Custom status not found"


class StatusHandlers(CallbellBase):
    def __init__(self, spec: ApiSpec, settings: Settings) -> None:
        super().__init__(spec, settings)
        self.status_create_body = Body(spec, "callbell_custom_statuses_create")
        self.status_update_body = Body(spec, "callbell_custom_statuses_update")
        self.user_status_body = Body(spec, "callbell_user_status_update")

    def custom_status_of(self, call: Call) -> CustomStatus:
        status = self.state(call).account.custom_status(call.request.match_info["id"])
        if status is None:
            raise Problem(404, CUSTOM_STATUS_NOT_FOUND)
        return status

    def user_of(self, call: Call) -> User:
        user = self.state(call).account.user_by_uuid(call.request.match_info["uuid"])
        if user is None:
            raise Problem(404, "User not found")
        return user

    @operation("callbell_custom_statuses_list")
    async def custom_statuses(self, call: Call) -> web.Response:
        """One page holds them all: the docs show `meta` but no `page` parameter."""
        statuses = [status.render() for status in self.state(call).account.custom_statuses]
        return json_response({"customStatuses": statuses, "meta": {"page": 1, "pages": 1}})

    @operation("callbell_custom_statuses_retrieve")
    async def custom_status_detail(self, call: Call) -> web.Response:
        return json_response({"customStatus": self.custom_status_of(call).render()})

    @operation("callbell_custom_statuses_create")
    async def custom_status_create(self, call: Call) -> web.Response:
        data = await self.status_create_body.read(call)
        state = self.state(call)
        now = state.tick()
        status = CustomStatus(
            mint("custom_status", now, {known.id for known in state.account.custom_statuses}, dashed=True),
            data["name"],
            data.get("emoji", DEFAULT_EMOJI),
            now,
            now,
        )
        state.account = state.account.with_custom_status(status)
        return json_response({"customStatus": status.render()})

    @operation("callbell_custom_statuses_update")
    async def custom_status_update(self, call: Call) -> web.Response:
        self.custom_status_of(call)
        data = await self.status_update_body.read(call)
        state = self.state(call)
        status = self.custom_status_of(call)
        name, emoji = data.get("name", status.name), data.get("emoji", status.emoji)
        status = dataclasses.replace(status, name=name, emoji=emoji, updated_at=state.tick())
        state.account = state.account.with_custom_status(status)
        return json_response({"customStatus": status.render()})

    @operation("callbell_custom_statuses_destroy")
    async def custom_status_destroy(self, call: Call) -> web.Response:
        """Its wearers lose it, and each one's change is an `agent_status_updated` (inferred, as the rest)."""
        status = self.custom_status_of(call)
        state = self.state(call)
        wearers = [user.email for user in state.account.users if user.custom_status == status.id]
        state.account = state.account.without_custom_status(status.id, state.tick())
        for email in wearers:
            user = state.account.user(email)
            if user is not None:
                emit_agent_status(call, state, user)
        return json_response({"status": "custom status was destroyed"})

    @operation("callbell_custom_statuses_destroy_singular")
    async def custom_status_destroy_singular(self, call: Call) -> web.Response:
        """The docs' curl path (C11), served as the page's."""
        return await self.custom_status_destroy(call)

    # -- a user's status -----------------------------------------------------------------------------------------

    @operation("callbell_user_status_update")
    async def user_status_update(self, call: Call) -> web.Response:
        """Only what the body names changes, and its time with it: `available` the appearance's,
        `custom_status_uuid` (null unassigns) the custom status's. An unknown custom status is a 404, as
        Rails' `find` answers."""
        self.user_of(call)
        data = await self.user_status_body.read(call)
        state = self.state(call)
        wanted = data.get("custom_status_uuid")
        if wanted is not None and state.account.custom_status(wanted) is None:
            raise Problem(404, CUSTOM_STATUS_NOT_FOUND)
        user = self.user_of(call)
        now = state.tick()
        if "available" in data:
            user = user.with_availability(data["available"], now)
        if "custom_status_uuid" in data:
            user = user.wearing(wanted, now)
        state.account = state.account.with_user(user)
        emit_agent_status(call, state, user)
        return json_response(user.status(state.account.custom_status(user.custom_status)))

    @operation("callbell_user_status_destroy")
    async def user_status_destroy(self, call: Call) -> web.Response:
        """Unassigns the custom status; the docs say the answer is empty (204 inferred)."""
        user = self.user_of(call)
        state = self.state(call)
        user = user.wearing(None, state.tick())
        state.account = state.account.with_user(user)
        emit_agent_status(call, state, user)
        return web.Response(status=204)
