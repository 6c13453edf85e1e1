"""WhatsApp templates: list, one, and renaming one (`title`, the only writable field the docs give)."""

from __future__ import annotations

import dataclasses

from aiohttp import web

from hamta.openapi import ApiSpec
from mockserver.apis.callbell.account import Template
from mockserver.apis.callbell.base import CallbellBase
from mockserver.apis.callbell.bodies import Body
from mockserver.errors import Problem, json_response
from mockserver.operations import Call, operation
from mockserver.settings import Settings

__all__ = ["TemplateHandlers"]


class TemplateHandlers(CallbellBase):
    def __init__(self, spec: ApiSpec, settings: Settings) -> None:
        super().__init__(spec, settings)
        self.template_body = Body(spec, "callbell_templates_update")

    def template_of(self, call: Call) -> Template:
        template = self.state(call).account.template(call.request.match_info["uuid"])
        if template is None:
            raise Problem(404, "Template not found")
        return template

    @operation("callbell_templates_list")
    async def templates(self, call: Call) -> web.Response:
        """One page holds them all: the docs show `meta` but no `page` parameter."""
        templates = [template.render() for template in self.state(call).account.templates]
        return json_response({"templates": templates, "meta": {"page": 1, "pages": 1}})

    @operation("callbell_templates_retrieve")
    async def template_detail(self, call: Call) -> web.Response:
        return json_response({"template": self.template_of(call).render()})

    @operation("callbell_templates_update")
    async def template_update(self, call: Call) -> web.Response:
        """Answered under `templates` without category and status, as the page's example shows (C6)."""
        self.template_of(call)
        data = await self.template_body.read(call)
        state = self.state(call)
        template = self.template_of(call)
        if "title" in data:
            template = dataclasses.replace(template, title=data["title"])
        state.account = state.account.with_template(template)
        return json_response({"templates": template.render_patched()})
