"""Semantic checks of the Callbell API, as Callbell's docs promise it (spec/callbell-docs.md): Bearer auth,
references that must exist, `page` paging, every readable endpoint answering in its documented shape, the
documented writes holding on a contact the suite creates, a sent message showing up among the contact's
messages, and webhook delivery.

Against a real account nothing is sent anywhere the user did not name: a message or template goes only to
`--callbell-test-number`, a webhook is subscribed only to `--callbell-test-webhook`; without them those checks
skip, saying so."""

from __future__ import annotations

import re
import time
from typing import Any

import requests

from contract_tests import mock_clock
from contract_tests.registry import Context, Failure, Failures, Skip, check
from contract_tests.shapes import shape_differences
from hamta.openapi import resolve

CONTACTS = "/v1/contacts"
NO_NUMBER = "no --callbell-test-number: nothing is sent to a number the user did not name"
_NO_WEBHOOK = "no --callbell-test-webhook: no webhook is subscribed to a URL the user did not name"


def _auth(ctx: Context) -> dict[str, str]:
    if not ctx.target.bearer:
        raise Skip("no Callbell token: --bearer")
    return {"Authorization": f"Bearer {ctx.target.bearer}"}


def call(ctx: Context, method: str, path: str, **kwargs: Any) -> requests.Response:
    return ctx.client.request(method, path, headers=_auth(ctx), **kwargs)


def one_contact(contact: Any) -> Any:
    """The contact of either documented wrapper: an object, or a one-item array (C1)."""
    return contact[0] if isinstance(contact, list) and contact else contact


def _contact(ctx: Context, **extra: Any) -> requests.Response:
    # A number no real person has: the 0999 999 range, made distinct per created contact. Creating a contact
    # sends nothing to it.
    number = f"+98 999 999 {len(ctx.cleanup):04d}"
    body = {"identifier": number, "source": "whatsapp", "name": f"{ctx.target.marker} contact", **extra}
    response = call(ctx, "POST", CONTACTS, json=body)
    if response.status_code == 200:
        contact = one_contact(response.json()["contact"])
        ctx.cleanup.append(f"{CONTACTS}/{contact['uuid']}")
    return response


def _delete_created(ctx: Context, created: requests.Response) -> None:
    """Callbell's contacts are deleted with the bearer (the runner's cleanup speaks DRF's Token)."""
    if created.status_code == 200:
        path = f"{CONTACTS}/{one_contact(created.json()['contact'])['uuid']}"
        call(ctx, "DELETE", path)
        if path in ctx.cleanup:
            ctx.cleanup.remove(path)


@check("callbell", "bearer_required", f"GET {CONTACTS}")
def bearer_required(ctx: Context) -> None:
    """No token and an unknown token are refused (documented, authorization.md:7: every request carries the
    Bearer token); that the refusal is a 401 is the spec's inference."""
    for headers in ({}, {"Authorization": "Bearer not-a-token"}):
        response = ctx.client.request("GET", CONTACTS, headers=headers)
        refused(ctx, response, f"{headers or 'no token'}: a request without a valid token", 401)


def refused(ctx: Context, response: requests.Response, what: str, status: int) -> None:
    """The docs promise a refusal (a defect if it is accepted); its status is the spec's inference (a finding
    reported apart if it differs)."""
    if response.status_code < 400:
        raise Failure(f"{what} was accepted ({response.status_code})", ctx.client.last, documented=True)
    if response.status_code != status:
        message = f"{what}: expected {status}, got {response.status_code}"
        raise Failure(message, ctx.client.last, statuses=(str(status),))


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


def _step(ctx: Context, method: str, path: str, what: str, **kwargs: Any) -> Any:
    """One request of a check, on what the check made (or reads); a refusal is a finding about its status (the
    docs give no status but 200 for these, so a refusal's is the spec's inference: reported apart)."""
    response = call(ctx, method, path, **kwargs)
    if response.status_code != 200:
        raise Failure(f"{what} answered {response.status_code} {response.text[:200]}", ctx.client.last)
    return response.json()


