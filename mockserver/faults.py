"""Deliberate defects (`--fault NAME`, repeatable), so that the contract tests can prove they catch each one.

Each fault is a small function registered under its name. It rewrites the request before the mock handles
it, or the response after, and says nothing about either: the mock then behaves like a deployment with that
bug. Off unless asked for. Never used by the mock's own tests except to prove a check fails.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from yarl import URL

from mockserver.accounts import load_accounts
from mockserver.auth.session import CSRF_EXEMPT
from mockserver.jsoncodec import dumps
from mockserver.layers import Handler

__all__ = ["FAULTS", "Fault", "FaultLayer", "slash_profile"]

BodyEdit = Callable[[Any], Any]


@dataclass(frozen=True)
class Fault:
    """One defect: `before` may rewrite the request, `after` the JSON body of a contacts response, `instead`
    answer in the handler's place (a write acknowledged and never done)."""

    summary: str
    before: Callable[[web.Request], web.Request] | None = None
    after: BodyEdit | None = None
    content_type: str | None = None
    slash_profile: str | None = None  # run the trailing-slash quirk under this profile instead
    prefix: str = "/api/"  # the paths it touches (the contacts API unless said otherwise)
    suffix: str = ""  # ... and, when given, only those ending so
    method: str | None = None  # ... and, when given, only requests of this method
    instead: Callable[[web.Request], web.Response] | None = None


def _without_params(*names: str) -> Callable[[web.Request], web.Request]:
    def rewrite(request: web.Request) -> web.Request:
        query = [(key, value) for key, value in request.query.items() if key not in names]
        return request.clone(rel_url=URL.build(path=request.path, query=query))

    return rewrite


def _admin_token() -> str:
    return next(a.token for a in load_accounts().for_api("contacts") if a.superuser)


def _as_admin(only_when_missing: bool) -> Callable[[web.Request], web.Request]:
    def rewrite(request: web.Request) -> web.Request:
        if only_when_missing and "Authorization" in request.headers:
            return request
        headers = {**request.headers, "Authorization": f"Token {_admin_token()}"}
        return request.clone(headers=headers)

    return rewrite


def _csrf_exempt(request: web.Request) -> web.Request:
    """Serve the request as if the session API never checked CSRF (every check: Origin, cookie, header or form
    field, in any header case), like a view left `csrf_exempt` with an `enforce_csrf` that does nothing."""
    request[CSRF_EXEMPT] = True
    return request


def _callbell_token() -> str:
    return load_accounts().for_api("callbell")[0].token


def _bearer_if_missing(request: web.Request) -> web.Request:
    if "Authorization" in request.headers:
        return request
    return request.clone(headers={**request.headers, "Authorization": f"Bearer {_callbell_token()}"})


_SQL_METACHARACTERS = frozenset("'\";\\%_")


def _server_error_on_quote(request: web.Request) -> web.Request:
    if _SQL_METACHARACTERS & set(request.query.get("search", "")):
        raise RuntimeError("fault: an unescaped SQL metacharacter reached the database")
    return request


def _contacts(body: Any, edit: Callable[[dict[str, Any]], None]) -> Any:
    items = body.get("results") if isinstance(body, dict) and "results" in body else [body]
    for item in items or []:
        if isinstance(item, dict) and "subject" in item:
            edit(item)
    return body


def _still_open(body: Any) -> Any:
    """A Callbell answer's contact (either wrapper) with `closedAt` empty, as if the close never happened."""
    contact = body.get("contact") if isinstance(body, dict) else None
    for item in contact if isinstance(contact, list) else [contact]:
        if isinstance(item, dict):
            item["closedAt"] = None
    return body


def _destroyed_without_destroying(request: web.Request) -> web.Response:
    return web.json_response({"status": "custom status was destroyed"})


def _no_content(request: web.Request) -> web.Response:
    return web.Response(status=204)


def _renamed_without_renaming(request: web.Request) -> web.Response:
    return web.json_response({"channel": {"uuid": request.path.rsplit("/", 1)[-1]}})


def _drop_email(body: Any) -> Any:
    return _contacts(body, lambda item: item.pop("email", None))


def _id_as_text(body: Any) -> Any:
    return _contacts(body, lambda item: item.__setitem__("id", str(item["id"])))


def _count_off_by_one(body: Any) -> Any:
    if isinstance(body, dict) and "count" in body:
        body["count"] += 1
    return body


