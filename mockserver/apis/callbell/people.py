"""The account's people: users (agents) with their availability and custom status, the custom statuses they
pick from, and the API keys behind the account's tokens.

Each surface renders these in its own documented form, which is why the renderers live here side by side:
team members are camelCase with `Z` times (teams_api/get_team_members.md), a user's status is snake_case with
millisecond offset times (users_api/put_user_status.md), custom statuses use Ruby's `Time#to_s`
(custom_status_api/get_custom_statuses.md), and /auth/me is snake_case (auth_api/me.md).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from mockserver.apis.callbell.model import format_time

__all__ = ["RUBY_TIME", "ApiKey", "CustomStatus", "Plan", "User", "offset_time"]

# Ruby's Time#to_s, the format the funnels and custom-status endpoints use instead of ISO 8601.
RUBY_TIME = "%Y-%m-%d %H:%M:%S %z"


def offset_time(value: dt.datetime) -> str:
    """Rails' `as_json` of a TimeWithZone with milliseconds: `2024-11-22T21:29:43.311+01:00`."""
    return value.isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class CustomStatus:
    """Ids are dashed RFC 4122 uuids, unlike every other Callbell id (the docs' examples)."""

    id: str
    name: str
    emoji: str
    created_at: dt.datetime
    updated_at: dt.datetime

    def render(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "createdAt": self.created_at.strftime(RUBY_TIME),
            "updatedAt": self.updated_at.strftime(RUBY_TIME),
            "emoji": self.emoji,
            "id": self.id,
        }

    @classmethod
    def from_rendered(cls, raw: dict[str, Any]) -> CustomStatus:
        return cls(
            raw["id"],
            raw["name"],
            raw["emoji"],
            dt.datetime.strptime(raw["createdAt"], RUBY_TIME),
            dt.datetime.strptime(raw["updatedAt"], RUBY_TIME),
        )


@dataclass(frozen=True)
class User:
    """An agent. `appearance_at` is when `available` last changed; `custom_status_at` when the custom status
    was last set or unset. `teams` holds team uuids (a user may be in several)."""

    email: str
    name: str
    uuid: str
    teams: tuple[str, ...]
    available: bool
    appearance_at: dt.datetime
    custom_status: str | None
    custom_status_at: dt.datetime | None

    def with_availability(self, available: bool, now: dt.datetime) -> User:
        return dataclasses.replace(self, available=available, appearance_at=now)

    def wearing(self, status_id: str | None, now: dt.datetime) -> User:
        """This user with `status_id` as custom status (None: none), set at `now`."""
        return dataclasses.replace(self, custom_status=status_id, custom_status_at=now)

    def member(self, status: CustomStatus | None) -> dict[str, Any]:
        """A TeamMember (object_types/team_member.md): `userCustomStatus` only while one is set. The same
        object is the `agent_status_updated` webhook's payload (webhooks/agent_events/agent_status_updated.md)."""
        rendered: dict[str, Any] = {
            "email": self.email,
            "name": self.name,
            "available": self.available,
            "lastUpdatedAt": format_time(self.appearance_at),
        }
        if status is not None and self.custom_status_at is not None:
            rendered["userCustomStatus"] = {
                "updatedAt": format_time(self.custom_status_at),
                "id": status.id,
                "name": status.name,
                "emoji": status.emoji,
            }
        return rendered

    def status(self, status: CustomStatus | None) -> dict[str, Any]:
        """PUT /users/:uuid/status's `user_status`; `custom_status` is null when none is set (inferred)."""
        custom = None
        if status is not None and self.custom_status_at is not None:
            custom = {"id": status.id, "name": status.name, "last_updated_at": offset_time(self.custom_status_at)}
        appearance = {"available": self.available, "last_updated_at": offset_time(self.appearance_at)}
        return {"user_status": {"custom_status": custom, "appearance": appearance}}

    def dump(self) -> dict[str, Any]:
        return {
            "email": self.email,
            "name": self.name,
            "uuid": self.uuid,
            "teams": list(self.teams),
            "available": self.available,
            "appearanceUpdatedAt": offset_time(self.appearance_at),
            "customStatus": self.custom_status,
            "customStatusUpdatedAt": offset_time(self.custom_status_at) if self.custom_status_at else None,
        }

    @classmethod
    def load(cls, raw: dict[str, Any]) -> User:
        """Documents written before users had a status load as available users without one."""
        appearance = raw.get("appearanceUpdatedAt")
        status_at = raw.get("customStatusUpdatedAt")
        return cls(
            email=str(raw["email"]),
            name=str(raw["name"]),
            uuid=str(raw.get("uuid", "")),
            teams=tuple(str(team) for team in raw.get("teams", ())),
            available=bool(raw.get("available", True)),
            appearance_at=dt.datetime.fromisoformat(appearance)
            if appearance
            else dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
            custom_status=raw.get("customStatus"),
            custom_status_at=dt.datetime.fromisoformat(status_at) if status_at else None,
        )


@dataclass(frozen=True)
class ApiKey:
    """The dashboard API key behind one of fixtures/accounts.yaml's tokens (named by its username there) and
    the user who created it: what GET /auth/me answers. The docs show a key that differs from the token."""

    username: str
    key: str
    user_email: str

    def dump(self) -> dict[str, Any]:
        return {"username": self.username, "apiKey": self.key, "userEmail": self.user_email}

    @classmethod
    def load(cls, raw: dict[str, Any]) -> ApiKey:
        return cls(str(raw["username"]), str(raw["apiKey"]), str(raw["userEmail"]))


@dataclass(frozen=True)
class Plan:
    """The subscription GET /plan shows; the user count and the teams come from the account itself."""

    name: str
    included_channels: int
    licenses: int

    def dump(self) -> dict[str, Any]:
        return {"plan": self.name, "includedChannels": self.included_channels, "licenses": self.licenses}

    @classmethod
    def load(cls, raw: dict[str, Any]) -> Plan:
        return cls(str(raw["plan"]), int(raw["includedChannels"]), int(raw["licenses"]))
