"""The reference Akinon Commerce deployment (`commerce_drf/`) answers the storefront client's journey as
spec/akinon-next-client.md records it: the exact requests `@akinon/next` 1.24.0 sends, at the HTTP level.

Started once for the module. Messages are asked for in English (`Accept-Language: en`) unless a test is about
the default language, Persian, in which DRF's own messages come translated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from hamta import load_spec
from mockserver.apis.conversations.config import shop_config
from mockserver.apis.conversations.seed import seed_shop
from tests.reference.commerce_server import CommerceReference, fixture_users, running_commerce_reference

SARA = ("sara@shop.example", "hamta-sara-1404")
TEHRAN = dt.timezone(dt.timedelta(hours=3, minutes=30))
EN = {"Accept-Language": "en"}
JSON = {"Content-Type": "application/json"}
FORM = {"Content-Type": "application/x-www-form-urlencoded;charset=UTF-8"}
# What next-auth's credentials sign-in posts besides the form's fields (`api/auth.ts:98`).
NEXT_AUTH_EXTRAS = {
    "formType": "login",
    "locale": "en",
    "captchaValidated": "false",
    "redirect": "false",
    "csrfToken": "next-auth-own-token",
    "callbackUrl": "/account",
    "json": "true",
}


@dataclass(frozen=True)
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self) -> object:
        return json.loads(self.body)

    def cookies(self) -> dict[str, str]:
        """Set-Cookie headers by cookie name, each as sent."""
        return {line.split("=", 1)[0]: line for line in self.headers.get_all("Set-Cookie") or []}

    def cookie_value(self, name: str) -> str:
        return self.cookies()[name].split(";", 1)[0].split("=", 1)[1]


@pytest.fixture(scope="module")
def commerce() -> Iterator[CommerceReference]:
    with running_commerce_reference() as reference:
        yield reference


def call(
    commerce: CommerceReference, method: str, path: str, headers: dict[str, str] | None = None, body: str | None = None
) -> Answer:
    """One request as written, no redirect followed, no header added but Host and Content-Length."""
    connection = http.client.HTTPConnection(urlsplit(commerce.url).netloc, timeout=30)
    try:
        connection.request(method, path, body=body.encode() if body is not None else None, headers=headers or {})
        response = connection.getresponse()
        return Answer(response.status, response.msg, response.read())
    finally:
        connection.close()


def csrf_token(commerce: CommerceReference) -> str:
    """Request 1: the middleware's `GET /csrf_token/`, no cookie (`middlewares/default.ts:274-279`)."""
    return str(call(commerce, "GET", "/csrf_token/").json()["csrf_token"])  # type: ignore[index]


def sign_in(commerce: CommerceReference, email: str = SARA[0], password: str = SARA[1]) -> tuple[str, str]:
    """Requests 1 and 2 as the client makes them; the (csrftoken cookie, osessionid) the browser then holds."""
    token = csrf_token(commerce)
    answer = call(
        commerce,
        "POST",
        "/users/login/",
        {**JSON, "cookie": f"csrftoken={token}", "Accept-Language": "en", "x-currency": ""},
        json.dumps({"email": email, "password": password, **NEXT_AUTH_EXTRAS}),
    )
    assert answer.status == 200, answer.body
    # The client reads the Set-Cookie headers joined into one (`Headers.get`), and cuts out `osessionid=\w+`.
    joined = ", ".join(answer.headers.get_all("Set-Cookie") or [])
    session = re.search(r"osessionid=(\w+)", joined)
    assert session is not None
    return token, session.group(1)


def seeded_orders(user_id: int) -> list[tuple[int, str]]:
    shop = seed_shop(1404, shop_config())
    mine = sorted((o for o in shop.orders if o.user == user_id), key=lambda o: (o.created_at, o.id), reverse=True)
    return [(order.id, order.number) for order in mine]


# -- 1. the CSRF token -------------------------------------------------------------------------------------------


def test_csrf_token_answers_a_masked_token_and_sets_the_secret_as_cookie(commerce: CommerceReference) -> None:
    answer = call(commerce, "GET", "/csrf_token/")
    assert answer.status == 200
    body = answer.json()
    assert isinstance(body, dict)
    assert set(body) == {"csrf_token"}
    assert re.fullmatch(r"[A-Za-z0-9]{64}", body["csrf_token"])
    cookie = answer.cookies()["csrftoken"]
    assert re.fullmatch(
        r"csrftoken=[A-Za-z0-9]{32}; expires=[^;]+ GMT; Max-Age=31449600; Path=/; SameSite=Lax", cookie
    ), cookie
    assert answer.headers["Content-Type"] == "application/json"


