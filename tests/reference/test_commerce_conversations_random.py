"""Hypothesis sends the reference Commerce deployment and the mock the same random conversation writes of a
signed-in shopper (`POST /users/conversations/`: a new conversation, or a reply in one of hers, with every field
of seed 003 drawn from valid and wrong values), and every answer must agree as `contract-tests --twin` compares
them, a created conversation named on each side so that its id and times are compared by name.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from contract_tests.twin.compare import Normaliser, Side, differences
from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.mock.client import SpecClient
from tests.reference.commerce_server import running_commerce_reference

MOCK = Settings(seed=1404, apis=("conversations",))
SARA = {"email": "sara@shop.example", "password": "hamta-sara-1404"}
CONVERSATIONS = "/users/conversations/"
REFEREE = SpecClient("", "conversations")
EXAMPLES = int(os.environ.get("HAMTA_RANDOM_TWIN_EXAMPLES", "100"))


class Shopper:
    """Sara signed in on one side: her session and CSRF cookies, and the header the storefront sends."""

    def __init__(self, base_url: str) -> None:
        self.side = Side(base_url, {})
        self.session = requests.Session()
        self.session.headers["Accept-Language"] = "en"
        self.session.get(base_url + "/csrf_token/", timeout=30)
        answer = self.post("/users/login/", json=SARA)
        assert answer.status_code == 200, answer.text

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        headers = {"X-CSRFToken": self.session.cookies["csrftoken"]}
        url = self.side.base_url + path
        return self.session.post(url, headers=headers, timeout=30, allow_redirects=False, **kwargs)


@pytest.fixture(scope="module")
def shoppers() -> Iterator[tuple[Shopper, Shopper]]:
    with running_commerce_reference(seed=MOCK.seed) as reference, running_mock(MOCK) as twin:
        yield Shopper(reference.url), Shopper(twin)


_TEXT = st.text(alphabet="aیي \t\x009", max_size=4) | st.sampled_from(["", " ", "سلام"])
_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "user": st.sampled_from([1, 2, 999, "1", None, True, "x"]),
    "datasource": st.sampled_from([1, 2, 999, "1", None, "x"]),
    "conversation_type": st.sampled_from(["message", "question", "review", "other", "", None, 1]),
    "message_content": _TEXT | st.sampled_from([None, 5, True]),
    "user_type": st.sampled_from(["registered", "datasource", "x", "", None]),
    "content_type": st.sampled_from(["user", "datasource", "x", "", None]),
    "object_id": st.sampled_from([1, 2, 999, "1", None, "x"]),
    "conversation": st.sampled_from([None, 1, 2, 3, 999, "", "x"]),
    "subject": _TEXT | st.sampled_from([None, 7]),
    "item_content": st.sampled_from(["product", "orderitem", "", None, "x"]),
    "item_id": st.sampled_from([1, 2, 999, None, "", "x"]),
    "is_public": st.sampled_from([True, False, "true", "no", None, "x", 2]),
}
_VALID = {
    "user": st.just(1),
    "datasource": st.sampled_from([1, 2]),
    "conversation_type": st.sampled_from(["message", "question"]),
    "message_content": st.sampled_from(["سلام", "Hello"]),
}
_BODIES = st.fixed_dictionaries(_VALID, optional={k: v for k, v in _FIELDS.items() if k not in _VALID}) | (
    st.fixed_dictionaries({}, optional=_FIELDS)
)


# No shrinking: the examples share each side's state (a reply adds to a seeded conversation), so a shrunk example
# can fail for an earlier one's sake; the first failure, as generated, is the one to read.
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(body=_BODIES, form=st.booleans())
def test_random_conversation_writes_get_the_same_answers(
    shoppers: tuple[Shopper, Shopper], body: dict[str, Any], form: bool
) -> None:
    sent = {"data": [(k, v) for k, v in body.items() if isinstance(v, str)]} if form else {"json": body}
    answers = [shopper.post(CONVERSATIONS, **sent) for shopper in shoppers]
    for answer in answers:
        REFEREE.check(answer)
    name = f"conversation {len(shoppers[0].side.created)}"
    if all(answer.status_code == 201 for answer in answers):
        for shopper, answer in zip(shoppers, answers, strict=True):
            # the rows this run made, by name on each side: their ids differ by nature (each side's sequences)
            made = answer.json()
            shopper.side.created[name] = made["id"]
            for number, message in enumerate(made.get("message_set", ())):
                shopper.side.created[f"{name} message {number}"] = message["id"]
    norm = Normaliser("2000-01-01T00:00:00")
    found = differences(norm, (shoppers[0].side, answers[0]), (shoppers[1].side, answers[1]))
    assert not found, f"{'form' if form else 'json'} {body!r}: " + "; ".join(found)
