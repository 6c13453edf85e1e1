"""Schemathesis over each whole spec: generated positive and negative requests for every operation, then its
stateful phase over the spec's `links`, with schemathesis's built-in checks (`generated_engine.CHECKS`). Part of
every run unless `--no-generated` (`Target.generated`) leaves them out.

Per API, what this module decides and why:
- auth: contacts send `Authorization: Token <admin token>`, Callbell `Authorization: Bearer <token>`;
  conversations sign in first (`GET /csrf_token/`, then `POST /users/login/` as the first login) and send the
  `osessionid` and `csrftoken` cookies and `X-CSRFToken` with every case (not the session on logout, which
  would end it mid-run, nor on login, which would cycle its key). A missing credential skips the API.
- read-only: only GET, HEAD and OPTIONS are generated, no stateful phase, no fixtures; conversations do not
  sign in (that is a POST), so their session operations are only seen anonymously.
- nothing the suite did not create is changed or deleted: operations on one resource by path (PATCH, DELETE,
  Callbell's conversation open/close) are pinned to a resource created here for the purpose; the stateful
  phase follows only the spec's links from the create operations. Callbell's `POST /messages/send` is pinned
  to the suite's own contact's number, so a generated message never goes to a real customer.
- what is created carries `target.marker` at the front of a free-text field (contacts `subject`, Callbell
  `name`, conversations `message_content`, contact-us `message`) when the generated body is a positive one.
  Cleaned up: every contact created (contacts: by the runner with the admin token; Callbell: here, with the
  bearer token). Not cleanable, the APIs having no DELETE for them: conversations and their messages, contact-us
  e-mails, Callbell messages sent to the suite's contact.
- references: a create or update can only succeed when its body names data that exists on the server, so
  before generating, the suite reads what it may name through the API itself, and fills in positive bodies
  (never negative ones) just the fields that must name it (`Plan.references`). Conversations: the signed-in
  user's id (as `user` and as the author, `content_type` + `object_id`), a seller and an item (product or order
  item) from the user's own conversations (first and last page), and for a reply (`conversation`) one
  conversation the suite starts itself, marked; a body without `message_content` gets the marker as its message.
  With no conversation of the user's to read from, nothing is filled. Callbell contacts (create and update):
  tags and the assigned user seen on the account's contacts, its teams and active channels, and custom fields
  set to the first option of the account's dropdown and checkbox fields (no customer's data is copied); a
  reference the account has nothing for is left out. Without this, the stateful phase's creates are refused
  and the operations their links lead to are seldom reached.
- a refused token fails the check before anything is generated: schemathesis takes 401 for a fine answer to
  a valid request, so a dead credential would otherwise pass silently.
- stateful: at most `generated_engine.STATEFUL_MAX_STEPS` steps per scenario, `max_examples` scenarios, over
  the links create -> retrieve/update/delete (contacts, Callbell contacts), create -> retrieve (conversations),
  send -> status (Callbell messages).
- checks turned off for one operation are in `DISABLED`, for a whole API in `OFF`, each with its reason.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests

from contract_tests.exchange import Exchange
from contract_tests.generated_engine import Created, EngineRun, Plan, run_plan
from contract_tests.registry import Context, Failure, Failures, Skip, check
from hamta import spec_path
from hamta.openapi import resolve

__all__ = ["DISABLED", "OFF", "schemathesis_callbell", "schemathesis_contacts", "schemathesis_conversations"]

_EXISTS = (
    "values that must already exist in the account (tags, custom fields and their options, assigned user, "
    "team, channel) are a documented 422 when they do not; a JSON Schema cannot say which exist"
)

# operationId -> {schemathesis check: why it is off for that operation}.
DISABLED: dict[str, dict[str, dict[str, str]]] = {
    "contacts": {
        "contacts_destroy": {
            "ensure_resource_availability": "the safety pin may send a generated DELETE to the suite's own contact "
            "rather than the one schemathesis just created, so 'just created, then 404' is not what happened",
        },
        "contacts_detail_options": {
            "use_after_free": "OPTIONS never looks the contact up (DRF's SimpleMetadata fetches the object only to "
            "describe PUT, which the view lacks): 200 for a deleted contact is the documented behaviour",
        },
    },
    "conversations": {
        # A plain Django view that reads only what it needs: anything else is ignored, never an error.
        "akinon_auth_logout": {
            "negative_data_rejection": "a plain Django view (x-view: django) that ignores what it does not read: "
            "any other body or query answers the confirmation page",
        },
        "akinon_auth_logout_unslashed": {
            "negative_data_rejection": "a plain Django view (x-view: django) that ignores what it does not read: "
            "any other body or query answers the confirmation page",
        },
        "akinon_contact_us_create": {
            "positive_data_acceptance": "`subject` must be an existing subject and `order` one of the caller's "
            "orders (x-related); a schema-valid id that is neither is the documented 400",
        },
        "akinon_conversations_create": {
            "positive_data_acceptance": "`datasource` and `conversation` must exist (x-related) and `user` and the "
            "author must be the signed-in user; schema-valid bodies breaking that are the documented 400s",
        },
        "akinon_auth_login": {
            "positive_data_acceptance": "schema-valid credentials of no account are the documented 400",
        },
    },
    "callbell": {
        "callbell_contacts_destroy": {
            "ensure_resource_availability": "as for contacts_destroy: the safety pin may send a generated DELETE to "
            "the suite's own contact (deleted by an earlier case) rather than the one schemathesis just created",
        },
        "callbell_contacts_create": {"positive_data_acceptance": _EXISTS},
        "callbell_contacts_update": {"positive_data_acceptance": _EXISTS},
        "callbell_messages_send": {
            "positive_data_acceptance": _EXISTS + "; so are template rules and the 24-hour window",
        },
        "callbell_contacts_list": {
            "positive_data_acceptance": "`after` is an opaque cursor: a generated string is the spec's 400 "
            "`Invalid pagination cursor`",
        },
    },
}


# check -> why it is off for a whole API.
OFF: dict[str, dict[str, str]] = {
    "callbell": {
        "unsupported_method": "the spec documents 404 for a method a path lacks (Rails routes on method and path "
        "together; see spec/callbell.yaml), where this check expects 405",
        "allow_header_conformance": "as for unsupported_method: the documented 404 carries no Allow header",
    },
}


def _server(ctx: Context) -> str:
    """The spec's server path: requests to the target go to `base_url + _server(ctx) + path`."""
    return str(ctx.spec.document["servers"][0]["url"]).rstrip("/")