def test_the_body_token_works_as_cookie_and_header_at_once(commerce: CommerceReference) -> None:
    _, session = sign_in(commerce)
    token = csrf_token(commerce)  # a fresh one, never seen by the server as a cookie
    message = {"subject": "2", "full_name": "Sara", "email": "sara@shop.example", "message": "Hello"}
    headers = {**JSON, **EN, "Cookie": f"csrftoken={token}; osessionid={session}", "X-CSRFToken": token}
    answer = call(commerce, "POST", "/users/contact-us/", headers, json.dumps(message))
    assert answer.status == 200, answer.body


# -- 2. sign in --------------------------------------------------------------------------------------------------


def test_anonymous_login_needs_no_csrf_header_and_starts_a_session(commerce: CommerceReference) -> None:
    token = csrf_token(commerce)
    body = json.dumps({"email": SARA[0], "password": SARA[1], **NEXT_AUTH_EXTRAS})
    answer = call(commerce, "POST", "/users/login/", {**JSON, "cookie": f"csrftoken={token}"}, body)
    assert answer.status == 200
    assert answer.json() == {"key": shop_config().users[0].key, "redirect_url": None}
    cookies = answer.cookies()
    assert re.fullmatch(
        r"osessionid=\w{32}; expires=[^;]+ GMT; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax",
        cookies["osessionid"],
    ), cookies
    rotated = answer.cookie_value("csrftoken")
    assert re.fullmatch(r"[A-Za-z0-9]{32}", rotated)
    assert "HttpOnly" not in cookies["csrftoken"]


def test_login_echoes_next_and_refuses_wrong_or_unverified_accounts(commerce: CommerceReference) -> None:
    def login(email: str, password: str, query: str = "", headers: dict[str, str] = EN) -> Answer:
        body = json.dumps({"email": email, "password": password})
        return call(commerce, "POST", f"/users/login/{query}", {**JSON, **headers}, body)

    assert login(*SARA, "?next=/users/orders/").json()["redirect_url"] == "/users/orders/"  # type: ignore[index]
    wrong = login(SARA[0], "nope")
    assert (wrong.status, wrong.json()) == (400, {"non_field_errors": ["Unable to log in with provided credentials."]})
    guest = login("guest@shop.example", "hamta-guest-1404")
    assert (guest.status, guest.json()) == (
        400,
        {"non_field_errors": ["Please verify your email address before login."]},
    )
    missing = call(commerce, "POST", "/users/login/", {**JSON, **EN}, "{}")
    assert missing.json() == {"email": ["This field is required."], "password": ["This field is required."]}
    # The shop's default language is Persian: DRF's own message comes translated.
    persian = login(SARA[0], "nope", headers={})
    assert persian.json() == {"non_field_errors": ["با اطلاعات ارسال شده نمیتوان وارد شد."]}
    assert persian.headers["Content-Language"] == "fa"


def test_login_without_its_slash_is_a_permanent_redirect(commerce: CommerceReference) -> None:
    answer = call(commerce, "POST", "/users/login", {**JSON, **EN}, json.dumps({"email": SARA[0]}))
    assert (answer.status, answer.headers["Location"]) == (301, "/users/login/")


# -- 3. the current user -----------------------------------------------------------------------------------------


def test_current_user_by_the_session_cookie_alone(commerce: CommerceReference) -> None:
    _, session = sign_in(commerce)
    answer = call(commerce, "GET", "/current_user/", {**JSON, "Cookie": f"osessionid={session}", "x-currency": ""})
    assert answer.status == 200
    user = answer.json()
    assert isinstance(user, dict)
    # Akinon's documented fields, in the spec's order (spec/conversations.yaml CurrentUser).
    assert list(user) == list(load_spec("conversations").document["components"]["schemas"]["CurrentUser"]["properties"])
    sara = fixture_users()[0]
    assert user["pk"] == sara["id"] == 1
    for name in (
        "first_name",
        "last_name",
        "email",
        "phone",
        "email_allowed",
        "sms_allowed",
        "date_of_birth",
        "gender",
    ):
        assert user[name] == sara[name], name
    joined = dt.datetime.fromisoformat(sara["date_joined"].replace("Z", "+00:00"))
    assert user["date_joined"] == joined.astimezone(TEHRAN).isoformat()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+03:30", user["last_login"])
    assert user["hashed_email"] == hashlib.sha256(b"sara@shop.example").hexdigest()
    # Documented by Akinon, not read by the storefront; the values are inferred (README).
    assert {name: user[name] for name in list(user)[12:]} == {
        "call_allowed": False,
        "attributes": {},
        "is_email_verified": True,
        "is_social_networks_connected": False,
        "segment": None,
        "client_type": "default",
        "selected_address": None,
    }


