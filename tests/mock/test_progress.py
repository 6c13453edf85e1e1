"""Long steps show progress on a terminal, and nothing anywhere else."""

from __future__ import annotations

import io

from contract_tests.cli import _progress
from mockserver.apis.contacts.seed import seed_contacts
from mockserver.progress import on_terminal


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_seeding_reports_progress_on_a_terminal() -> None:
    screen = Terminal()
    with on_terminal(screen):
        seed_contacts(1, 1000)
    shown = screen.getvalue()
    assert "seeding contacts: 50/1,000 (5%)" in shown
    assert shown.endswith("seeding contacts: 1,000/1,000 (100%)\n")


def test_no_progress_when_not_a_terminal() -> None:
    pipe = io.StringIO()
    with on_terminal(pipe):
        seed_contacts(1, 1000)
    assert pipe.getvalue() == ""
    assert _progress(pipe) is None


def test_the_contract_run_names_the_running_check_on_a_terminal() -> None:
    screen = Terminal()
    show = _progress(screen)
    assert show is not None
    show("contacts filters_hold")
    assert "contacts filters_hold ..." in screen.getvalue()