def _profile_dependent(ctx: Context) -> dict[str, dict[str, str]]:
    """Operations a deployment serves only under some profile (`x-profile-only`), when this target's profile is
    not known to be one: any method there may be Django's 404 for a path no route matches, not a 405."""
    profile = ctx.spec.profile(ctx.target.profile) if ctx.target.profile else None
    reason = "served only under some deployment profiles (x-profile-only); elsewhere every method is Django's 404"
    return {
        op.operation_id: {"unsupported_method": reason, "allow_header_conformance": reason}
        for op in ctx.spec.operations
        if op.exists_under(profile) is not True
    }


def _plan(ctx: Context, headers: dict[str, str] | None = None) -> Plan:
    target = ctx.target
    disabled = {**DISABLED.get(ctx.spec.name, {})}
    for operation_id, reasons in _profile_dependent(ctx).items():
        disabled[operation_id] = {**disabled.get(operation_id, {}), **reasons}
    return Plan(
        base_url=target.base_url + _server(ctx),
        server=_server(ctx),
        headers=headers or {},
        read_only=target.read_only,
        seed=target.seed,
        max_examples=target.max_examples,
        timeout=target.timeout,
        rate=target.rate,
        off=dict(OFF.get(ctx.spec.name, {})),
        disabled=disabled,
        marker=target.marker,
    )