def test_current_user_without_a_session_is_403_in_the_active_language(commerce: CommerceReference) -> None:
    english = call(commerce, "GET", "/current_user/", EN)
    assert (english.status, english.json()) == (403, {"detail": "Authentication credentials were not provided."})
    assert "WWW-Authenticate" not in english.headers
    # What the client actually sends: no Accept-Language of its own (Node's `*`), so the default, Persian.
    node = call(commerce, "GET", "/current_user/", {**JSON, "Cookie": "osessionid=", "Accept-Language": "*"})
    assert (node.status, node.json()) == (403, {"detail": "اطلاعات برای اعتبارسنجی ارسال نشده است."})


# -- 5-7. subjects, contact-us and the order picker --------------------------------------------------------------


def test_subjects_are_a_bare_list_in_the_requested_language(commerce: CommerceReference) -> None:
    english = call(commerce, "GET", "/users/contact-us-subjects/", {"Accept-Language": "en-US,en;q=0.9"})
    assert english.json() == [
        {"id": s.id, "text": s.texts["en"], "is_order_needed": s.is_order_needed} for s in shop_config().subjects
    ]
    # The client's own value when the locale cookie matches nothing is the text `undefined`: the default, fa.
    persian = call(commerce, "GET", "/users/contact-us-subjects/", {"Accept-Language": "undefined"})
    assert [s["text"] for s in persian.json()] == [s.texts["fa"] for s in shop_config().subjects]  # type: ignore[index, union-attr]


def test_orders_page_with_the_clients_trailing_space(commerce: CommerceReference) -> None:
    _, session = sign_in(commerce)
    cookie = {"Cookie": f"osessionid={session}", **EN}
    everything = call(commerce, "GET", "/users/orders/?page=1&limit=12+", cookie)
    assert everything.status == 200
    page = everything.json()
    assert isinstance(page, dict)
    assert set(page) == {"count", "next", "previous", "results"}
    assert [(o["id"], o["number"]) for o in page["results"]] == seeded_orders(1)
    assert page["count"] == len(seeded_orders(1))
    for order in page["results"]:
        assert set(order) == {"id", "number", "created_date", "status", "amount"}
        assert re.fullmatch(r"\d+\.\d\d", order["amount"])
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+03:30", order["created_date"])
    one = call(commerce, "GET", "/users/orders/?page=1&limit=1+", cookie).json()
    assert isinstance(one, dict)
    assert [o["id"] for o in one["results"]] == [seeded_orders(1)[0][0]]
    assert one["next"].endswith("/users/orders/?limit=1+&page=2")
    # The dates as the client sends them, the first with its trailing space.
    newest = page["results"][0]["created_date"][:10]
    filtered = call(
        commerce,
        "GET",
        f"/users/orders/?page=1&limit=12+&created_date__gte={newest}+&created_date__lte=2030-01-01",
        cookie,
    ).json()
    assert [o["id"] for o in filtered["results"]] == [seeded_orders(1)[0][0]]  # type: ignore[index]


def test_one_order_is_the_users_own(commerce: CommerceReference) -> None:
    _, session = sign_in(commerce)
    cookie = {"Cookie": f"osessionid={session}", **EN}
    own, _number = seeded_orders(1)[0]
    answer = call(commerce, "GET", f"/users/orders/{own}/", cookie)
    assert answer.status == 200
    assert answer.json()["id"] == own  # type: ignore[index]
    foreign = seeded_orders(2)[0][0]
    refused = call(commerce, "GET", f"/users/orders/{foreign}/", cookie)
    assert (refused.status, refused.json()) == (404, {"detail": "No Order matches the given query."})
    anonymous = call(commerce, "GET", "/users/orders/", EN)
    assert (anonymous.status, anonymous.json()) == (403, {"detail": "Authentication credentials were not provided."})


