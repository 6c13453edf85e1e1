"""The in-process list timing compares the working tree with a git ref only when both answer alike."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.list_breakdown import compare, queries
from bench.run import SEED, scenarios
from hamta import load_spec
from mockserver.apis.contacts.state import ContactsState
from mockserver.listing.query import ListQuery
from mockserver.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def test_against_a_ref_times_both_trees_hot_and_cold() -> None:
    done = subprocess.run(
        [sys.executable, "bench/list_breakdown.py", "400", "search, rotating", "--against", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert [line.split()[1:4] for line in lines] == [["search,", "rotating", "hot"], ["search,", "rotating", "cold"]]
    assert all(" ref " in line and " now " in line and line.rstrip().endswith("%") for line in lines)


def test_trees_that_answer_differently_are_not_timed(capsys: pytest.CaptureFixture[str]) -> None:
    # PostgreSQL puts nulls last in an ascending order, SQLite first: an order by viewed_at tells them apart
    spec = load_spec("contacts")
    state = ContactsState.seeded(SEED, Settings(contacts=400))
    operation = spec.operation("contacts_list")
    postgresql = ListQuery(operation, spec.profile("postgresql"))
    sqlite = ListQuery(operation, spec.profile("sqlite"))
    mix = {s.name: queries(s.paths) for s in scenarios(state.dump()["records"], SEED)}["filter+order, rotating"]
    compare(postgresql, ListQuery(operation, spec.profile("postgresql")), state.contacts, 400, {"same": mix})
    assert capsys.readouterr().out.count(" ref ") == 2
    with pytest.raises(SystemExit, match=r"answer .* differently"):
        compare(postgresql, sqlite, state.contacts, 400, {"different": mix})
