"""`--state FILE`: state survives restarts: a snapshot and a change log written before each answer; a second
mock is refused; the files are the owner's only; a bad file stops the start and is left untouched."""

from __future__ import annotations

import json
import os
import time
import zlib
from pathlib import Path
from typing import Any

import pytest
import requests

from mockserver.apis.contacts import state as contacts_state
from mockserver.app import create_app
from mockserver.persistence import durable, mapped
from mockserver.persistence.files import StateFiles
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


# -- issue 16: the change log, the lock, permissions, damaged and older files ------------------------------------


def _last_record(path: Path) -> Any:
    """The log's last record: its line is the record's CRC-32 in hex, a space, and the record."""
    crc, _, record = _log_lines(path)[-1].partition(b" ")
    assert int(crc, 16) == zlib.crc32(record)
    return json.loads(record)


def _log_bytes(path: Path) -> bytes:
    """The log up to its last record: a running mock's log ends in zeros, space reserved for the next ones."""
    return path.with_name(path.name + ".log").read_bytes().rstrip(b"\0")


def _log_lines(path: Path) -> list[bytes]:
    return _log_bytes(path).splitlines()


def test_a_second_mock_on_the_same_file_refuses_to_start(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    with running_mock(_settings(path)):
        before = path.read_bytes()
        with pytest.raises(StartupError, match="another mockserver is using this state"):
            create_app(_settings(path))
        assert path.read_bytes() == before


def test_the_files_are_readable_only_by_their_owner(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    with running_mock(_settings(path)) as url:
        requests.post(f"{url}/api/contacts/", json={"subject": "private"}, headers=ADMIN, timeout=30)
        for name in ("state.json", "state.json.log", "state.json.lock"):
            assert (tmp_path / name).stat().st_mode & 0o777 == 0o600, name


def test_a_write_is_in_the_log_when_it_is_answered(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    with running_mock(_settings(path)) as url:
        created = requests.post(f"{url}/api/contacts/", json={"subject": "logged"}, headers=ADMIN, timeout=30).json()
        last = _last_record(path)
        records = last["apis"]["contacts"]["keyed"]["records"]
        assert records == {"field": "id", "records": [[created["id"], created]]}
        assert last["apis"]["contacts"]["small"] == {"next_id": created["id"] + 1}
        viewed = requests.get(f"{url}/api/contacts/{created['id']}/", headers=ADMIN, timeout=30).json()
        assert _last_record(path)["apis"]["contacts"]["keyed"]["records"]["records"] == [[created["id"], viewed]], (
            "a GET that marks a contact viewed is a write"
        )
        requests.get(f"{url}/api/contacts/{created['id']}/", headers=ADMIN, timeout=30)
        assert len(_log_lines(path)) == 3, "a read that changes nothing logs nothing"


def _record(contact: dict[str, Any], next_id: int) -> bytes:
    change = {
        "keyed": {"records": {"field": "id", "records": [[contact["id"], contact]]}},
        "small": {"next_id": next_id},
    }
    record = json.dumps({"apis": {"contacts": change}}).encode()
    return b"%08x " % zlib.crc32(record) + record + b"\n"


def test_a_torn_last_record_is_dropped_and_cut_off(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    with running_mock(_settings(path)):
        pass
    seeded = json.loads(path.read_text())["contacts"]["records"][0]
    whole = _record({**seeded, "id": 11, "subject": "whole"}, 12)
    torn = _record({**seeded, "id": 12, "subject": "torn"}, 13)
    with path.with_name("state.json.log").open("ab") as log:
        log.write(whole + torn[: len(torn) // 2])
    with running_mock(_settings(path)) as url:
        assert requests.get(f"{url}/api/contacts/11/", headers=ADMIN, timeout=30).json()["subject"] == "whole"
        assert requests.get(f"{url}/api/contacts/12/", headers=ADMIN, timeout=30).status_code == 404
        log = _log_bytes(path)
        assert log.endswith(b"\n")
        assert len(log.splitlines()) == 3, "the torn piece is still in the log (header, record, the GET's record)"
        created = requests.post(f"{url}/api/contacts/", json={"subject": "next"}, headers=ADMIN, timeout=30).json()
        assert created["id"] == 12
        assert _last_record(path)["apis"]["contacts"]["small"] == {"next_id": 13}


def test_a_damaged_record_before_the_last_stops_the_start(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    with running_mock(_settings(path)):
        pass
    seeded = json.loads(path.read_text())["contacts"]["records"][0]
    log = path.with_name("state.json.log")
    with log.open("ab") as stream:
        stream.write(b'{"apis": broken\n' + _record({**seeded, "id": 11}, 12))
    files = (path.read_bytes(), log.read_bytes())
    with pytest.raises(StartupError, match="line 2 is damaged"):
        create_app(_settings(path))
    assert (path.read_bytes(), log.read_bytes()) == files


def test_a_file_of_the_earlier_single_document_format_loads(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    with running_mock(Settings(seed=9, contacts=7, apis=("contacts", "conversations"))) as url:
        document = requests.get(f"{url}/__mock__/state", timeout=30).json()
    path.write_text(json.dumps(document))
    path.chmod(0o644)
    with running_mock(_settings(path)) as url:
        assert requests.get(f"{url}/__mock__/state", timeout=30).json() == document
    assert path.stat().st_mode & 0o777 == 0o600
    assert json.loads(path.read_text())["generation"] >= 1


def test_a_file_of_another_format_names_it_and_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text('{"format": "hamta-state/9"}')
    with pytest.raises(StartupError, match=r"its format is 'hamta-state/9'; this mockserver reads hamta-state/1"):
        create_app(_settings(path))
    assert path.read_text() == '{"format": "hamta-state/9"}'


def test_a_log_that_is_not_a_hamta_log_stops_the_start(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    with running_mock(_settings(path)):
        pass
    log = path.with_name("state.json.log")
    log.write_text("some other program's file\nline two\n")
    with pytest.raises(StartupError, match="is not a hamta-log/1 change log"):
        create_app(_settings(path))
    assert log.read_text() == "some other program's file\nline two\n"


def test_the_log_is_compacted_into_a_new_snapshot_past_its_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(durable, "MIN_LOG_BYTES", 4000)
    path = tmp_path / "state.json"
    with running_mock(_settings(path)) as url:
        generation = json.loads(path.read_text())["generation"]
        for number in range(200):  # ~100 KB of log, past the bound: the snapshot's size
            requests.post(f"{url}/api/contacts/", json={"subject": f"s{number}"}, headers=ADMIN, timeout=30)
        prev = path.with_name("state.json.log.prev")

        def settled() -> bool:  # written by a child in the background, installed by the next look (1 s)
            # A slow child (a loaded machine) lets the next log grow past the new snapshot: then one more
            # compaction follows, so wait for the log to be the smaller one too.
            snapshot = json.loads(path.read_text())["generation"]
            return (
                snapshot > generation
                and not prev.exists()
                and json.loads(_log_lines(path)[0])["generation"] == snapshot
                and len(_log_bytes(path)) < path.stat().st_size
            )

        deadline = time.monotonic() + 30
        while not settled() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert json.loads(path.read_text())["generation"] > generation
        assert json.loads(_log_lines(path)[0])["generation"] == json.loads(path.read_text())["generation"]
        assert not prev.exists()
        assert len(_log_bytes(path)) < path.stat().st_size
    with running_mock(_settings(path)) as url:
        assert requests.get(f"{url}/api/contacts/", headers=ADMIN, timeout=30).json()["count"] == 210


def test_a_compaction_cut_short_by_a_crash_loses_nothing(tmp_path: Path) -> None:
    """The crash came while a background snapshot was being written: FILE.log.prev holds the writes up to it,
    FILE.log (the next generation) those after; the snapshot on disk is the one before."""
    path = tmp_path / "state.json"
    with running_mock(_settings(path)):
        pass
    generation = json.loads(path.read_text())["generation"]
    seeded = json.loads(path.read_text())["contacts"]["records"][0]
    log = path.with_name("state.json.log")
    with log.open("ab") as stream:
        stream.write(_record({**seeded, "id": 11, "subject": "before the fork"}, 12))
    log.rename(path.with_name("state.json.log.prev"))
    header = json.dumps({"format": "hamta-log/1", "generation": generation + 1}).encode() + b"\n"
    log.write_bytes(header + _record({**seeded, "id": 12, "subject": "after the fork"}, 13))
    (tmp_path / ".state.json.abandoned").write_text("{half a snapshot")
    with running_mock(_settings(path)) as url:
        assert requests.get(f"{url}/api/contacts/11/", headers=ADMIN, timeout=30).json()["subject"] == "before the fork"
        assert requests.get(f"{url}/api/contacts/12/", headers=ADMIN, timeout=30).json()["subject"] == "after the fork"
        assert not path.with_name("state.json.log.prev").exists(), "a new snapshot covers both logs"
        assert not (tmp_path / ".state.json.abandoned").exists()


def test_a_reset_writes_a_fresh_snapshot(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    with running_mock(_settings(path)) as url:
        requests.post(f"{url}/api/contacts/", json={"subject": "gone after reset"}, headers=ADMIN, timeout=30)
        generation = json.loads(path.read_text())["generation"]
        assert requests.post(f"{url}/__mock__/reset", timeout=30).status_code == 200
        assert json.loads(path.read_text())["generation"] == generation + 1
        assert len(_log_lines(path)) == 1, "the new log holds only its header"
        assert json.loads(path.read_text())["contacts"]["next_id"] == 11


def test_a_record_changed_by_hand_fails_its_checksum(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    with running_mock(_settings(path)) as url:
        requests.post(f"{url}/api/contacts/", json={"subject": "first"}, headers=ADMIN, timeout=30)
        requests.post(f"{url}/api/contacts/", json={"subject": "second"}, headers=ADMIN, timeout=30)
        log = path.with_name("state.json.log")
        edited = log.read_bytes().replace(b'"subject":"first"', b'"subject":"FIRST"')
    log.write_bytes(edited)
    with pytest.raises(StartupError, match="line 2 is damaged"):
        create_app(_settings(path))


def test_a_snapshot_edited_by_hand_is_checked_against_the_spec_again(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    with running_mock(_settings(path)):
        pass
    document = json.loads(path.read_text())
    document["contacts"]["records"][0]["email"] = 12
    path.write_text(json.dumps(document))
    with pytest.raises(StartupError, match=r"contacts.records\[0\] does not fit the spec"):
        create_app(_settings(path))


def test_the_own_snapshot_is_not_checked_record_by_record_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 100k contacts the spec check is a large share of a restart; a snapshot changed since is checked."""
    path = tmp_path / "state.json"
    with running_mock(_settings(path)):
        pass

    def refuse(*_: Any) -> Any:
        raise AssertionError("the records were checked against the spec")

    monkeypatch.setattr(contacts_state, "validator", refuse)
    with running_mock(_settings(path)):
        pass
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1000))
    with pytest.raises(AssertionError, match="checked against the spec"):
        create_app(_settings(path))


def test_a_folder_that_does_not_exist_stops_the_start_with_a_message(tmp_path: Path) -> None:
    with pytest.raises(StartupError, match=r"cannot create .*state\.json\.lock: No such file or directory"):
        create_app(_settings(tmp_path / "missing" / "state.json"))


def test_a_file_system_that_cannot_map_the_log_stops_the_start_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Some file systems (a few network and FUSE ones) refuse a shared writable map: a message, not a
    traceback, and the lock is let go so the next try can start."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(19, "No such device")

    path = tmp_path / "state.json"
    monkeypatch.setattr(mapped.mmap, "mmap", refuse)
    with pytest.raises(StartupError, match=r"state\.json: cannot write its change log there \(No such device\)"):
        create_app(_settings(path))
    monkeypatch.undo()
    with running_mock(_settings(path)) as url:  # the lock is free again
        assert requests.get(f"{url}/api/contacts/", headers=ADMIN, timeout=30).status_code == 200


def test_a_write_the_log_could_not_take_is_in_the_next_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk when the log grows: that request is answered with an error, its change already made in memory;
    the next request writes a whole snapshot first, so what the files hold after it (what a crash would leave)
    has both writes, as the mock answered them."""
    path = tmp_path / "state.json"

    def disk_full(self: object, record: bytes) -> None:
        raise OSError(28, "No space left on device")

    with running_mock(_settings(path)) as url:
        monkeypatch.setattr(StateFiles, "append", disk_full)
        refused = requests.post(f"{url}/api/contacts/", json={"subject": "دیسک پر"}, headers=ADMIN, timeout=30)
        assert refused.status_code == 500
        monkeypatch.undo()
        kept = requests.post(f"{url}/api/contacts/", json={"subject": "پس از آن"}, headers=ADMIN, timeout=30)
        assert kept.status_code == 201
        crashed = tmp_path / "crashed"
        crashed.mkdir()
        for name in ("state.json", "state.json.log"):  # the files as a kill -9 now would leave them
            (crashed / name).write_bytes((tmp_path / name).read_bytes())
    with running_mock(_settings(crashed / "state.json")) as url:
        listed = requests.get(f"{url}/api/contacts/?limit=100", headers=ADMIN, timeout=30).json()
    assert {"دیسک پر", "پس از آن"} <= {contact["subject"] for contact in listed["results"]}
    assert listed["count"] == 12
