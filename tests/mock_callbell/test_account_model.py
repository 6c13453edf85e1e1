"""Account changes that no endpoint makes yet but admin triggers do (a team's membership): the model keeps
a team's `members` count equal to its members."""

from __future__ import annotations

import pytest

from mockserver.apis.callbell.seed_account import seed_account

GENERAL = "ad42a09715814e6483b1c5debd6a2dbc"


def test_adding_and_removing_a_member_keeps_the_count() -> None:
    account = seed_account(4004)
    added = account.with_member(GENERAL, "jane.doe@email.com", member=True)
    team = added.team(GENERAL)
    assert team is not None
    assert team.members == 3
    assert {u.email for u in added.members(team)} == {"john1@gmail.com", "john2@gmail.com", "jane.doe@email.com"}
    again = added.with_member(GENERAL, "jane.doe@email.com", member=True)
    assert again == added  # adding a member twice changes nothing
    removed = added.with_member(GENERAL, "jane.doe@email.com", member=False)
    assert removed == account
    assert account.team(GENERAL).members == 2  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("team", "email"), [("0a0a0a0a0a0a4a0a8a0a0a0a0a0a0a0a", "john1@gmail.com"), (GENERAL, "ghost@x")]
)
def test_an_unknown_team_or_user_is_refused(team: str, email: str) -> None:
    with pytest.raises(KeyError):
        seed_account(4004).with_member(team, email, member=True)