def _credential_works(ctx: Context, path: str, headers: dict[str, str]) -> None:
    """schemathesis counts a 401 as an acceptable answer to a valid request, so a dead credential would make
    a silent pass: one plain read first."""
    response = ctx.client.request("GET", path, headers=headers)
    if response.status_code in (401, 403):
        raise Failure(
            f"the credential is refused ({response.status_code}): nothing generated would be tested", ctx.client.last
        )


def _raise(failures: list[Failure]) -> None:
    if failures:
        raise Failures(failures)


# -- contacts -----------------------------------------------------------------------------------------------------

_CONTACTS = "/api/contacts/"


def _contact_created(method: str, path: str, status: int, body: Any) -> str | None:
    made = method == "POST" and path == _CONTACTS and status == 201
    return f"{_CONTACTS}{body['id']}/" if made and isinstance(body, dict) and isinstance(body.get("id"), int) else None


def _contacts_fixture(ctx: Context, headers: dict[str, str], purpose: str) -> int:
    subject = f"{ctx.target.marker} generated {purpose}"
    response = ctx.client.request("POST", _CONTACTS, json={"subject": subject}, headers=headers)
    if response.status_code != 201:
        raise Failure(f"could not create the contact to pin {purpose} to: {response.status_code}", ctx.client.last)
    contact_id = int(response.json()["id"])
    ctx.cleanup.append(f"{_CONTACTS}{contact_id}/")
    return contact_id


@check("contacts", "schemathesis_contacts", "* generated", generated=True)
def schemathesis_contacts(ctx: Context) -> None:
    """Schemathesis over the contacts spec, as the admin token."""
    token = ctx.target.token("admin")
    if token is None:
        raise Skip("no token for the 'admin' role")
    plan = _plan(ctx, {"Authorization": f"Token {token}"})
    _credential_works(ctx, f"{_CONTACTS}?limit=1", plan.headers)
    plan.marked = {"contacts_create": ("subject", 255), "contacts_partial_update": ("subject", 255)}
    plan.created = _contact_created
    profile = ctx.spec.profile(ctx.target.profile) if ctx.target.profile else None
    plan.format_suffixes = profile is None or bool(profile.settings.get("format-suffixes"))
    if not ctx.target.read_only:
        plan.pins = {
            "contacts_partial_update": {"id": _contacts_fixture(ctx, plan.headers, "PATCH")},
            "contacts_destroy": {"id": _contacts_fixture(ctx, plan.headers, "DELETE")},
        }
    result = EngineRun()
    try:
        run_plan(plan, str(spec_path("contacts")), into=result)
    finally:  # the runner deletes these with the admin token once every check has run
        ctx.cleanup.extend(path for path in result.created if path not in ctx.cleanup)
    _raise(result.failures)


# -- conversations ------------------------------------------------------------------------------------------------

# Sent without the session cookie: logout would end it, and a login cycles its key (Django's `login()`).
_NO_SESSION = frozenset({"/users/logout/", "/users/logout", "/users/login/"})


def _sign_in(ctx: Context) -> dict[str, str]:
    """A session of the first login, on a private HTTP session (the suites' shared one keeps no cookies)."""
    email, password = ctx.target.logins[0]
    session = requests.Session()
    timeout = ctx.target.timeout
    base = ctx.target.base_url + _server(ctx)
    session.get(base + "/csrf_token/", timeout=timeout)
    csrf = session.cookies.get("csrftoken") or ""
    response = session.post(
        base + "/users/login/",
        json={"email": email, "password": password},
        headers={"X-CSRFToken": csrf},
        timeout=timeout,
    )
    cookies = {"osessionid": session.cookies.get("osessionid") or "", "csrftoken": session.cookies.get("csrftoken")}
    if response.status_code != 200 or not cookies["osessionid"] or not cookies["csrftoken"]:
        prepared = response.request
        raw = prepared.body.encode() if isinstance(prepared.body, str) else prepared.body
        body = raw if isinstance(raw, bytes) else None
        exchange = Exchange(
            prepared.method or "POST",
            prepared.url or "",
            {k: str(v) for k, v in prepared.headers.items()},
            body,
            response.status_code,
        )
        raise Failure(f"could not sign in as {email}: {response.status_code} {response.text[:200]}", exchange)
    return {name: str(value) for name, value in cookies.items()}


