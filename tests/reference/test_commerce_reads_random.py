"""Hypothesis sends the reference Commerce deployment and the mock the same random reads, signed in as Sara or
signed out, in a random language and with a random Accept: every GET path of the spec (also with HEAD, and with
methods none of them takes) with random ids and page,
page-size, `format` and unknown query parameters (digits of other scripts, signs, blanks, huge numbers among
them). Every answer must agree as `contract-tests --twin` compares them (status, the compared headers, the body),
and be an answer of the spec; but for the browsable API's HTML pages, which the spec leaves out (it describes
the JSON API; a page shows the same answer).
"""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Iterator

import pytest
import requests
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from contract_tests.twin.compare import Normaliser, Side, differences
from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.mock.client import SpecClient
from tests.reference.commerce_server import running_commerce_reference
from tests.reference.test_reads_random import ACCEPTS

MOCK = Settings(seed=1404, apis=("conversations",))
SARA = {"email": "sara@shop.example", "password": "hamta-sara-1404"}
REFEREE = SpecClient("", "conversations")
EXAMPLES = int(os.environ.get("HAMTA_RANDOM_TWIN_EXAMPLES", "150"))


class Reader:
    """One side: a signed-in session (Sara's) and a signed-out one."""

    def __init__(self, base_url: str) -> None:
        self.side = Side(base_url, {})
        self.signed_out = requests.Session()
        self.signed_in = requests.Session()
        self.signed_in.get(base_url + "/csrf_token/", timeout=30)
        headers = {"X-CSRFToken": self.signed_in.cookies["csrftoken"]}
        answer = self.signed_in.post(base_url + "/users/login/", json=SARA, headers=headers, timeout=30)
        assert answer.status_code == 200, answer.text

    def ask(
        self, method: str, signed_in: bool, target: str, language: str | None, accept: str | None
    ) -> requests.Response:
        session = self.signed_in if signed_in else self.signed_out
        headers = {"Accept-Language": language} if language is not None else {}
        if accept is not None:
            headers["Accept"] = accept
        url = self.side.base_url + target
        return session.request(method, url, headers=headers, timeout=30, allow_redirects=False)


@pytest.fixture(scope="module")
def readers() -> Iterator[tuple[Reader, Reader]]:
    with running_commerce_reference(seed=MOCK.seed) as reference, running_mock(MOCK) as twin:
        yield Reader(reference.url), Reader(twin)


_NUMBERS = st.sampled_from(["", "0", "1", "2", "3", "-1", "+1", " 1", "1 ", "01", "1.0", "1e1", "abc", "٢", "۳"])
_VALUES = _NUMBERS | st.sampled_from(["99999999999999999999", "2147483648", "9223372036854775808", "true"])
_IDS = st.sampled_from(["1", "2", "3", "4", "999", "0", "01", "-1", "abc", "1.5", "٢", "99999999999999999999"])
_PATHS = st.sampled_from(
    [
        "/users/conversations/",
        "/users/conversations/{id}/",
        "/users/orders/",
        "/users/orders/{id}/",
        "/users/contact-us-subjects/",
        "/current_user/",
        "/csrf_token/",
    ]
)
_PARAMS = st.dictionaries(st.sampled_from(["page", "limit", "page_size", "format", "x"]), _VALUES, max_size=3)
# Reads, OPTIONS (DRF's metadata: the view's name, `x-view-name`), and the methods no path of these takes (405, or
# 403 for a session without the CSRF token).
_METHODS = st.sampled_from(["GET", "GET", "GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"])
_LANGUAGES = st.sampled_from([None, "en", "fa", "tr", "de", "fa-IR", "en-US,en;q=0.9", "*", "", "xx", "ar;q=0"])


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    method=_METHODS,
    path=_PATHS,
    record=_IDS,
    params=_PARAMS,
    signed_in=st.booleans(),
    language=_LANGUAGES,
    accept=ACCEPTS,
)
def test_random_reads_get_the_same_answers(
    readers: tuple[Reader, Reader],
    method: str,
    path: str,
    record: str,
    params: dict[str, str],
    signed_in: bool,
    language: str | None,
    accept: str | None,
) -> None:
    # the POST `actions` DRF describes to who may create a conversation are not copied (spec/conversations.yaml)
    assume(not (method == "OPTIONS" and signed_in and path == "/users/conversations/"))
    target = path.replace("{id}", urllib.parse.quote(record))
    if params:
        target += "?" + urllib.parse.urlencode(params)
    answers = [reader.ask(method, signed_in, target, language, accept) for reader in readers]
    for answer in answers:
        REFEREE.check_but_browsable_pages(answer)
    found = differences(Normaliser("2000-01-01T00:00:00"), (readers[0].side, answers[0]), (readers[1].side, answers[1]))
    who = "Sara" if signed_in else "signed out"
    assert not found, f"{method} {target} ({who}, Accept-Language {language!r}, Accept {accept!r}): " + "; ".join(found)


# Every DRF view of the commerce API (also tests/reference/test_django_pages.py).
COMMERCE_VIEWS = [
    "/users/contact-us-subjects/",
    "/users/contact-us/",
    "/users/conversations/",
    "/users/conversations/1/",
    "/csrf_token/",
    "/users/login/",
    "/current_user/",
    "/users/orders/",
    "/users/orders/1/",
]


# Signed in, the conversation list's metadata has the POST `actions` DRF describes to who may create a conversation,
# which the mock does not copy (spec/conversations.yaml): that one is left out.
@pytest.mark.parametrize(
    ("path", "signed_in"),
    [(path, False) for path in COMMERCE_VIEWS]
    + [(path, True) for path in COMMERCE_VIEWS if path != "/users/conversations/"],
)
def test_every_views_options_is_drfs_metadata(readers: tuple[Reader, Reader], path: str, signed_in: bool) -> None:
    """DRF answers OPTIONS on every view with its metadata, after authentication and permissions (the mock once
    answered 405 while its `Allow` listed OPTIONS)."""
    answers = [reader.ask("OPTIONS", signed_in, path, None, "application/json") for reader in readers]
    for answer in answers:
        REFEREE.check(answer)
    found = differences(Normaliser("2000-01-01T00:00:00"), (readers[0].side, answers[0]), (readers[1].side, answers[1]))
    assert not found, f"OPTIONS {path} ({'Sara' if signed_in else 'signed out'}): " + "; ".join(found)
    assert answers[0].status_code in (200, 403)
