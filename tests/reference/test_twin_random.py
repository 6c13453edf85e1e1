"""Hypothesis drives the reference deployment and the mock with the same random requests, and every answer must
agree as `contract-tests --twin` compares them (contract_tests/twin/compare.py): creates and patches whose
bodies reach every rule of DRF's fields (types, lengths, blank, null, NUL, Django's email validator, the
mobile pattern), retrieves that mark a contact viewed, deletes, and lists whose filters, search, ordering and
page see those writes, interleaved, on SQLite and on PostgreSQL.

The fixed corpus of test_twin.py asks what someone thought of; this asks what nobody did. Each example leaves
both sides as it found them (its rows deleted at the end), so examples are independent and a failure shrinks
to the shortest sequence of requests that shows it. `HAMTA_RANDOM_TWIN_EXAMPLES=2000 pytest ...` searches
longer than the suite's 40 examples of 15 requests on each database.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, multiple, rule, run_state_machine_as_test

from contract_tests.target import Target
from contract_tests.twin import copy_contacts, twin_credentials
from contract_tests.twin.compare import Normaliser, Side, differences
from hamta import load_spec
from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.mock.client import SpecClient
from tests.reference.drf_server import Reference
from tests.reference.test_spec_against_django import emails

MOCK = Settings(seed=77, contacts=15, apis=("contacts",))
LIST = "/api/contacts/"
ROW = "/api/contacts/{row}/"
_OPERATION = load_spec("contacts").operation("contacts_list")
assert _OPERATION.ordering is not None
ORDERING = (_OPERATION.ordering.fields, _OPERATION.ordering.default)
REFEREE = SpecClient("", "contacts")
FILTERS = {parameter.param: parameter.value for parameter in _OPERATION.filters}  # name: "boolean", "date", ...


@dataclass
class Pair:
    """The reference and its twin (the reference's rows copied in), with each side's admin token."""

    deployment: Side
    twin: Side
    tokens: tuple[str, str]
    log: list[str] = field(default_factory=list)


@pytest.fixture
def pair(reference: Reference) -> Iterator[Pair]:
    with running_mock(Settings(**{**MOCK.__dict__, "profile": reference.database})) as url:
        session = requests.Session()
        target = Target(base_url=reference.url, tokens=reference.tokens(), rate=0)
        twin_tokens = twin_credentials(session, url, {})
        copy_contacts(session, target, url, {})
        yield Pair(Side(reference.url, {}), Side(url, {}), (reference.tokens()["admin"], twin_tokens["admin"]))


# Text that reaches the field rules: Persian and Arabic letters (ی/ي, ک/ك), spaces DRF trims, a NUL, an astral
# letter, digits of a mobile number, and lengths at each field's limit.
_LETTERS = "aAzیيکكآ\u06f0\u06f909 \t@.-_'\"\x00\U0001d538é"
_TEXT = st.text(alphabet=_LETTERS, max_size=6) | st.sampled_from([" ", "", "x" * 150, "x" * 151, "ن" * 255, "n" * 256])
_SCALAR = st.one_of(
    _TEXT,
    st.none(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.lists(st.integers(), max_size=1),
)
_MOBILE = st.sampled_from(["09121234567", " 09121234567 ", "۰۹۱۲۱۲۳۴۵۶۷", "0912123456", "091212345678", "", None])
_EMAIL = emails | st.sampled_from(["a@[127.0.0.1]", "a@例え.テスト", "a@b.c1", "", None, "  a@b.ir  "])
_ANY = {
    "subject": _SCALAR,
    "first_name": _SCALAR,
    "last_name": _SCALAR,
    "message": _SCALAR,
    "email": _EMAIL | _SCALAR,
    "mobile_number": _MOBILE | _SCALAR,
    "viewed": st.booleans(),  # read-only: ignored
}
# Values a form would send: most writes should succeed, so that later requests have rows to see.
# Letters whose case folding differs between Python, SQLite (ASCII only) and PostgreSQL (one character at a time),
# and Persian's zero-width non-joiner.
_FOLDS = "ßẞİıΣσςÉé\u200c"
_NAME = st.text(alphabet="aAzیيکكآ " + _FOLDS, min_size=1, max_size=8).filter(str.strip)
_VALID = {
    "subject": _NAME,
    "first_name": _NAME | st.none(),
    "last_name": _NAME | st.none(),
    "message": _NAME | st.sampled_from(["", None]),
    "email": st.sampled_from(["sara@example.com", "a@[127.0.0.1]", "a@ایران.ir", "", None]),
    "mobile_number": st.sampled_from(["09121234567", "09351112233", "", None]),
}
_CREATE = st.one_of(
    st.fixed_dictionaries({"subject": _VALID["subject"]}, optional={k: v for k, v in _VALID.items() if k != "subject"}),
    st.fixed_dictionaries({"subject": _VALID["subject"]}, optional={k: v for k, v in _ANY.items() if k != "subject"}),
    st.fixed_dictionaries({}, optional=_ANY),
)
_PATCH = st.fixed_dictionaries({}, optional=_VALID) | st.fixed_dictionaries({}, optional=_ANY)


def _query() -> st.SearchStrategy[list[tuple[str, str]]]:
    today = dt.datetime.now(dt.UTC).date()
    days = [str(today), str(today - dt.timedelta(days=1)), str(today + dt.timedelta(days=1)), "2024-01-01", "x"]
    values: dict[str, st.SearchStrategy[str]] = {}
    for name, kind in FILTERS.items():
        if kind == "date":
            values[name] = st.sampled_from([*days[:3], *days])
        elif kind == "number":
            values[name] = st.sampled_from(["1", "8", "15", "1", "8", "15", "1.5", "-1", "x", ""])  # seeded ids
        else:
            values[name] = st.sampled_from(["true", "false", "true", "false", "True", "0", "1", "", "maybe"])
    terms = [*ORDERING[0], "unknown"]
    orderings = st.lists(st.sampled_from(terms).flatmap(lambda t: st.sampled_from([t, f"-{t}"])), max_size=2)
    extras: dict[str, st.SearchStrategy[str]] = {
        "search": st.text(alphabet="azAیيکكآ\u06f09 ,'\"" + _FOLDS, max_size=4),
        "ordering": orderings.map(",".join),
        "limit": st.sampled_from(["1", "3", "100", "3", "100", "0", "-1", "x"]),
        "offset": st.sampled_from(["0", "2", "15", "0", "2", "-1", "x"]),
    }
    chosen = st.fixed_dictionaries({}, optional={**values, **extras})
    return chosen.map(lambda params: sorted(params.items()))


def _body(body: dict[str, Any], form: bool) -> dict[str, Any]:
    """The `requests` arguments of a body: JSON, or a form of its text values (a form has no null, no number)."""
    if not form:
        return {"json": body}
    return {"data": [(key, value) for key, value in body.items() if isinstance(value, str)]}


class Twins(RuleBasedStateMachine):
    rows = Bundle("rows")

    def __init__(self, pair: Pair) -> None:
        super().__init__()
        self.pair = pair
        started = (dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%S")
        self.norm = Normaliser(started)
        self.made = 0
        self.live: set[str] = set()
        pair.log.clear()

    def send(self, method: str, path: str, row: str | None = None, **kwargs: Any) -> tuple[requests.Response, ...]:
        """The same request to both sides (each with its own token and its own id for the row), compared."""
        answers = []
        for side, token in zip((self.pair.deployment, self.pair.twin), self.pair.tokens, strict=True):
            url = side.base_url + (path.format(row=side.created[row]) if row else path)
            headers = {"Authorization": f"Token {token}"}
            answers.append(requests.request(method, url, headers=headers, timeout=30, allow_redirects=False, **kwargs))
        params = dict(kwargs.get("params", ()))
        sent = kwargs.get("json", kwargs.get("data", params))
        self.pair.log.append(f"{method} {path.format(row=row)} {sent!r:.300}")
        for answer in answers:  # openapi-core referees both: the spec describes the reference, and so the twin
            REFEREE.check(answer)
        ordering = ORDERING if method == "GET" and path == LIST else None
        found = differences(
            self.norm, (self.pair.deployment, answers[0]), (self.pair.twin, answers[1]), ordering, params
        )
        assert not found, "\n".join([*found[:8], "after:", *self.pair.log[-12:]])
        return tuple(answers)

    @rule(target=rows, body=_CREATE, form=st.booleans())
    def create(self, body: dict[str, Any], form: bool) -> Any:
        self.made += 1
        name = f"random-{self.made}"
        answer, twin = self.send("POST", LIST, **_body(body, form))
        if answer.status_code != 201:
            return multiple()
        self.pair.deployment.created[name] = answer.json()["id"]
        self.pair.twin.created[name] = twin.json()["id"]
        self.live.add(name)
        return name

    @rule(row=rows, body=_PATCH, form=st.booleans())
    def patch(self, row: str, body: dict[str, Any], form: bool) -> None:
        self.send("PATCH", ROW, row, **_body(body, form))

    @rule(row=rows)
    def retrieve(self, row: str) -> None:
        self.send("GET", ROW, row)

    @rule(row=consumes(rows))
    def delete(self, row: str) -> None:
        self.send("DELETE", ROW, row)
        self.live.discard(row)

    @rule(params=_query())
    def list(self, params: list[tuple[str, str]]) -> None:
        self.send("GET", LIST, params=params)

    def teardown(self) -> None:
        """Both sides as they were: the example's rows deleted (the seeded rows were never written)."""
        for name in self.live:
            for side, token in zip((self.pair.deployment, self.pair.twin), self.pair.tokens, strict=True):
                url = side.base_url + ROW.format(row=side.created[name])
                requests.delete(url, headers={"Authorization": f"Token {token}"}, timeout=30)


def test_random_requests_get_the_same_answers_from_the_mock_and_the_reference(pair: Pair) -> None:
    run_state_machine_as_test(
        lambda: Twins(pair),
        settings=settings(
            max_examples=int(os.environ.get("HAMTA_RANDOM_TWIN_EXAMPLES", "40")),
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
