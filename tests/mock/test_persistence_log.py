"""`--state`'s change log written through a shared memory map: the reserved zero tail a crash leaves is not a
record, the map grows past its first step, and a log cut at any byte loads the records before the cut."""

from __future__ import annotations

import json
import os
import re
import signal
import sys
from pathlib import Path

import pytest
import requests

from mockserver.persistence import mapped
from mockserver.persistence.files import StateFiles
from mockserver.persistence.mapped import MappedLog
from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.crash import mock_process
from tests.mock.conftest import TOKENS

ADMIN = {"Authorization": f"Token {TOKENS['admin']}"}


def _settings(path: Path) -> Settings:
    return Settings(seed=4, contacts=10, apis=("contacts",), state_file=str(path))


def _log(path: Path) -> Path:
    return path.with_name(path.name + ".log")


def test_a_zero_tail_after_kill_9_loads_every_answered_write_and_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    with mock_process(path, "--api", "contacts", "--contacts", "10", "--seed", "4") as (process, url):
        answered = [
            requests.post(f"{url}/api/contacts/", json={"subject": f"k{n}"}, headers=ADMIN, timeout=30).json()
            for n in range(25)
        ]
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    data = _log(path).read_bytes()
    records = data.rstrip(b"\0")
    assert len(data) - len(records) > 1000, "the killed mock left its reserved zero tail"
    assert len(records.splitlines()) == 1 + 25, "the header and one record per answered create"
    with mock_process(path, "--api", "contacts", "--contacts", "10", "--seed", "4") as (_, url):
        listed = requests.get(f"{url}/api/contacts/?limit=100", headers=ADMIN, timeout=30).json()
        assert listed["count"] == 10 + 25, "every answered create, and nothing else"
        by_id = {contact["id"]: contact for contact in listed["results"]}
        for contact in answered:
            assert by_id[contact["id"]] == contact
        created = requests.post(f"{url}/api/contacts/", json={"subject": "after"}, headers=ADMIN, timeout=30).json()
        assert created["id"] == 36, "no id handed out twice"
    with mock_process(path, "--api", "contacts", "--contacts", "10", "--seed", "4") as (_, url):
        listed = requests.get(f"{url}/api/contacts/?limit=100", headers=ADMIN, timeout=30).json()
        assert listed["count"] == 10 + 26, "the write after the restart went after the last record, not the zeros"


def _kernel_at_least(*version: int) -> bool:
    numbers = re.match(r"(\d+)\.(\d+)", os.uname().release)
    return sys.platform == "linux" and numbers is not None and tuple(map(int, numbers.groups())) >= version


@pytest.mark.parametrize("fallocate", [True, False], ids=["posix_fallocate", "zeros-written"])
@pytest.mark.parametrize(
    ("prefault", "advice"),
    [(256 * 1024, mapped._POPULATE_WRITE), (3 * 4096, mapped._POPULATE_WRITE), (4096, None), (4096, 9999)],
    ids=["prefault-past-the-step", "prefault-inside-it", "no-advice", "advice-refused"],
)
def test_the_map_grows_past_one_step_and_the_file_ends_at_the_last_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fallocate: bool, prefault: int, advice: int | None
) -> None:
    monkeypatch.setattr(mapped, "GROWTH", 4096)
    monkeypatch.setattr(mapped, "PREFAULT", prefault)
    monkeypatch.setattr(mapped, "_POPULATE_WRITE", advice)  # 9999: an advice the kernel refuses (EINVAL)
    if not fallocate:  # macOS has none: the room is reserved by writing zeros
        monkeypatch.delattr(os, "posix_fallocate", raising=False)
    target = tmp_path / "log"
    fd = os.open(target, os.O_RDWR | os.O_CREAT, 0o600)
    os.write(fd, b"head\n")
    log = MappedLog(fd, 5)
    lines = [b"%05d %s\n" % (number, b"x" * (number % 700)) for number in range(600)]  # ~180 KB
    assert os.fstat(fd).st_size == 5 + 4096, "one step reserved"
    for line in lines:
        log.append(line)
        assert os.fstat(fd).st_size >= log.end, "the file is always ahead of the records"
    assert log.end == 5 + sum(map(len, lines)) > 40 * 4096
    if advice == 9999:
        assert log._populate is None, "a refused advice is not asked again at every step"
    elif advice is not None and _kernel_at_least(5, 14):
        assert log._populate == advice, "the advice was given page-aligned ranges inside the map, and taken"
    log.close()
    assert target.read_bytes() == b"head\n" + b"".join(lines)