def test_contact_us_anonymous_needs_no_csrf(commerce: CommerceReference) -> None:
    message = {"subject": "2", "full_name": "Tooraj", "email": "tooraj@example.com", "message": "Hi", "phone": ""}
    answer = call(commerce, "POST", "/users/contact-us/", {**JSON, **EN}, json.dumps({**message, "country_code": "IR"}))
    assert (answer.status, answer.body) == (200, b"")
    assert "Content-Type" not in answer.headers
    needs_order = call(commerce, "POST", "/users/contact-us/", {**JSON, **EN}, json.dumps({**message, "subject": 1}))
    assert (needs_order.status, needs_order.json()) == (400, {"order": ["This field is required."]})
    # An anonymous caller has no orders at all.
    order = seeded_orders(1)[0][0]
    foreign = call(commerce, "POST", "/users/contact-us/", {**JSON, **EN}, json.dumps({**message, "order": order}))
    assert foreign.json() == {"order": [f'Invalid pk "{order}" - object does not exist.']}
    operation = call(commerce, "POST", "/users/contact-us/", {**JSON, **EN}, json.dumps({**message, "operation": "x"}))
    assert operation.json() == {"operation": ['"x" is not a valid choice.']}


def test_contact_us_with_the_users_order_as_the_client_sends_it(commerce: CommerceReference) -> None:
    token, session = sign_in(commerce)
    order = seeded_orders(1)[0][0]
    body = {
        "full_name": "سارا احمدی",
        "email": "sara@shop.example",
        "phone": "",
        "subject": "1",
        "message": "پیگیری بازگشت وجه",
        "order": str(order),
        "country_code": "IR",
        "order_needed": True,
    }
    headers = {
        **JSON,
        "Accept": "application/json",
        "X-Requested-With": "XMLHttpRequest",
        "Referer": commerce.url,
        "Cookie": f"csrftoken={token}; osessionid={session}; pz-locale=fa",
        "x-csrftoken": token,
        "Accept-Language": "fa",
    }
    answer = call(commerce, "POST", "/users/contact-us/", headers, json.dumps(body))
    assert (answer.status, answer.body) == (200, b"")
    with sqlite3.connect(commerce.database) as db:
        stored = db.execute(
            "SELECT user_id, subject_id, order_id, phone, operation FROM support_contactmessage WHERE message = ?",
            (body["message"],),
        ).fetchall()
    assert stored == [(1, 1, order, "", "")]


# -- CSRF on a signed-in session ---------------------------------------------------------------------------------


def test_a_signed_in_post_without_the_header_is_refused(commerce: CommerceReference) -> None:
    token, session = sign_in(commerce)
    message = {"subject": 2, "full_name": "Sara", "email": "sara@shop.example", "message": "Hello"}
    headers = {**JSON, **EN, "Cookie": f"csrftoken={token}; osessionid={session}"}
    answer = call(commerce, "POST", "/users/contact-us/", headers, json.dumps(message))
    assert (answer.status, answer.json()) == (403, {"detail": "CSRF Failed: CSRF token missing."})
    # A second sign-in carrying the live session is a signed-in POST too.
    again = json.dumps({"email": SARA[0], "password": SARA[1]})
    relogin = call(commerce, "POST", "/users/login/", headers, again)
    assert (relogin.status, relogin.json()) == (403, {"detail": "CSRF Failed: CSRF token missing."})


@pytest.mark.parametrize(
    ("origin", "status"),
    [("http://evil.example", 403), ("http://localhost:5173", 200), ("http://127.0.0.1:3000", 200)],
)
def test_origin_is_checked_against_the_trusted_origins(commerce: CommerceReference, origin: str, status: int) -> None:
    token, session = sign_in(commerce)
    message = {"subject": 2, "full_name": "Sara", "email": "sara@shop.example", "message": "Hello"}
    headers = {**JSON, **EN, "Cookie": f"csrftoken={token}; osessionid={session}", "X-CSRFToken": token}
    answer = call(commerce, "POST", "/users/contact-us/", {**headers, "Origin": origin}, json.dumps(message))
    assert answer.status == status
    if status == 403:
        detail = f"CSRF Failed: Origin checking failed - {origin} does not match any trusted origins."
        assert answer.json() == {"detail": detail}