@check("callbell", "contact_writes_hold", f"PATCH {CONTACTS}/{{uuid}}", writes=True)
def contact_writes_hold(ctx: Context) -> None:
    """On a contact the suite creates (a number nobody has; nothing is sent): PATCH `name` renames it, and GET
    reads the new name (patch_contacts.md:8); closing its conversation sets `closedAt` (close.md:8, "set to
    the current UTC date") and reopening clears it (open.md:8, "set to null"); DELETE removes it
    (delete_contact.md:8), so GET no longer answers it."""
    created = _contact(ctx)
    if created.status_code != 200:
        raise Failure(f"could not create a contact to write to: {created.status_code}", ctx.client.last)
    path = f"{CONTACTS}/{one_contact(created.json()['contact'])['uuid']}"
    try:
        name = f"{ctx.target.marker} نام تازه"
        renamed = one_contact(_step(ctx, "PATCH", path, "PATCH name", json={"name": name})["contact"])
        if renamed.get("name") != name:
            raise Failure(f"PATCH name answered the name {renamed.get('name')!r}", ctx.client.last, documented=True)
        read = one_contact(_step(ctx, "GET", path, "GET after PATCH")["contact"])
        if read.get("name") != name:
            raise Failure(f"GET after PATCH name reads {read.get('name')!r}", ctx.client.last, documented=True)
        closed = one_contact(_step(ctx, "POST", f"{path}/conversation/close", "close")["contact"])
        if not closed.get("closedAt"):
            raise Failure("closing the conversation left `closedAt` empty", ctx.client.last, documented=True)
        opened = one_contact(_step(ctx, "POST", f"{path}/conversation/open", "open")["contact"])
        if opened.get("closedAt") is not None:
            message = f"reopening the conversation left `closedAt` {opened.get('closedAt')!r}"
            raise Failure(message, ctx.client.last, documented=True)
    finally:
        deleted = call(ctx, "DELETE", path)
        if path in ctx.cleanup:
            ctx.cleanup.remove(path)
    if deleted.status_code != 200:
        raise Failure(f"DELETE answered {deleted.status_code} {deleted.text[:200]}", ctx.client.last)
    if call(ctx, "GET", path).status_code == 200:
        raise Failure("the deleted contact is still answered by GET", ctx.client.last, documented=True)


STATUSES = "/v1/custom_statuses"


@check("callbell", "custom_status_writes_hold", f"POST {STATUSES}", writes=True)
def custom_status_writes_hold(ctx: Context) -> None:
    """A custom status the suite creates under its marker (worn by nobody) is read back by id with its name
    (post_custom_status.md:8, get_custom_status.md:8), renamed by PUT (put_custom_status.md:8) and gone after
    DELETE (delete_custom_status.md:8)."""
    name = f"{ctx.target.marker} وضعیت"
    created = _step(ctx, "POST", STATUSES, "POST a custom status", json={"name": name})
    status = created.get("customStatus") if isinstance(created, dict) else None
    if not isinstance(status, dict) or not status.get("id"):
        raise Failure(f"the created custom status has no id: {created!r:.200}", ctx.client.last, documented=True)
    path = f"{STATUSES}/{status['id']}"

    def reads(expected: str, after: str) -> None:
        read = _step(ctx, "GET", path, f"GET after {after}").get("customStatus") or {}
        if read.get("name") != expected:
            message = f"GET after {after} reads the name {read.get('name')!r}, not {expected!r}"
            raise Failure(message, ctx.client.last, documented=True)

    try:
        reads(name, "POST")
        _step(ctx, "PUT", path, "PUT a new name", json={"name": f"{name} ۲"})
        reads(f"{name} ۲", "PUT")
    finally:
        deleted = call(ctx, "DELETE", path)
    if deleted.status_code != 200:
        raise Failure(f"DELETE answered {deleted.status_code} {deleted.text[:200]}", ctx.client.last)
    if call(ctx, "GET", path).status_code == 200:
        raise Failure("the deleted custom status is still answered by GET", ctx.client.last, documented=True)


_NO_ACCOUNT_WRITES = (
    "no --callbell-account-writes: the account's channels, teams and templates are not renamed (even for a moment)"
)
# What the account-writes check renames and back: (list path, list key, detail key, the field PATCH sets, docs page).
_RENAMED = (
    ("/v1/channels", "channels", "channel", "title", "channels_api/patch_channel.md:8"),
    ("/v1/teams", "teams", "team", "name", "teams_api/patch_team.md:8"),
    ("/v1/templates", "templates", "template", "title", "template_messages_api/patch_templates.md:8"),
)