def _session_auth(session: dict[str, str]) -> type:
    class SessionAuth:
        """Hands schemathesis the suite's one session; sets the cookies and the CSRF header on each case."""

        def get(self, case: Any, context: Any) -> dict[str, str]:
            return session

        def set(self, case: Any, data: dict[str, str], context: Any) -> None:
            cookies = {"csrftoken": data["csrftoken"]}
            if context.operation.path not in _NO_SESSION:
                cookies["osessionid"] = data["osessionid"]
            case.cookies = {**(case.cookies or {}), **cookies}
            if case.headers is None:
                case.headers = {}
            case.headers["X-CSRFToken"] = data["csrftoken"]

    return SessionAuth


_CONVERSATIONS = "/users/conversations/"


@dataclass
class _Known:
    """What the signed-in user's own conversations show (their id, a seller, an item of each kind), and the
    conversation the suite started to reply in."""

    user: int
    datasource: int
    items: dict[str, int]  # item_content -> the id of one such item: a product, or one of the user's order items
    conversation: int = 0


def _known(ctx: Context, session: dict[str, str]) -> _Known | None:
    """Read from the user's first and last pages of conversations (the newest may all be the suite's own, about
    no item); None when they have none (nothing to refer to)."""
    own: list[dict[str, Any]] = []
    for query in ("", "?page=last"):
        response = ctx.client.request("GET", _server(ctx) + _CONVERSATIONS + query, cookies=session)
        body = response.json() if response.status_code == 200 else None
        results = body.get("results") if isinstance(body, dict) else None
        own += [c for c in results or [] if isinstance(c, dict) and isinstance(c.get("user"), int)]
    sellers = [c["datasource"].get("pk") for c in own if isinstance(c.get("datasource"), dict)]
    sellers = [pk for pk in sellers if isinstance(pk, int)]
    if not own or not sellers:
        return None
    items: dict[str, int] = {}
    for conversation in own:
        item, kind = conversation.get("item_object"), conversation.get("item_content")
        if isinstance(kind, str) and isinstance(item, dict) and isinstance(item.get("pk"), int):
            items.setdefault(kind, item["pk"])
    return _Known(user=own[0]["user"], datasource=sellers[0], items=items)


def _conversation_fixture(ctx: Context, session: dict[str, str], known: _Known) -> int:
    """A conversation of the suite's own, for generated replies (a reply adds a message to it)."""
    body = {
        "user": known.user,
        "datasource": known.datasource,
        "conversation_type": "message",
        "user_type": "registered",
        "content_type": "user",
        "object_id": known.user,
        "message_content": f"{ctx.target.marker} generated replies",
    }
    headers = {"X-CSRFToken": session["csrftoken"]}
    response = ctx.client.request("POST", _server(ctx) + _CONVERSATIONS, json=body, headers=headers, cookies=session)
    created = response.json() if response.status_code == 201 else None
    if not isinstance(created, dict) or not isinstance(created.get("id"), int):
        raise Failure(f"could not start the conversation to reply in: {response.status_code}", ctx.client.last)
    return int(created["id"])


