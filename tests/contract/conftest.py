from __future__ import annotations

from collections.abc import Iterator

import pytest

from contract_tests.target import Target
from mockserver.accounts import load_accounts
from mockserver.settings import Settings
from tests.mock.server import running_mock

TOKENS = {a.username: a.token for a in load_accounts().for_api("contacts")}


def target_for(url: str, **overrides: object) -> Target:
    return Target(base_url=url, apis=("contacts",), tokens=dict(TOKENS), rate=0, max_examples=10, **overrides)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def honest_mock() -> Iterator[str]:
    with running_mock(Settings(seed=11, contacts=150, apis=("contacts",))) as url:
        yield url