@check("callbell", "account_writes_hold", "PATCH /v1/channels/{uuid}", writes=True)
def account_writes_hold(ctx: Context) -> None:
    """With `--callbell-account-writes` only: the account's first channel, team and template are each renamed by
    PATCH (the field its docs page names), read back by GET with the new name, and renamed back at once (also
    when a step fails); the old name read back is checked too. A user's status is not changed: the API has no
    way to read it first, so it could not be put back."""
    if not ctx.target.callbell_account_writes:
        raise Skip(_NO_ACCOUNT_WRITES)
    for listing, plural, key, field, page in _RENAMED:
        items = [item for item in _step(ctx, "GET", listing, f"GET {listing}").get(plural) or [] if item]
        if not items:
            continue
        path, original = f"{listing}/{items[0]['uuid']}", items[0][field]
        renamed = f"{ctx.target.marker} {original}"[:60]
        try:
            _step(ctx, "PATCH", path, f"PATCH {path} {field}", json={field: renamed})
            read = _step(ctx, "GET", path, f"GET {path} after PATCH").get(key) or {}
            if read.get(field) != renamed:
                message = f"GET {path} after PATCH {field} reads {read.get(field)!r} ({page})"
                raise Failure(message, ctx.client.last, documented=True)
        finally:
            call(ctx, "PATCH", path, json={field: original})
        restored = _step(ctx, "GET", path, f"GET {path} after renaming back").get(key) or {}
        if restored.get(field) != original:
            message = f"{path}: renamed back to {original!r}, GET reads {restored.get(field)!r} ({page})"
            raise Failure(message, ctx.client.last, documented=True)


@check("callbell", "contacts_paging", f"GET {CONTACTS}")
def contacts_paging(ctx: Context) -> None:
    """`page` (the only paging the docs give, default 1) walks the contacts: no contact twice, and page 1 is
    the request without `page`. The page size, order and end are undocumented: the walk stops at an empty
    page."""
    first = call(ctx, "GET", CONTACTS).json()["contacts"]
    seen: list[str] = []
    for page in range(1, 1001):
        contacts = call(ctx, "GET", CONTACTS, params={"page": str(page)}).json()["contacts"]
        if page == 1 and [c["uuid"] for c in contacts] != [c["uuid"] for c in first]:
            raise Failure("page=1 differs from the list without `page` (documented default 1)", ctx.client.last)
        if not contacts:
            break
        seen += [c["uuid"] for c in contacts]
    if len(seen) != len(set(seen)):
        raise Failure("a contact came twice while walking the pages", ctx.client.last)


# -- documented shapes ---------------------------------------------------------------------------------------------


def _reshaped(example: Any, shape: str | None) -> Any:
    """The example with every `contact` wrapper in the forced form ("object" or "array"); as is for None."""
    if shape is None:
        return example
    if isinstance(example, list):
        return [_reshaped(item, shape) for item in example]
    if not isinstance(example, dict):
        return example
    result = {key: _reshaped(value, shape) for key, value in example.items()}
    if isinstance(result.get("contact"), dict | list) and result["contact"] != []:
        one = one_contact(result["contact"])
        result["contact"] = [one] if shape == "array" else one
    return result


def _examples(document: dict[str, Any], response: Any) -> list[Any]:
    media = (resolve(document, response).get("content") or {}).get("application/json") or {}
    if "examples" in media:
        return [resolve(document, example).get("value") for example in media["examples"].values()]
    return [media["example"]] if "example" in media else []


def _first_id(body: Any) -> str | None:
    """The `uuid` (or `id`) of the first item of the first list in a list's answer."""
    if not isinstance(body, dict):
        return None
    for value in body.values():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            found = value[0].get("uuid", value[0].get("id"))
            return str(found) if found is not None else None
    return None


