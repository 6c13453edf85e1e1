"""Akinon's user-support operations: subjects, the contact-us form, conversations, and the session calls."""

from __future__ import annotations

import datetime as dt
import secrets
import string
from typing import Any
from urllib.parse import quote

from aiohttp import web

from hamta.openapi import ApiSpec
from mockserver.apis.contacts.handlers import absolute_url
from mockserver.apis.conversations.model import ContactMessage, Conversation, Message, User
from mockserver.apis.conversations.state import ConversationsState
from mockserver.auth.cookies import set_lasting_cookie
from mockserver.auth.csrf import CsrfRejected, check_csrf, mask, new_secret
from mockserver.auth.csrf_token import request_secret, set_csrf_cookie
from mockserver.auth.session import CSRF_EXEMPT, NOT_AUTHENTICATED, SESSION_ACCESSED, csrf_request
from mockserver.bodies import FORM, MULTIPART, UploadedFile, content_type
from mockserver.drf_fields import REQUIRED, Related, does_not_exist, invalid_choice
from mockserver.drf_metadata import metadata
from mockserver.errors import Problem, json_response
from mockserver.header_parameters import media_type
from mockserver.keys import ORIGINS
from mockserver.listing.page_number import PageNumber
from mockserver.locale import active_language, gettext
from mockserver.operations import Call, every_operation, operation
from mockserver.settings import Settings

__all__ = ["ConversationsApi"]

SESSION_COOKIE_AGE = 1209600  # Django's SESSION_COOKIE_AGE: two weeks
_SESSION_CHARS = string.ascii_lowercase + string.digits
# The content types a message's author may have (the reference's `AUTHOR_TYPES`: a user or a seller).
AUTHOR_TYPES = ("user", "datasource")
# Akinon's own messages: no catalogue has them, so gettext() leaves them English in every language.
USER_MISMATCH = "Users must match the authenticated user and content owner."
REVIEW_REPLY = "DataSource cannot reply to a review."
# The logout confirmation page, as the reference deployment renders its template
# (tests/reference/commerce_drf/support/templates/support/logout.html: both are inferred, Akinon's page is unknown):
# Django's `{% csrf_token %}` renders the input with these attributes in this order; "Log out" is in no catalogue of
# the deployment's apps, so it stays English in every language.
LOGOUT_PAGE = """<!DOCTYPE html>

<html lang="{language}">
<head><meta charset="utf-8"><title>Log out</title></head>
<body>
<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="{token}">\
<button type="submit">Log out</button></form>
</body>
</html>
"""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _choice_text(value: Any) -> str:
    """What a DRF ChoiceField compares: the value's text (`str()`), so `5` is "5" and `true` is "True"."""
    return str(value)