def _conversation_references(known: _Known, marker: str) -> Callable[[dict[str, Any]], None]:
    """A positive create names the signed-in user (as `user` and as the author), a seller of theirs, an item
    they have seen and, for a reply, the suite's own conversation. A body without `message_content` gets the
    marker as its message, so that the conversation it starts is marked too."""

    def fill(body: dict[str, Any]) -> None:
        body["user"] = known.user
        body["datasource"] = known.datasource
        if "content_type" in body:
            body["content_type"] = "user"
        if "object_id" in body:
            body["object_id"] = known.user
        if body.get("conversation") is not None:
            body["conversation"] = known.conversation
        if body.get("item_content") is not None or body.get("item_id") is not None:
            kind = body.get("item_content")
            kind = kind if kind in known.items else next(iter(known.items), None)
            if kind is None:  # no item of theirs to name: a conversation about nothing in particular
                body.pop("item_content", None)
                body.pop("item_id", None)
            else:
                body["item_content"], body["item_id"] = kind, known.items[kind]
        body.setdefault("message_content", marker)

    return fill


@check("conversations", "schemathesis_conversations", "* generated", generated=True)
def schemathesis_conversations(ctx: Context) -> None:
    """Schemathesis over the conversations spec, signed in as the first login (anonymous when read-only)."""
    _raise(run_plan(_conversations_plan(ctx), str(spec_path("conversations"))).failures)


def _conversations_plan(ctx: Context) -> Plan:
    if not ctx.target.logins:
        raise Skip("no conversations login given")
    plan = _plan(ctx)
    plan.marked = {
        "akinon_conversations_create": ("message_content", None),
        "akinon_contact_us_create": ("message", None),
    }
    if not ctx.target.read_only:
        session = _sign_in(ctx)
        plan.auth = _session_auth(session)
        known = _known(ctx, session)
        if known is not None:
            known.conversation = _conversation_fixture(ctx, session, known)
            plan.references = {"akinon_conversations_create": _conversation_references(known, ctx.target.marker)}
    return plan


# -- Callbell -----------------------------------------------------------------------------------------------------


def _callbell_contact(body: Any) -> dict[str, Any] | None:
    contact = body.get("contact") if isinstance(body, dict) else None
    if isinstance(contact, list) and contact:
        contact = contact[0]  # the legacy one-item array form
    return contact if isinstance(contact, dict) else None


def _callbell_created(server: str) -> Created:
    """What a generated request made that the run must delete: a contact, or a custom status (which a real
    account would otherwise keep, under a generated name, for every agent to see)."""

    def created(method: str, path: str, status: int, body: Any) -> str | None:
        if method != "POST" or status not in (200, 201):
            return None
        if path == "/contacts":
            contact = _callbell_contact(body)
            uuid = contact.get("uuid") if contact else None
            return f"{server}/contacts/{uuid}" if isinstance(uuid, str) and uuid else None
        if path == "/custom_statuses":
            status_made = body.get("customStatus") if isinstance(body, dict) else None
            made_id = status_made.get("id") if isinstance(status_made, dict) else None
            return f"{server}/custom_statuses/{made_id}" if isinstance(made_id, str) and made_id else None
        return None

    return created


def _callbell_fixture(ctx: Context, headers: dict[str, str], purpose: str) -> tuple[str, str]:
    """(uuid, phone number identifier) of a contact made to be the target of `purpose`."""
    digits = int(hashlib.sha256(f"{ctx.target.seed} {purpose}".encode()).hexdigest(), 16) % 10**7
    identifier = f"98900{digits:07d}"
    body = {"identifier": identifier, "source": "whatsapp", "name": f"{ctx.target.marker} generated {purpose}"}
    response = ctx.client.request("POST", f"{_server(ctx)}/contacts", json=body, headers=headers)
    contact = _callbell_contact(response.json()) if response.status_code == 200 else None
    if contact is None or not isinstance(contact.get("uuid"), str):
        raise Failure(f"could not create the contact to pin {purpose} to: {response.status_code}", ctx.client.last)
    return contact["uuid"], identifier


@dataclass
class _Account:
    """What the account's own lists show: its teams, active channels, tags, agents, funnels, and custom field
    values made of the fields' own options (dropdown, checkbox), so no customer's data is copied."""

    teams: list[str]
    channels: list[str]
    tags: list[str]
    users: list[str]
    custom_fields: dict[str, str | list[str]]
    funnels: list[str] = field(default_factory=list)