@check("callbell", "documented_shapes", "GET *")
def documented_shapes(ctx: Context) -> None:
    """Every GET of the spec answers 200 in the shape of its documented example (keys, JSON types, nesting:
    contract_tests.shapes), one of them when the docs show several (e.g. `include_field_types`). A path
    parameter takes the first item of the list one level up (`/teams/{uuid}` the first of `/teams`); a GET
    whose parameter has no such list is left out, and so is a GET without one that answers the 404 its
    operation declares (an account with no webhook has no webhook events). Read-only: safe on a real
    account."""
    document = ctx.spec.document
    server = str(document["servers"][0]["url"]).rstrip("/")
    lists: dict[str, Any] = {}
    problems: list[Failure] = []
    for operation in ctx.spec.operations:
        if operation.method != "GET":
            continue
        path, ok = operation.path, True
        for match in re.finditer(r"\{[^}]+\}", operation.path):
            parent = operation.path[: match.start()].rstrip("/")
            if parent not in lists:
                answered = call(ctx, "GET", server + parent) if parent in ctx.spec.paths() else None
                lists[parent] = answered.json() if answered is not None and answered.status_code == 200 else None
            found = _first_id(lists[parent])
            if found is None:
                ok = False
                break
            path = path.replace(match.group(0), found, 1)
        if not ok:
            continue
        examples = [
            _reshaped(example, ctx.target.callbell_contact_shape)
            for example in _examples(document, (operation.raw.get("responses") or {}).get("200") or {})
        ]
        response = call(ctx, "GET", server + path)
        label = f"GET {server}{operation.path}"
        if response.status_code == 404 and path == operation.path and "404" in operation.raw.get("responses", {}):
            continue  # the account has none of it (GET /webhooks/events without a webhook): nothing to compare
        if response.status_code != 200:
            message = f"expected 200, got {response.status_code}: {response.text[:200]}"
            problems.append(Failure(message, ctx.client.last, label, statuses=("200",)))
            continue
        schema = (
            (resolve(document, operation.raw["responses"]["200"]).get("content") or {}).get("application/json") or {}
        ).get("schema")
        tries = [shape_differences(example, response.json(), schema, document) for example in examples]
        if tries and all(tries):
            message = "not in the documented shape: " + "; ".join(min(tries, key=len)[:6])
            problems.append(Failure(message, ctx.client.last, label))
    if problems:
        raise Failures(problems)


# -- what is sent: only to what the user named ---------------------------------------------------------------------


def with_main_channel(ctx: Context, body: dict[str, Any]) -> None:
    """`channel_uuid` is documented as required, though the docs' own send examples leave it out (C14): the
    account's main WhatsApp channel, when it has one."""
    channels = call(ctx, "GET", "/v1/channels").json().get("channels", [])
    main = next((c for c in channels if c.get("type") == "whatsapp" and c.get("main")), None)
    if main is not None:
        body["channel_uuid"] = main["uuid"]


@check("callbell", "sent_message_listed", "POST /v1/messages/send", writes=True)
def sent_message_listed(ctx: Context) -> None:
    """A text sent to the test number is enqueued (the documented first status), shows up among its contact's
    messages (`fields=contact` names the contact, as documented), and is deleted by its uuid with a 204, its
    text gone from Callbell (delete_message.md:8). A regular message needs the customer to have written in the
    last 24 hours (the 24-hour rule): on a hamta mock the test number's customer writes first (mock_clock); on
    a real account that is the test number's owner's part."""
    number = ctx.target.callbell_test_number
    if not number:
        raise Skip(NO_NUMBER)
    if mock_clock.drivable(ctx):
        mock_clock.customer_writes(ctx, number)
    text = f"{ctx.target.marker} پیام آزمایشی"
    body = {"from": "whatsapp", "to": number, "type": "text", "content": {"text": text}, "fields": "contact"}
    with_main_channel(ctx, body)
    sent = call(ctx, "POST", "/v1/messages/send", json=body)
    if sent.status_code != 200 or sent.json()["message"]["status"] != "enqueued":
        raise Failure(f"send answered {sent.status_code} {sent.text[:200]}", ctx.client.last)
    contact = sent.json()["message"].get("contact")
    if not isinstance(contact, dict) or not contact.get("uuid"):
        raise Failure("`fields=contact` did not name the contact the message went to", ctx.client.last)
    listed = f"{CONTACTS}/{contact['uuid']}/messages"
    if text not in [m.get("text") for m in call(ctx, "GET", listed).json().get("messages", [])]:
        raise Failure("the sent message is not among the contact's messages", ctx.client.last)
    deleted = call(ctx, "DELETE", f"/v1/messages/{sent.json()['message']['uuid']}")
    if deleted.status_code != 204:
        message = f"deleting the sent message answered {deleted.status_code}, not the documented 204"
        raise Failure(message, ctx.client.last, documented=True)
    if text in [m.get("text") for m in call(ctx, "GET", listed).json().get("messages", [])]:
        message = "the deleted message's text is still listed (delete_message.md)"
        raise Failure(message, ctx.client.last, documented=True)


