"""`--state FILE`: state survives restarts, saved atomically; a bad file stops the start and is left untouched."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import requests

from mockserver.app import create_app
from mockserver.routing import StartupError
from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.mock.conftest import TOKENS

ADMIN = {"Authorization": f"Token {TOKENS['admin']}"}


def _settings(path: Path) -> Settings:
    return Settings(seed=4, contacts=10, apis=("contacts", "conversations"), state_file=str(path))


def test_state_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    with running_mock(_settings(path)) as url:
        created = requests.post(f"{url}/api/contacts/", json={"subject": "بماند"}, headers=ADMIN, timeout=30).json()
        deadline = time.monotonic() + 10
        while not path.exists() and time.monotonic() < deadline:  # saved a moment after the write
            time.sleep(0.1)
        assert path.exists()
    with running_mock(_settings(path)) as url:
        again = requests.get(f"{url}/api/contacts/{created['id']}/", headers=ADMIN, timeout=30)
        assert again.json()["subject"] == "بماند"
        assert requests.get(f"{url}/api/contacts/", headers=ADMIN, timeout=30).json()["count"] == 11
    assert not list(tmp_path.glob(".state.json.*")), "a temporary file was left behind"


def test_the_file_is_written_at_shutdown_even_without_writes(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    with running_mock(_settings(path)):
        pass
    assert json.loads(path.read_text())["format"] == "hamta-state/1"


BAD_FILES = ["{not json", '{"format": "hamta-state/0"}', "[1, 2]", '{"format": "hamta-state/1"}']


@pytest.mark.parametrize("content", BAD_FILES)
def test_a_bad_file_stops_the_start_and_is_left_untouched(tmp_path: Path, content: str) -> None:
    path = tmp_path / "state.json"
    path.write_text(content)
    with pytest.raises(StartupError, match=r"state\.json"):
        create_app(_settings(path))
    assert path.read_text() == content