def _callbell_account(ctx: Context, headers: dict[str, str]) -> _Account:
    server = _server(ctx)

    def listed(path: str, key: str) -> list[dict[str, Any]]:
        response = ctx.client.request("GET", server + path, headers=headers)
        body = response.json() if response.status_code == 200 else None
        items = body.get(key) if isinstance(body, dict) else None
        return [item for item in items or [] if isinstance(item, dict)]

    contacts = listed("/contacts?include_field_types=true", "contacts")
    account = _Account(
        teams=[t["uuid"] for t in listed("/teams", "teams") if isinstance(t.get("uuid"), str)],
        channels=[
            c["uuid"]
            for c in listed("/channels", "channels")
            if isinstance(c.get("uuid"), str) and not c.get("discardedAt")
        ],
        tags=list(dict.fromkeys(t for c in contacts for t in c.get("tags") or [] if isinstance(t, str))),
        users=list(dict.fromkeys(c["assignedUser"] for c in contacts if isinstance(c.get("assignedUser"), str))),
        custom_fields={},
        funnels=[f["uuid"] for f in listed("/funnels", "funnels") if isinstance(f.get("uuid"), str)],
    )
    for contact in contacts:
        metadata = contact.get("customFieldsMetadata")
        for name, meta in (metadata if isinstance(metadata, dict) else {}).items():
            options = meta.get("options") if isinstance(meta, dict) else None
            if not isinstance(options, list) or not options or not isinstance(options[0], str):
                continue
            kind = meta.get("type")
            if kind == "dropdown":
                account.custom_fields.setdefault(name, options[0])
            elif kind == "checkbox":
                account.custom_fields.setdefault(name, [options[0]])
    return account


def _callbell_references(account: _Account) -> Callable[[dict[str, Any]], None]:
    """A positive contact body names only tags, custom fields and options, agents, teams and channels that the
    account's own lists show; a reference with nothing to stand for is left out."""

    def fill(body: dict[str, Any]) -> None:
        if isinstance(body.get("tags"), list):
            body["tags"] = (
                [account.tags[i % len(account.tags)] for i in range(len(body["tags"]))] if account.tags else []
            )
        if isinstance(body.get("custom_fields"), dict):
            body["custom_fields"] = dict(account.custom_fields)
        for name, known in (
            ("assigned_user", account.users),
            ("team_uuid", account.teams),
            ("channel_uuid", account.channels),
        ):
            if name in body:
                if known:
                    body[name] = known[0]
                else:
                    del body[name]

    return fill


def _callbell_funnel(account: _Account) -> Callable[[dict[str, Any]], None]:
    """A positive update_funnel body names one of the account's funnels (an unknown one is the spec's 422)."""

    def fill(body: dict[str, Any]) -> None:
        if "funnel_id" in body and account.funnels:
            body["funnel_id"] = account.funnels[0]

    return fill


_NOBODY = "hamta-ct-none"  # a path id no account has: an unsafe operation nobody pinned only ever meets a 404


def _operation_ids(ctx: Context, method: str, path: str) -> list[str]:
    return [op.operation_id for op in ctx.spec.operations if op.method == method and op.path == path]