def _skip_a_page(body: Any) -> Any:
    if isinstance(body, dict) and isinstance(body.get("next"), str):
        url = URL(body["next"])
        offset = int(url.query.get("offset", "0")) + 1
        body["next"] = str(url.update_query(offset=offset))
    return body


FAULTS: dict[str, Fault] = {
    "missing-field": Fault("contacts lose their `email` field", after=_drop_email),
    "wrong-type": Fault("contact ids come back as strings", after=_id_as_text),
    "wrong-count": Fault("list `count` is one too many", after=_count_off_by_one),
    "broken-next": Fault("`next` skips one contact", after=_skip_a_page),
    "ignored-filter": Fault(
        "filters are ignored",
        before=_without_params(
            "is_viewed",
            "has_message",
            "has_mobile_number",
            "has_email",
            "has_first_name",
            "has_last_name",
            "id_min",
            "id_max",
            "created_date",
            "updated_date",
            "created_from",
            "created_to",
            "updated_from",
            "updated_to",
            "viewed_date",
            "viewed_date_from",
            "viewed_date_to",
        ),
    ),
    "ignored-ordering": Fault("`ordering` is ignored", before=_without_params("ordering")),
    "ignored-search": Fault("`search` is ignored", before=_without_params("search")),
    "ignored-auth": Fault("requests without credentials are served as admin", before=_as_admin(True)),
    "missing-permission": Fault("every token is treated as admin", before=_as_admin(False)),
    "server-error": Fault("a search with a quote, %, _ or ; is a 500", before=_server_error_on_quote),
    "wrong-content-type": Fault("JSON is sent as text/plain", content_type="text/plain"),
    "changed-slash": Fault("the trailing-slash quirk behaves like production Django", slash_profile="django"),
    "csrf-off": Fault("the session API no longer enforces CSRF", before=_csrf_exempt, prefix="/users/"),
    "bearer-ignored": Fault("Callbell serves requests without a token", before=_bearer_if_missing, prefix="/v1/"),
    "close-ignored": Fault(
        "Callbell answers a conversation close without closing it",
        after=_still_open,
        prefix="/v1/contacts/",
        suffix="/conversation/close",
    ),
    "delete-ignored": Fault(
        "Callbell acknowledges deleting a custom status and keeps it",
        prefix="/v1/custom_statuses/",
        method="DELETE",
        instead=_destroyed_without_destroying,
    ),
    "message-delete-ignored": Fault(
        "Callbell acknowledges deleting a message (204) and keeps its text",
        prefix="/v1/messages/",
        method="DELETE",
        instead=_no_content,
    ),
    "rename-ignored": Fault(
        "Callbell acknowledges renaming a channel and keeps its title",
        prefix="/v1/channels/",
        method="PATCH",
        instead=_renamed_without_renaming,
    ),
}


def slash_profile(requested: str | None, faults: tuple[str, ...]) -> str | None:
    """The trailing-slash profile to run: a fault's override, else what was asked for."""
    return next((FAULTS[name].slash_profile for name in faults if FAULTS[name].slash_profile), None) or requested


class FaultLayer:
    """The named faults, each applied to the requests under its prefix (the slash-quirk fault lives in the
    quirk layer)."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self._named = [FAULTS[name] for name in names if name in FAULTS]

    def applies(self, request: web.Request) -> bool:
        return any(_touches(fault, request) for fault in self._named)

    async def __call__(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        chosen = [fault for fault in self._named if _touches(fault, request)]
        for fault in chosen:
            if fault.before is not None:
                request = fault.before(request)
        instead = next((fault.instead for fault in chosen if fault.instead is not None), None)
        response = instead(request) if instead is not None else await handler(request)
        edits = [fault.after for fault in chosen if fault.after is not None]
        content_type = next((fault.content_type for fault in chosen if fault.content_type), None)
        if not isinstance(response, web.Response) or response.content_type != "application/json":
            return response
        if edits and response.body:
            body = json.loads(bytes(response.body))  # type: ignore[arg-type]
            for edit in edits:
                body = edit(body)
            response.body = dumps(body).encode()
        if content_type:
            response.content_type = content_type
        return response


def _touches(fault: Fault, request: web.Request) -> bool:
    path = request.path
    return (
        path.startswith(fault.prefix)
        and path.endswith(fault.suffix)
        and (fault.method is None or request.method == fault.method)
    )