def _deliveries(ctx: Context, event: str) -> list[dict[str, Any]]:
    response = call(ctx, "GET", "/v1/webhooks/events", params={"subscriptions": event})
    if response.status_code != 200:
        message = f"GET /webhooks/events answered {response.status_code}"
        raise Failure(message, ctx.client.last, "GET /v1/webhooks/events", statuses=("200",))
    events = response.json().get("webhook_events")
    return [item for item in events or [] if isinstance(item, dict)]


@check("callbell", "webhook_delivered", "POST /v1/webhooks/subscribe", writes=True)
def webhook_delivered(ctx: Context) -> None:
    """Subscribed to `contact_created` at the test URL, a contact the suite creates is delivered there as
    `{event, payload}` and listed by GET /webhooks/events with the receiver's response; unsubscribed after."""
    url = ctx.target.callbell_test_webhook
    if not url:
        raise Skip(_NO_WEBHOOK)
    subscribed = call(ctx, "POST", "/v1/webhooks/subscribe", json={"url": url, "subscriptions": ["contact_created"]})
    if subscribed.status_code != 200:
        raise Failure(f"subscribe answered {subscribed.status_code} {subscribed.text[:200]}", ctx.client.last)
    created = None
    try:
        created = _contact(ctx)
        if created.status_code != 200:
            raise Failure(f"could not create a contact to be notified of: {created.status_code}", ctx.client.last)
        uuid = one_contact(created.json()["contact"])["uuid"]
        deadline = time.monotonic() + 30
        while True:
            found = [
                item
                for item in _deliveries(ctx, "contact_created")
                if isinstance(item.get("payload"), dict) and item["payload"].get("uuid") == uuid
            ]
            if found or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        if not found:
            raise Failure("no contact_created delivery of the new contact within 30 s", ctx.client.last)
        if found[0].get("event") != "contact_created" or not isinstance(found[0].get("response"), dict):
            raise Failure(f"the delivery is listed without its event or response: {found[0]}", ctx.client.last)
    finally:
        if created is not None:
            _delete_created(ctx, created)
        call(ctx, "DELETE", "/v1/webhooks/unsubscribe")


def approved_text_template(ctx: Context) -> dict[str, Any] | None:
    """The account's first approved text template (None: it has none)."""
    listed = call(ctx, "GET", "/v1/templates")
    if listed.status_code != 200:
        message = f"GET /templates answered {listed.status_code}"
        raise Failure(message, ctx.client.last, "GET /v1/templates", statuses=("200",))
    templates = [t for t in listed.json().get("templates") or [] if isinstance(t, dict)]
    return next((t for t in templates if t.get("status") == "approved" and t.get("templateType") == "text"), None)


@check("callbell", "template_sent", "POST /v1/messages/send", writes=True)
def template_sent(ctx: Context) -> None:
    """An approved text template, sent to the test number with `template_uuid` and `optin_contact` (both
    required for a template, post_send_messages.md) and its one placeholder in `content.text`, is enqueued:
    a template is what may always be sent, inside the 24-hour window or not."""
    number = ctx.target.callbell_test_number
    if not number:
        raise Skip(NO_NUMBER)
    chosen = approved_text_template(ctx)
    if chosen is None:
        raise Skip("the account has no approved text template to send")
    body: dict[str, Any] = {
        "from": "whatsapp",
        "to": number,
        "type": "text",
        "content": {"text": ctx.target.marker},
        "template_uuid": chosen["uuid"],
        "optin_contact": True,
    }
    with_main_channel(ctx, body)
    sent = call(ctx, "POST", "/v1/messages/send", json=body)
    if sent.status_code != 200 or sent.json().get("message", {}).get("status") != "enqueued":
        raise Failure(f"the template send answered {sent.status_code} {sent.text[:200]}", ctx.client.last)