def _callbell_safety(ctx: Context, plan: Plan, kept: str, gone: str) -> None:
    """What keeps a generated run against a real account from touching what the user did not name:
    - every unsafe operation on one contact (`/contacts/{uuid}...`) works on the suite's own contact (its
      DELETE on a second one); every other unsafe operation with a path id (a channel, team, template, custom
      status, user status, message) gets an id no account has, so it only ever meets the 404;
    - a send goes only to `--callbell-test-number`, a webhook only to `--callbell-test-webhook` (and
      unsubscribing, which removes the account's webhook, runs only with it); without them they are not
      generated."""
    for operation in ctx.spec.operations:
        if operation.method in ("GET", "HEAD", "OPTIONS") or operation.operation_id in plan.pins:
            continue
        names = re.findall(r"\{([^}]+)\}", operation.path)
        if not names:
            continue
        if operation.path.startswith("/contacts/{uuid}"):
            chosen = gone if operation.method == "DELETE" and operation.path == "/contacts/{uuid}" else kept
            plan.pins[operation.operation_id] = {"uuid": chosen, **{n: _NOBODY for n in names if n != "uuid"}}
        else:
            plan.pins[operation.operation_id] = dict.fromkeys(names, _NOBODY)
    number, webhook = ctx.target.callbell_test_number, ctx.target.callbell_test_webhook
    for operation_id in _operation_ids(ctx, "POST", "/messages/send"):
        if number:
            plan.forced[operation_id] = {"to": number}
        else:
            plan.excluded[operation_id] = "no --callbell-test-number: no message is sent to a number nobody named"
    for operation_id in _operation_ids(ctx, "POST", "/webhooks/subscribe"):
        if webhook:
            plan.forced[operation_id] = {"url": webhook}
        else:
            plan.excluded[operation_id] = "no --callbell-test-webhook: no webhook goes to a URL nobody named"
    for operation_id in _operation_ids(ctx, "DELETE", "/webhooks/unsubscribe"):
        if not webhook:
            plan.excluded[operation_id] = "no --callbell-test-webhook: the account's own webhook is left alone"


@check("callbell", "schemathesis_callbell", "* generated", generated=True)
def schemathesis_callbell(ctx: Context) -> None:
    """Schemathesis over the whole Callbell spec, with the bearer token; deletes every contact and custom status it
    created (and unsubscribes the test webhook, when one was named)."""
    if not ctx.target.bearer:
        raise Skip("no Callbell bearer token given")
    server = _server(ctx)
    plan = _plan(ctx, {"Authorization": f"Bearer {ctx.target.bearer}"})
    _credential_works(ctx, f"{server}/teams", plan.headers)
    plan.marked = {"callbell_contacts_create": ("name", None), "callbell_contacts_update": ("name", None)}
    plan.created = _callbell_created(server)
    listing = ctx.spec.operation("callbell_contacts_list").raw if "/contacts" in ctx.spec.paths() else {}
    if not any(resolve(ctx.spec.document, p).get("name") == "after" for p in listing.get("parameters") or []):
        plan.disabled.pop("callbell_contacts_list", None)  # only a spec with the `after` cursor needs it off
    made: list[str] = []
    result = EngineRun()
    try:
        if not ctx.target.read_only:
            kept, _ = _callbell_fixture(ctx, plan.headers, "PATCH and conversation")
            gone, _ = _callbell_fixture(ctx, plan.headers, "DELETE")
            made += [f"{server}/contacts/{kept}", f"{server}/contacts/{gone}"]
            plan.pins = {
                "callbell_contacts_update": {"uuid": kept},
                "callbell_contact_conversation_open": {"uuid": kept},
                "callbell_contact_conversation_close": {"uuid": kept},
                "callbell_contacts_destroy": {"uuid": gone},
            }
            _callbell_safety(ctx, plan, kept, gone)
            account = _callbell_account(ctx, plan.headers)
            fill = _callbell_references(account)
            plan.references = {
                "callbell_contacts_create": fill,
                "callbell_contacts_update": fill,
                "callbell_contact_conversation_update_funnel": _callbell_funnel(account),
            }
        run_plan(plan, str(spec_path("callbell")), into=result)
    finally:  # the runner's cleanup speaks DRF's Token; what Callbell's run made is deleted here, with the bearer
        for path in made + [path for path in result.created if path not in made]:
            ctx.client.request("DELETE", path, headers=plan.headers)
        if ctx.target.callbell_test_webhook and not ctx.target.read_only:
            ctx.client.request("DELETE", f"{server}/webhooks/unsubscribe", headers=plan.headers)
    _raise(result.failures)
