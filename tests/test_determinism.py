"""One seed, one world: two start-ups serving all three APIs dump byte-identical state; another seed differs."""

from __future__ import annotations

import requests

from mockserver.settings import Settings
from mockserver.testing import running_mock

ALL = ("contacts", "conversations", "callbell")


def _dump(seed: int) -> bytes:
    with running_mock(Settings(seed=seed, contacts=150, apis=ALL)) as url:
        return requests.get(f"{url}/__mock__/state", timeout=30).content


def test_same_seed_gives_byte_identical_state_for_every_api() -> None:
    first, second = _dump(5), _dump(5)
    assert first == second
    state = requests.models.complexjson.loads(first)
    for api in ALL:
        assert state[api], f"{api} seeded nothing"


def test_another_seed_changes_every_api() -> None:
    a = requests.models.complexjson.loads(_dump(5))
    b = requests.models.complexjson.loads(_dump(6))
    for api in ALL:
        assert a[api] != b[api], api