# -- conversations ----------------------------------------------------------------------------------------------


def seeded_conversations(user_id: int) -> list[int]:
    """The user's seeded conversations, newest activity first."""
    shop = seed_shop(1404, shop_config())
    mine = [c for c in shop.conversations if c.user == user_id]
    return [c.id for c in sorted(mine, key=lambda c: (c.last_message_date, c.id), reverse=True)]


def seeded_conversation_of_type(user_id: int, kind: str) -> int:
    shop = seed_shop(1404, shop_config())
    return next(c.id for c in shop.conversations if c.user == user_id and c.conversation_type == kind)


CONVERSATION_FIELDS = [
    "id",
    "user",
    "datasource",
    "subject",
    "item_object",
    "item_content",
    "message_set",
    "conversation_type",
    "last_message_date",
    "is_public",
    "is_answered",
]


def post_conversation(commerce: CommerceReference, body: dict[str, object], email: str = SARA[0]) -> Answer:
    password = {"sara@shop.example": SARA[1], "reza@shop.example": "hamta-reza-1404"}[email]
    token, session = sign_in(commerce, email, password)
    headers = {**JSON, **EN, "Cookie": f"csrftoken={token}; osessionid={session}", "X-CSRFToken": token}
    return call(commerce, "POST", "/users/conversations/", headers, json.dumps(body))


def test_the_list_is_the_users_own_newest_activity_first(commerce: CommerceReference) -> None:
    _, session = sign_in(commerce)
    cookie = {"Cookie": f"osessionid={session}", **EN}
    answer = call(commerce, "GET", "/users/conversations/", cookie)
    assert answer.status == 200
    assert answer.headers["Allow"] == "GET, POST, HEAD, OPTIONS"
    page = answer.json()
    assert isinstance(page, dict)
    assert list(page) == ["count", "next", "previous", "results"]
    # Other tests of this module may have added conversations; the seeded ones keep their order.
    ids = [c["id"] for c in page["results"] if c["id"] in seeded_conversations(1)]
    assert ids == seeded_conversations(1)[:10]
    for conversation in page["results"]:
        assert list(conversation) == CONVERSATION_FIELDS
        assert conversation["user"] == 1
        assert list(conversation["datasource"]) == ["pk", "name", "slug"]
        for message in conversation["message_set"]:
            assert list(message) == ["id", "message_content", "user_type", "content_object"]
            assert list(message["content_object"]) == ["id"]
    # DRF's PageNumberPagination: a page past the end, zero or not a number is 404 "Invalid page.".
    for page_number in ("99", "0", "x"):
        past = call(commerce, "GET", f"/users/conversations/?page={page_number}", cookie)
        assert (past.status, past.json()) == (404, {"detail": "Invalid page."})
    assert call(commerce, "GET", "/users/conversations/?page=last", cookie).status == 200
    anonymous = call(commerce, "GET", "/users/conversations/", EN)
    assert (anonymous.status, anonymous.json()) == (403, {"detail": "Authentication credentials were not provided."})


def test_one_conversation_renders_its_item_and_messages(commerce: CommerceReference) -> None:
    _, session = sign_in(commerce)
    cookie = {"Cookie": f"osessionid={session}", **EN}
    shop = seed_shop(1404, shop_config())
    for seeded in (c for c in shop.conversations if c.user == 1):
        answer = call(commerce, "GET", f"/users/conversations/{seeded.id}/", cookie)
        assert answer.status == 200
        assert answer.headers["Allow"] == "GET, HEAD, OPTIONS"
        body = answer.json()
        assert isinstance(body, dict)
        assert body["conversation_type"] == seeded.conversation_type
        assert body["item_content"] == seeded.item_content
        assert [m["id"] for m in body["message_set"]] == [m.id for m in seeded.messages]
        assert [m["content_object"]["id"] for m in body["message_set"]] == [m.author for m in seeded.messages]
        assert body["last_message_date"] == seeded.last_message_date.astimezone(TEHRAN).isoformat()
        if seeded.item_content == "product":
            assert list(body["item_object"]) == ["pk", "name", "sku", "base_code", "absolute_url"]
            assert body["item_object"]["pk"] == seeded.item_id
        elif seeded.item_content == "orderitem":
            assert list(body["item_object"]) == ["pk", "order", "status", "price", "product"]
            assert body["item_object"]["pk"] == seeded.item_id
        else:
            assert body["item_object"] is None


