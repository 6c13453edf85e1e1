"""`contract-tests --api conversations --twin URL`: a session API's twin run. Nothing is copied (Commerce has no
API to read its records wholesale): the twin is reset to its seed, the same browsers sign in on both sides, and
every step's two answers are compared, session and CSRF material included: which cookies each answer sets and
with what attributes, whether a token is the same secret as the cookie it goes with, whether a page carries the
form token Akinon's storefront scrapes. Record contents agree only where the deployment holds the mock's seeded
shop (hamta's reference deployment does); elsewhere the session and CSRF comparisons still hold.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import string
from collections import defaultdict
from collections.abc import Callable
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode

import requests

from contract_tests.exchange import Exchange
from contract_tests.report import Outcome, Report
from contract_tests.target import Target
from contract_tests.twin.browsers import NO_BODY, PAGE_TOKEN, Browser, Step, set_cookies
from contract_tests.twin.compare import Normaliser, Side, differences
from contract_tests.twin.copying import CloneError
from contract_tests.twin.session_corpus import CONVERSATIONS, CURRENT, LOGIN, ORDERS, Accounts, session_corpus
from hamta import load_spec

__all__ = ["run_session_twin"]

API = "conversations"
_CHARS = string.ascii_letters + string.digits
_LOWER = string.ascii_lowercase + string.digits
SECRET = 32
_CREATED = re.compile(r"\{created ([^}]+)\}")


def _unmask(token: str) -> str:
    """Django's `_unmask_cipher_token`: a 64-character token's secret (a 32-character one is its own)."""
    if len(token) != 2 * SECRET or any(c not in _CHARS for c in token):
        return token
    salt, cipher = token[:SECRET], token[SECRET:]
    return "".join(_CHARS[_CHARS.index(x) - _CHARS.index(y)] for x, y in zip(cipher, salt, strict=True))


def _shape(value: str) -> str:
    """A random value's length and the smallest alphabet it fits (a session key's [a-z0-9], a CSRF secret's
    [A-Za-z0-9]); not which characters it happens to hold, which differs between two random values by chance."""
    for name, alphabet in (("[a-z0-9]", _LOWER), ("[A-Za-z0-9]", _CHARS)):
        if all(char in alphabet for char in value):
            return f"{len(value)} {name}"
    return f"{len(value)} [other]"


def _cookie_facts(response: requests.Response, sent: dict[str, str]) -> list[str]:
    """Each Set-Cookie as its name, the value's relation to what was sent (or its shape), and its attributes."""
    facts = []
    for header in set_cookies(response):
        jar: SimpleCookie = SimpleCookie()
        jar.load(header)
        for name, morsel in jar.items():
            value, before = morsel.value, sent.get(name)
            if value in ("", '""'):
                seen = "emptied"
            elif before is not None and value == before:
                seen = "as sent"
            elif before is not None and value == _unmask(before):
                seen = "the sent token's secret"
            else:
                seen = f"new {_shape(value)}"
            attributes = sorted(
                f"{key}={'{date}' if key == 'expires' else morsel[key]}" if morsel[key] is not True else key
                for key in morsel.keys()  # noqa: SIM118 - a Morsel's keys are every attribute, set or not
                if morsel[key]
            )
            facts.append(f"{name}: {seen}; {'; '.join(attributes)}")
    return sorted(facts)


def _token_fact(response: requests.Response, sent: dict[str, str]) -> str | None:
    """What the CSRF token in a `GET /csrf_token/` body is: the secret of which cookie."""
    try:
        body = response.json()
    except ValueError:
        return None
    token = body.get("csrf_token") if isinstance(body, dict) else None
    if not isinstance(token, str):
        return None
    new = {name: value for fact in set_cookies(response) for name, value in _pairs(fact)}
    cookie = new.get("csrftoken") or sent.get("csrftoken") or ""
    relation = "masks the cookie's secret" if _unmask(token) == _unmask(cookie) else "masks another secret"
    return f"{_shape(token)}, {relation}"


def _vary(response: requests.Response) -> set[str]:
    """Vary's names, but `Origin`: a hamta mock answers browsers with CORS, which Commerce leaves to its proxy."""
    names = {part.strip().lower() for part in response.headers.get("Vary", "").split(",") if part.strip()}
    return names - {"origin"}