def test_a_mock_whose_log_grew_past_several_steps_loads_it_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mapped, "GROWTH", 4096)
    path = tmp_path / "state.json"
    with running_mock(_settings(path)) as url:
        for number in range(40):  # ~13 KB: past three steps of 4 KB
            requests.post(f"{url}/api/contacts/", json={"subject": f"g{number}"}, headers=ADMIN, timeout=30)
        assert _log(path).stat().st_size > 3 * 4096
        # The files as a kill at this moment would leave them (no request in flight): the log with its zero tail.
        image = tmp_path / "image"
        image.mkdir()
        for name in ("state.json", "state.json.log"):
            (image / name).write_bytes((tmp_path / name).read_bytes())
    with running_mock(_settings(image / "state.json")) as url:
        listed = requests.get(f"{url}/api/contacts/?limit=100", headers=ADMIN, timeout=30).json()
        assert listed["count"] == 50
        assert {contact["subject"] for contact in listed["results"]} >= {f"g{number}" for number in range(40)}


def _written_log(tmp_path: Path) -> tuple[Path, int, bytes]:
    """A state written by a mock (three creates in its log); the snapshot's generation and the log up to its last
    record."""
    with running_mock(_settings(tmp_path / "running.json")) as url:
        for number in range(3):
            requests.post(f"{url}/api/contacts/", json={"subject": f"c{number}"}, headers=ADMIN, timeout=30)
        # As a kill would leave them (a clean stop writes a new snapshot and an empty log).
        snapshot, log = (tmp_path / "running.json").read_bytes(), (tmp_path / "running.json.log").read_bytes()
    path = tmp_path / "state.json"
    path.write_bytes(snapshot)
    return path, json.loads(snapshot)["generation"], log.rstrip(b"\0")


def _loaded(path: Path, generation: int) -> list[int]:
    """The ids of the contacts the log's records create, as a start reads them."""
    records, _ = StateFiles(path).read_logs(generation)
    return [key for record in records for key, _ in record["apis"]["contacts"]["keyed"]["records"]["records"]]


@pytest.mark.parametrize("tail", [b"", b"\0" * 5000], ids=["cut", "cut-then-zeros"])
def test_a_log_cut_at_any_byte_loads_the_records_before_the_cut(tmp_path: Path, tail: bytes) -> None:
    path, generation, log = _written_log(tmp_path)
    ends = [index + 1 for index, byte in enumerate(log) if byte == ord("\n")]  # the header's, then each record's
    assert len(ends) == 4
    for cut in range(ends[0], len(log) + 1):
        _log(path).write_bytes(log[:cut] + tail)
        whole = sum(1 for end in ends[1:] if end <= cut)
        assert _loaded(path, generation) == [11, 12, 13][:whole], f"cut at byte {cut}"


def test_a_record_whose_end_was_copied_before_its_middle_is_dropped(tmp_path: Path) -> None:
    """A copy into the map cut short by the kill may have written a line's last bytes (its newline) before the
    middle (memcpy's order is its own): the line fails its checksum, and as the last one it was never answered."""
    path, generation, log = _written_log(tmp_path)
    start = log.rstrip(b"\n").rfind(b"\n") + 1
    torn = log[:start] + log[start : start + 20] + b"\0" * (len(log) - start - 22) + log[-2:]
    _log(path).write_bytes(torn + b"\0" * 3000)
    assert _loaded(path, generation) == [11, 12]


def test_a_load_then_writes_then_kill_9_restart_with_the_loaded_state_and_the_writes(tmp_path: Path) -> None:
    """PUT /__mock__/state writes a new snapshot and starts a new mapped log; the writes after it go there."""
    path = tmp_path / "state.json"
    args = ("--api", "contacts", "--contacts", "10", "--seed", "4")
    with mock_process(path, *args) as (process, url):
        document = requests.get(f"{url}/__mock__/state", timeout=30).json()
        document["contacts"]["records"][0]["subject"] = "loaded"
        assert requests.put(f"{url}/__mock__/state", json=document, timeout=30).status_code == 200
        created = requests.post(f"{url}/api/contacts/", json={"subject": "after"}, headers=ADMIN, timeout=30).json()
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    with mock_process(path, *args) as (_, url):
        again = requests.get(f"{url}/__mock__/state", timeout=30).json()["contacts"]
        assert again["records"][0]["subject"] == "loaded"
        assert again["records"][-1] == created
        assert again["next_id"] == created["id"] + 1