def test_another_users_conversation_is_404_and_a_non_integer_id_is_not_found(commerce: CommerceReference) -> None:
    _, session = sign_in(commerce)
    cookie = {"Cookie": f"osessionid={session}", **EN}
    foreign = seeded_conversations(2)[0]
    refused = call(commerce, "GET", f"/users/conversations/{foreign}/", cookie)
    assert (refused.status, refused.json()) == (404, {"detail": "No Conversation matches the given query."})
    # The router's `[^/.]+` takes `abc`; DRF's get_object_or_404 turns the ValueError into a bare Http404.
    word = call(commerce, "GET", "/users/conversations/abc/", cookie)
    assert (word.status, word.json()) == (404, {"detail": "Not found."})
    # A `.` matches no route (SimpleRouter, no format suffixes): Django's own HTML page.
    dotted = call(commerce, "GET", "/users/conversations/1.json", cookie)
    assert dotted.status == 404
    assert dotted.headers["Content-Type"] == "text/html; charset=utf-8"


def test_create_a_message_conversation(commerce: CommerceReference) -> None:
    body = {
        "user": 1,
        "datasource": 2,
        "conversation_type": "message",
        "user_type": "registered",
        "content_type": "user",
        "object_id": 1,
        "message_content": "hello this is first message",
    }
    answer = post_conversation(commerce, body)
    assert answer.status == 201, answer.body
    created = answer.json()
    assert isinstance(created, dict)
    assert list(created) == CONVERSATION_FIELDS
    assert created["id"] > max(c.id for c in seed_shop(1404, shop_config()).conversations)
    assert created["datasource"] == {"pk": 2, "name": "خانه پوشاک", "slug": "khane-pooshak"}
    assert (created["subject"], created["item_object"], created["item_content"]) == (None, None, None)
    assert [(m["message_content"], m["user_type"], m["content_object"]) for m in created["message_set"]] == [
        ("hello this is first message", "registered", {"id": 1})
    ]
    assert (created["conversation_type"], created["is_public"], created["is_answered"]) == ("message", False, False)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+03:30", created["last_message_date"])
    # A question about a product and a review of one's own order item.
    product = post_conversation(
        commerce, {**body, "conversation_type": "question", "item_content": "product", "item_id": 7}
    )
    assert product.status == 201
    assert product.json()["item_object"]["pk"] == 7  # type: ignore[index]
    own_item = next(i for i in seed_shop(1404, shop_config()).order_items if i.order == seeded_orders(1)[0][0])
    review = {**body, "conversation_type": "review", "item_content": "orderitem", "item_id": own_item.pk}
    reviewed = post_conversation(commerce, review)
    assert reviewed.status == 201
    assert reviewed.json()["item_object"]["order"] == own_item.order  # type: ignore[index]


def test_reply_in_ones_own_conversation(commerce: CommerceReference) -> None:
    target = seeded_conversation_of_type(1, "question")
    before = len(next(c for c in seed_shop(1404, shop_config()).conversations if c.id == target).messages)
    body = {
        "user": 1,
        "datasource": 1,
        "conversation_type": "question",
        "content_type": "user",
        "object_id": 1,
        "conversation": target,
        "message_content": "Thanks, that helps.",
    }
    answer = post_conversation(commerce, body)
    assert answer.status == 201, answer.body
    replied = answer.json()
    assert isinstance(replied, dict)
    assert replied["id"] == target
    assert len(replied["message_set"]) == before + 1
    assert replied["message_set"][-1]["message_content"] == "Thanks, that helps."
    foreign = seeded_conversations(2)[0]
    refused = post_conversation(commerce, {**body, "conversation": foreign})
    assert (refused.status, refused.json()) == (
        400,
        {"conversation": [f'Invalid pk "{foreign}" - object does not exist.']},
    )