def _pairs(header: str) -> list[tuple[str, str]]:
    jar: SimpleCookie = SimpleCookie()
    jar.load(header)
    return [(name, morsel.value) for name, morsel in jar.items()]


def _bound(value: Any, side: Side) -> Any:
    """A body with `{created NAME}` strings replaced by this side's id of that row (KeyError: none was made)."""
    if isinstance(value, dict):
        return {key: _bound(item, side) for key, item in value.items()}
    if isinstance(value, list):
        return [_bound(item, side) for item in value]
    if isinstance(value, str) and value.startswith("{created ") and value.endswith("}"):
        return side.created[value[len("{created ") : -1]]
    return value


def _file_bytes(size: int) -> bytes:
    """A file of `size` bytes that starts like a PDF (neither side looks inside; the size is what is probed)."""
    head = b"%PDF-1.4\n"
    return head[:size] + b"0" * max(0, size - len(head))


def _build(base: str, step: Step, browser: Browser, side: Side) -> tuple[str, dict[str, Any], dict[str, str]]:
    """The URL, the `requests` arguments and the cookies sent, of one step on one side."""
    if step.fresh:
        browser.cookies.clear()
        browser.masked = browser.page = ""
    headers = {name: browser.fill(value) for name, value in step.headers}
    cookies = browser.request_cookies(step)
    if not any(name.lower() == "cookie" for name in headers) and cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    kwargs: dict[str, Any] = {"headers": headers, "allow_redirects": False}
    if step.json is not NO_BODY:
        kwargs["json"] = _bound(step.json, side)
    elif step.form is not None:
        kwargs["data"] = [(name, browser.fill(value)) for name, value in step.form]
        if step.upload is not None:
            name, filename, content_type, size = step.upload
            kwargs["files"] = {name: (filename, _file_bytes(size), content_type)}
    elif step.data is not None:
        kwargs["data"] = step.data.encode("utf-8")
    path = _CREATED.sub(lambda m: str(side.created[m[1]]), step.path)
    url = base + path + (f"?{urlencode(step.params)}" if step.params else "")
    return url, kwargs, cookies


def _accounts(target: Target) -> Accounts:
    """The two logins, and on the deployment an order of the first and one of the second."""
    if len(target.logins) < 2:
        raise CloneError("a session twin run needs two logins (--login EMAIL:PASSWORD, twice)")
    seen: list[dict[str, Any]] = []
    for email, password in target.logins[:2]:
        session = requests.Session()
        base = target.base_url
        session.get(f"{base}/csrf_token/", timeout=target.timeout)
        signed = session.post(f"{base}{LOGIN}", json={"email": email, "password": password}, timeout=target.timeout)
        if signed.status_code != 200:
            raise CloneError(f"could not sign in to {base} as {email}: {signed.status_code}")
        orders = session.get(f"{base}{ORDERS}", timeout=target.timeout).json().get("results") or []
        conversations = session.get(f"{base}{CONVERSATIONS}", timeout=target.timeout).json().get("results") or []
        seen.append(
            {
                "user": int(session.get(f"{base}{CURRENT}", timeout=target.timeout).json().get("pk", 0)),
                "order": int(orders[0]["id"]) if orders else None,
                "conversation": int(conversations[0]["id"]) if conversations else None,
                "review": next((int(c["id"]) for c in conversations if c["conversation_type"] == "review"), None),
            }
        )
    mine, theirs = seen
    return Accounts(
        target.logins[0],
        target.logins[1],
        mine["order"],
        theirs["order"],
        user=mine["user"],
        own_conversation=mine["conversation"],
        own_review=mine["review"],
        others_conversation=theirs["conversation"],
    )


def _reset_twin(twin_url: str, admin: dict[str, str]) -> None:
    answer = requests.get(f"{twin_url}/__mock__/", headers=admin, timeout=30)
    if answer.status_code != 200:
        raise CloneError(f"the twin at {twin_url} is not a hamta mock: GET /__mock__/ answered {answer.status_code}")
    reset = requests.post(f"{twin_url}/__mock__/reset", headers=admin, timeout=30)
    if reset.status_code >= 300:
        raise CloneError(f"the twin at {twin_url} could not be reset: {reset.status_code}")


