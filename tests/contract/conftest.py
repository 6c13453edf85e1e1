from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from contract_tests.target import Target
from mockserver.accounts import load_accounts
from mockserver.apis.conversations.config import shop_config
from mockserver.settings import Settings
from mockserver.testing import running_mock

TOKENS = {a.username: a.token for a in load_accounts().for_api("contacts")}
BEARER = load_accounts().for_api("callbell")[0].token
LOGINS = tuple((u.email, u.password) for u in shop_config().users if u.verified)


def target_for(url: str, **overrides: Any) -> Target:
    settings: dict[str, Any] = {
        "base_url": url,
        "apis": ("contacts",),
        "tokens": dict(TOKENS),
        "logins": LOGINS,
        "bearer": BEARER,
        "rate": 0,
        "max_examples": 10,
    }
    return Target(**{**settings, **overrides})


@pytest.fixture(scope="module")
def honest_mock() -> Iterator[str]:
    with running_mock(Settings(seed=11, contacts=150, apis=("contacts",))) as url:
        yield url