def _local_target(target: str | None) -> str:
    """`next` when it is a path of this site (Django's `url_has_allowed_host_and_scheme` for a relative URL),
    else the home page; as `HttpResponseRedirect` sends it: `iri_to_uri`, so no raw control or non-ASCII byte."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")) and "\\" not in target:
        return quote(target, safe="/#%[]=:;$&()+,!?*@'~")
    return "/"


def _empty(status: int = 200) -> web.Response:
    # DRF drops Content-Type from a response without content.
    return web.Response(status=status)


class ConversationsApi:
    name = "conversations"

    def __init__(self, spec: ApiSpec, settings: Settings) -> None:
        self.spec = spec
        pagination = spec.operation("akinon_conversations_list").pagination
        assert pagination is not None, "the spec gives the conversations list its x-pagination"
        self.pager = PageNumber(pagination)
        order_pagination = spec.operation("akinon_orders_list").pagination
        assert order_pagination is not None, "the spec gives the order list its x-pagination"
        self.order_pager = PageNumber(order_pagination)
        self.session_cookie = spec.security_schemes["session"]["name"]
        # The forms' fields in the serializer's order, which is the order of a 400's messages.
        schemas = spec.document["components"]["schemas"]
        self.contact_fields = tuple(schemas["ContactUsCreate"]["properties"])
        self.conversation_fields = tuple(schemas["ConversationCreate"]["properties"])

    @staticmethod
    def state(call: Call) -> ConversationsState:
        return call.world.of(ConversationsState)

    @staticmethod
    def user(call: Call) -> User:
        """The signed-in user: the operation's security requirement already refused anyone else."""
        if not isinstance(call.account, User):
            raise Problem(403, gettext(NOT_AUTHENTICATED))
        return call.account

    def related(self, call: Call) -> Related:
        """Which ids the caller may name: every subject and seller, only their own orders and conversations."""
        state, user = self.state(call), call.account

        def visible(resource: str, pk: int) -> bool:
            if resource == "subjects":
                return any(subject.id == pk for subject in state.config.subjects)
            if resource == "datasources":
                return any(datasource.pk == pk for datasource in state.config.datasources)
            if resource == "orders":
                return state.owns_order(user, pk)
            if resource == "users":
                return any(known.id == pk for known in state.config.users)
            if resource == "conversations":
                conversation = state.conversations.get(pk)
                return conversation is not None and user is not None and conversation.user == user.id
            return False

        return visible

    # -- session -------------------------------------------------------------------------------------------------

    @every_operation("OPTIONS")
    async def view_metadata(self, call: Call) -> web.Response:
        """A view's OPTIONS (DRF's SimpleMetadata), after its authentication and permissions. Without the POST
        `actions` DRF adds for a caller who may create a conversation (not copied; spec/conversations.yaml)."""
        return json_response(metadata(self.spec, call.endpoint.operation.path, None))

    @operation("akinon_auth_csrf")
    async def csrf(self, call: Call) -> web.Response:
        """Django re-sends the cookie whenever `get_token()` ran, so a valid one keeps its secret."""
        secret = request_secret(call.request)
        response = json_response({"csrf_token": mask(secret)})
        set_csrf_cookie(response, secret)
        return response

    @operation("akinon_auth_login")
    async def login(self, call: Call) -> web.Response:
        data = await call.validated()
        state = self.state(call)
        user = state.user_by_credentials(data["email"], data["password"])
        if user is None:
            raise Problem(400, fields={"non_field_errors": [gettext("Unable to log in with provided credentials.")]})
        if not user.verified:
            # Akinon's own message: no catalogue translates it, so it is English in every language.
            raise Problem(400, fields={"non_field_errors": [gettext("Please verify your email address before login.")]})
        # django.contrib.auth.login: the same user's live session keeps its key; another user's is flushed
        # (its key stops working); with none, a new key starts.
        key = call.request.cookies.get(self.session_cookie) or ""
        if state.sessions.get(key) != user.id:
            state.sessions.pop(key, None)
            key = "".join(secrets.choice(_SESSION_CHARS) for _ in range(32))
        state.sessions[key] = user.id
        state.last_logins[user.id] = _now()
        response = json_response({"key": user.key, "redirect_url": call.query.get("next")})
        set_lasting_cookie(response, self.session_cookie, key, SESSION_COOKIE_AGE, httponly=True)
        set_csrf_cookie(response, new_secret())  # django.middleware.csrf.rotate_token on login
        return response

    @operation("akinon_auth_current_user")
    async def current_user(self, call: Call) -> web.Response:
        user = self.user(call)
        return json_response(user.render(self.state(call).last_logins.get(user.id)))

    @operation("akinon_auth_logout")
    async def logout(self, call: Call) -> web.StreamResponse:
        return await self._logout(call)

    @operation("akinon_auth_logout_unslashed")
    async def logout_unslashed(self, call: Call) -> web.StreamResponse:
        return await self._logout(call)

    async def _logout(self, call: Call) -> web.StreamResponse:
        """A plain Django view that runs Django's CSRF check itself: a good token signs out, anything else gets
        the confirmation page whose form carries the token (what Akinon's storefront scrapes)."""
        request = call.request
        try:
            if not request.get(CSRF_EXEMPT):
                check_csrf(await csrf_request(request, django_view=True), request.app[ORIGINS].allows)
        except CsrfRejected:
            return self._logout_page(request, active_language() or self.state(call).config.default_language)
        key = request.cookies.get(self.session_cookie)
        request[SESSION_ACCESSED] = True  # Django's logout() flushes the session
        if key:
            self.state(call).sessions.pop(key, None)  # Session.flush()
        response = web.Response(status=302, headers={"Location": _local_target(call.query.get("next"))})
        response.content_type = "text/html"
        response.charset = "utf-8"
        if key is not None:
            # SessionMiddleware expires the cookie of an emptied session the request came with.
            response.del_cookie(self.session_cookie, path="/", samesite="Lax")
        return response

    def _logout_page(self, request: web.Request, language: str) -> web.Response:
        secret = request_secret(request)
        page = LOGOUT_PAGE.format(token=mask(secret), language=language)
        response = web.Response(text=page, content_type="text/html", charset="utf-8")
        set_csrf_cookie(response, secret)
        return response

    # -- orders --------------------------------------------------------------------------------------------------

    @operation("akinon_orders_list")
    async def orders(self, call: Call) -> web.Response:
        state, user = self.state(call), self.user(call)
        items = [state.render_order(order) for order in state.orders_of(user)]
        return json_response(self.order_pager.body(absolute_url(call.request), call.query, items))

    @operation("akinon_orders_retrieve")
    async def order(self, call: Call) -> web.Response:
        state, user = self.state(call), self.user(call)
        order = state.orders.get(int(call.request.match_info["id"]))  # the route takes digits only (x-segment)
        if order is None or order.user != user.id:
            raise Problem(404, "No Order matches the given query.")
        return json_response(state.render_order(order))

    # -- contact us ----------------------------------------------------------------------------------------------

    @operation("akinon_contact_subjects_list")
    async def subjects(self, call: Call) -> web.Response:
        config = self.state(call).config
        # The language the locale layer chose for the request (and names in Content-Language), as Django's
        # `get_language()`.
        language = active_language() or config.default_language
        return json_response([subject.render(language) for subject in config.subjects])

    @operation("akinon_contact_us_create")
    async def contact_us(self, call: Call) -> web.Response:
        state = self.state(call)
        # `operation` is a ChoiceField: its error joins the other fields' errors; the order rule comes after them.
        chosen = await _sent(call, "operation")
        bad_operation = chosen is not None and _choice_text(chosen) not in state.config.recipients
        try:
            data = await call.validated(related=self.related(call))
        except Problem as problem:
            if bad_operation and problem.fields is not None and "operation" not in problem.fields:
                _join(problem, "operation", invalid_choice(_choice_text(chosen)), self.contact_fields)
            raise
        if bad_operation:
            raise Problem(400, fields={"operation": [invalid_choice(_choice_text(chosen))]})
        subject = next(s for s in state.config.subjects if s.id == data["subject"])
        if subject.is_order_needed and data.get("order") is None:
            raise Problem(400, fields={"order": [gettext(REQUIRED)]})
        operation_key = _choice_text(chosen) if chosen is not None else None
        upload: UploadedFile | None = data.get("file")
        recipients = state.config.recipients.get(operation_key or "contact_us", ())
        user: User | None = call.account
        state.contact_messages.append(
            ContactMessage(
                id=len(state.contact_messages) + 1,
                user=user.id if user else None,
                subject=subject.id,
                full_name=data["full_name"],
                email=data["email"],
                phone=data.get("phone") or "",
                message=data["message"],
                order=data.get("order"),
                operation=operation_key,
                recipients=recipients,
                file={"name": upload.name, "size": upload.size, "content_type": upload.content_type}
                if upload
                else None,
                created_at=_now().isoformat(),
            )
        )
        return _empty()

    # -- conversations -------------------------------------------------------------------------------------------

    @operation("akinon_conversations_list")
    async def list(self, call: Call) -> web.Response:
        state, user = self.state(call), self.user(call)
        items = [state.render(conversation) for conversation in state.conversations_of(user)]
        return json_response(self.pager.body(absolute_url(call.request), call.query, items))

    @operation("akinon_conversations_retrieve")
    async def retrieve(self, call: Call) -> web.Response:
        state, user = self.state(call), self.user(call)
        try:
            conversation = state.conversations.get(int(call.request.match_info["id"]))
        except ValueError:
            raise Problem(404, gettext("Not found.")) from None
        if conversation is None or conversation.user != user.id:
            # another user's conversation is not in the view's queryset: it does not exist for this caller
            raise Problem(404, "No Conversation matches the given query.")
        return json_response(state.render(conversation))

    @operation("akinon_conversations_create")
    async def create(self, call: Call) -> web.Response:
        """The reference's serializer: field errors first (the author's type is a slug over a user's and a
        seller's), then the owner, the review and the item rules, in that order."""
        state, user = self.state(call), self.user(call)
        named = await _sent(call, "content_type")
        # A SlugRelatedField: its error joins the other fields' errors; "" is null there, as for every related
        # field, and this one takes no null.
        author_error = None
        if named == "":
            author_error = gettext("This field may not be null.")
        elif named is not None and str(named) not in AUTHOR_TYPES:
            author_error = _no_author(named)
        try:
            data = await call.validated(related=self.related(call))
        except Problem as problem:
            if author_error and problem.fields is not None and "content_type" not in problem.fields:
                _join(problem, "content_type", author_error, self.conversation_fields)
            raise
        if author_error:
            raise Problem(400, fields={"content_type": [author_error]})
        author_type, author_id = data.get("content_type") or None, data.get("object_id")
        if author_type is None and author_id is None:
            owner: tuple[str, int] | None = ("user", data["user"])  # no author given: the message is the user's
        elif author_type is None or author_id is None:
            owner = None
        else:
            owner = (author_type, author_id)
        if data["user"] != user.id or owner != ("user", user.id):
            raise Problem(400, fields={"non_field_errors": [gettext(USER_MISMATCH)]})
        if data.get("conversation") is not None:
            conversation = state.conversations[data["conversation"]]
            # Seed 003: "DataSource cannot reply to a review": a seller's message (`user_type: datasource`) is
            # refused in a review; the customer's own reply is taken.
            if conversation.conversation_type == "review" and data.get("user_type") == "datasource":
                raise Problem(400, fields={"non_field_errors": [gettext(REVIEW_REPLY)]})
            self._item(state, user, data)  # checked, not kept: a reply stays about its conversation's item
        else:
            conversation = self._new_conversation(state, user, data)
        if data.get("message_content") is not None:
            user_type = data.get("user_type") or "registered"
            conversation.messages.append(Message(state.next_message_id, data["message_content"], user_type, user.id))
            state.next_message_id += 1
            conversation.last_message_date = _now()
            state.conversations[conversation.id] = conversation  # changed in place: stored again for --state
        return json_response(state.render(conversation), 201)

    @staticmethod
    def _item(state: ConversationsState, user: User, data: dict[str, Any]) -> tuple[str | None, int | None]:
        """The item the message is about, checked for a reply as for a new conversation (the reference's
        serializer checks it whichever the message starts)."""
        item_content, item_id = data.get("item_content") or None, data.get("item_id")  # a blank item is none
        if item_content is not None and item_id is None:
            raise Problem(400, fields={"item_id": [gettext(REQUIRED)]})
        if item_content is None and item_id is not None:
            raise Problem(400, fields={"item_content": [gettext(REQUIRED)]})
        if item_content is not None:
            known = (item_content == "product" and item_id in state.products) or (
                item_content == "orderitem" and item_id is not None and state.owns_order_item(user, item_id)
            )
            if not known:
                raise Problem(400, fields={"item_id": [does_not_exist(item_id)]})
        return item_content, item_id

    def _new_conversation(self, state: ConversationsState, user: User, data: dict[str, Any]) -> Conversation:
        item_content, item_id = self._item(state, user, data)
        conversation = Conversation(
            id=max(state.conversations, default=0) + 1,
            user=user.id,
            datasource=data["datasource"],
            conversation_type=data["conversation_type"],
            subject=data.get("subject"),
            item_content=item_content,
            item_id=item_id,
            is_public=bool(data.get("is_public", False)),
        )
        state.conversations[conversation.id] = conversation
        return conversation


def _no_author(value: Any) -> str:
    """SlugRelatedField's message for an author type that is neither a user's nor a seller's."""
    return gettext("Object with {slug_name}={value} does not exist.").format(slug_name="model", value=value)


def _join(problem: Problem, name: str, message: str, order: tuple[str, ...]) -> None:
    """A field's error that the view finds beside the serializer's, put where DRF lists it: in field order."""
    fields = {**(problem.fields or {}), name: [message]}
    ordered = {field: fields[field] for field in order if field in fields}
    problem.fields = {**ordered, **{field: errors for field, errors in fields.items() if field not in ordered}}


async def _sent(call: Call, name: str) -> Any:
    """A field's value as sent, for a rule the view checks itself: an HTML form's (urlencoded or multipart) empty
    value of an optional field is no value (DRF 3.18.3 fields.py:419-422)."""
    raw, _ = await call.body()
    value = raw.get(name) if isinstance(raw, dict) else None
    form = media_type(content_type(call.request))[0] in (FORM, MULTIPART)
    return None if value == "" and form else value