def test_the_create_rules(commerce: CommerceReference) -> None:
    body = {"user": 1, "datasource": 1, "conversation_type": "message", "message_content": "Hi"}
    review = seeded_conversation_of_type(1, "review")
    refused = post_conversation(commerce, {**body, "conversation": review, "user_type": "datasource"})
    assert (refused.status, refused.json()) == (400, {"non_field_errors": ["DataSource cannot reply to a review."]})
    assert post_conversation(commerce, {**body, "conversation": review}).status == 201  # the customer may answer
    mismatch = {"non_field_errors": ["Users must match the authenticated user and content owner."]}
    for wrong in (
        {"user": 2},
        {"content_type": "user", "object_id": 2},
        {"content_type": "datasource", "object_id": 1},
    ):
        answer = post_conversation(commerce, {**body, **wrong})
        assert (answer.status, answer.json()) == (400, mismatch), wrong
    missing = post_conversation(commerce, {})
    assert (missing.status, missing.json()) == (
        400,
        {
            "user": ["This field is required."],
            "datasource": ["This field is required."],
            "conversation_type": ["This field is required."],
        },
    )
    unknown = post_conversation(commerce, {**body, "datasource": 999})
    assert unknown.json() == {"datasource": ['Invalid pk "999" - object does not exist.']}
    kind = post_conversation(commerce, {**body, "conversation_type": "chat"})
    assert kind.json() == {"conversation_type": ['"chat" is not a valid choice.']}
    foreign_item = next(i.pk for i in seed_shop(1404, shop_config()).order_items if i.order == seeded_orders(2)[0][0])
    item = post_conversation(commerce, {**body, "item_content": "orderitem", "item_id": foreign_item})
    assert item.json() == {"item_id": [f'Invalid pk "{foreign_item}" - object does not exist.']}
    no_product = post_conversation(commerce, {**body, "item_content": "product", "item_id": 999})
    assert no_product.json() == {"item_id": ['Invalid pk "999" - object does not exist.']}


def test_a_signed_in_create_needs_the_csrf_header(commerce: CommerceReference) -> None:
    token, session = sign_in(commerce)
    body = json.dumps({"user": 1, "datasource": 1, "conversation_type": "message", "message_content": "Hi"})
    headers = {**JSON, **EN, "Cookie": f"csrftoken={token}; osessionid={session}"}
    answer = call(commerce, "POST", "/users/conversations/", headers, body)
    assert (answer.status, answer.json()) == (403, {"detail": "CSRF Failed: CSRF token missing."})
    anonymous = call(commerce, "POST", "/users/conversations/", {**JSON, **EN}, body)
    assert (anonymous.status, anonymous.json()) == (403, {"detail": "Authentication credentials were not provided."})


# -- 4. sign out -------------------------------------------------------------------------------------------------


def test_logout_as_the_client_does_it(commerce: CommerceReference) -> None:
    _, session = sign_in(commerce)
    first = call(commerce, "POST", "/users/logout", {"Cookie": "undefined"})
    assert first.status == 200
    assert first.headers["Content-Type"] == "text/html; charset=utf-8"
    scraped = re.search(r'name="csrfmiddlewaretoken" value="(\w+)', first.body.decode())
    assert scraped is not None
    token = scraped.group(1)
    assert len(token) == 64
    second = call(
        commerce,
        "POST",
        "/users/logout",
        {**FORM, "Cookie": f"csrftoken={token}; osessionid={session}"},
        f"csrfmiddlewaretoken={token}",
    )
    assert (second.status, second.headers["Location"], second.body) == (302, "/", b"")
    assert second.cookies()["osessionid"] == (
        'osessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax'
    )
    after = call(commerce, "GET", "/current_user/", {**EN, "Cookie": f"osessionid={session}"})
    assert (after.status, after.json()) == (403, {"detail": "Authentication credentials were not provided."})


def test_logout_with_a_slash_next_and_other_methods(commerce: CommerceReference) -> None:
    token = csrf_token(commerce)
    form = {**FORM, "Cookie": f"csrftoken={token}"}
    body = f"csrfmiddlewaretoken={token}"
    answer = call(commerce, "POST", "/users/logout/?next=/basket/", form, body)
    assert (answer.status, answer.headers["Location"]) == (302, "/basket/")
    away = call(commerce, "POST", "/users/logout/?next=http://evil.example/", form, body)
    assert (away.status, away.headers["Location"]) == (302, "/")
    with_header = call(commerce, "POST", "/users/logout", {"Cookie": f"csrftoken={token}", "X-CSRFToken": token})
    assert with_header.status == 302
    refused = call(commerce, "GET", "/users/logout")
    assert (refused.status, refused.headers["Allow"], refused.body) == (405, "POST", b"")
