from __future__ import annotations

from collections.abc import Iterator

import pytest

from mockserver.accounts import load_accounts
from mockserver.settings import Settings
from mockserver.testing import running_mock

CONTACTS_ADMIN_TOKEN = next(a.token for a in load_accounts().for_api("contacts") if a.username == "admin")


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    """All three APIs, as `mockserver` serves them by default."""
    with running_mock(Settings(contacts=30)) as url:
        yield url