def run_session_twin(
    target: Target, twin_url: str, admin: dict[str, str] | None = None, progress: Callable[[str], None] | None = None
) -> Report:
    admin = admin or {}
    twin_url = twin_url.rstrip("/")
    spec = load_spec(API)
    session_cookie = spec.session_cookie
    assert session_cookie is not None, "the conversations spec signs in with a session cookie"
    _reset_twin(twin_url, admin)
    accounts = _accounts(target)
    started = (dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%S")
    norm = Normaliser(started)
    deployment, twin = Side(target.base_url, {}), Side(twin_url, {})
    browsers: dict[str, tuple[Browser, Browser]] = defaultdict(
        lambda: (Browser(session_cookie), Browser(session_cookie))
    )
    outcomes: list[Outcome] = []
    agreed: dict[str, int] = defaultdict(int)
    for step in session_corpus(accounts):
        if progress is not None:
            progress(f"twin {step.method} {step.path}")
        mine, theirs = browsers[step.browser]
        try:  # both requests are built before either is sent: a side is never asked alone
            url_a, kwargs_a, sent_a = _build(target.base_url, step, mine, deployment)
            url_b, kwargs_b, sent_b = _build(twin_url, step, theirs, twin)
        except KeyError as missing:  # a step on a row an earlier step failed to create (that one is reported)
            outcomes.append(Outcome(API, "twin", step.label, "skipped", f"no row {missing} to ask about"))
            continue
        try:
            answer_a = requests.request(step.method, url_a, timeout=target.timeout, **kwargs_a)
            answer_b = requests.request(step.method, url_b, timeout=target.timeout, **kwargs_b)
        except requests.RequestException as exc:  # one side gone or stuck: that step fails, the run goes on
            outcomes.append(Outcome(API, "twin", step.label, "failed", f"no answer: {exc}"))
            continue
        for side, answer in ((deployment, answer_a), (twin, answer_b)):
            if step.creates and answer.status_code == 201:
                with contextlib.suppress(ValueError, KeyError, TypeError):  # a 201 without an id binds nothing
                    side.created[step.creates] = answer.json()["id"]
        found = differences(norm, (deployment, answer_a), (twin, answer_b))
        for header in ("Content-Language",):
            if answer_a.headers.get(header) != answer_b.headers.get(header):
                found.append(f"header {header}: {answer_a.headers.get(header)!r} != {answer_b.headers.get(header)!r}")
        vary_a, vary_b = _vary(answer_a), _vary(answer_b)  # Django's middlewares add to it in their own order
        if vary_a != vary_b:
            found.append(f"header Vary: {sorted(vary_a)} != {sorted(vary_b)}")
        cookies_a, cookies_b = _cookie_facts(answer_a, sent_a), _cookie_facts(answer_b, sent_b)
        if cookies_a != cookies_b:
            found.append(f"Set-Cookie: {cookies_a} != {cookies_b}")
        token_a, token_b = _token_fact(answer_a, sent_a), _token_fact(answer_b, sent_b)
        if token_a != token_b:
            found.append(f"csrf_token: {token_a} != {token_b}")
        page_a, page_b = bool(PAGE_TOKEN.search(answer_a.text)), bool(PAGE_TOKEN.search(answer_b.text))
        if page_a != page_b:
            found.append(f"page carries csrfmiddlewaretoken: {page_a} != {page_b}")
        if step.keep:
            mine.take(answer_a)
            theirs.take(answer_b)
        if found:
            message = "; ".join(found[:6]) + (f"; ... {len(found) - 6} more" if len(found) > 6 else "")
            curls = f"deployment: {Exchange.of(answer_a).curl()}\n      twin:       {Exchange.of(answer_b).curl()}"
            outcomes.append(Outcome(API, "twin", step.label, "failed", message, curls))
        else:
            agreed[step.label] += 1
    for label, count in sorted(agreed.items()):
        outcomes.append(Outcome(API, "twin", label, "passed", f"{count} requests agree"))
    return Report(outcomes)
