"""The Callbell account's configuration: teams, channels, funnels, users, tags, custom fields and templates.

Contacts may only name what the account has ("make sure that they exist in your account", seed 004), so the
configuration is both what GET /teams, /channels and /funnels list and what create and update check against.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from mockserver.apis.callbell.model import format_time, parse_time

__all__ = ["Account", "Channel", "CustomField", "Funnel", "Team", "Template", "User"]

# Ruby's Time#to_s, the format the funnels endpoint uses instead of ISO 8601.
RUBY_TIME = "%Y-%m-%d %H:%M:%S %z"


@dataclass(frozen=True)
class Team:
    uuid: str
    name: str
    created_at: dt.datetime
    default: bool
    members: int

    def render(self) -> dict[str, Any]:
        return {
            "uuid": self.uuid,
            "name": self.name,
            "createdAt": format_time(self.created_at),
            "default": self.default,
            "members": self.members,
        }

    @classmethod
    def from_rendered(cls, raw: dict[str, Any]) -> Team:
        return cls(raw["uuid"], raw["name"], parse_time(raw["createdAt"]), raw["default"], raw["members"])


@dataclass(frozen=True)
class Channel:
    """`identifier` is the business number or handle messages go out from; the API never shows it."""

    uuid: str
    title: str
    type: str
    main: bool
    discarded: bool
    identifier: str

    def render(self) -> dict[str, Any]:
        return {
            "uuid": self.uuid,
            "title": self.title,
            "type": self.type,
            "main": self.main,
            "discardedAt": self.discarded,
        }

    def dump(self) -> dict[str, Any]:
        return {**self.render(), "identifier": self.identifier}

    @classmethod
    def from_dump(cls, raw: dict[str, Any]) -> Channel:
        return cls(raw["uuid"], raw["title"], raw["type"], raw["main"], bool(raw["discardedAt"]), raw["identifier"])


@dataclass(frozen=True)
class Funnel:
    uuid: str
    name: str
    emoji: str
    position: int
    created_at: dt.datetime

    def render(self) -> dict[str, Any]:
        return {
            "uuid": self.uuid,
            "name": self.name,
            "emoji": self.emoji,
            "position": self.position,
            "createdAt": self.created_at.strftime(RUBY_TIME),
        }

    @classmethod
    def from_rendered(cls, raw: dict[str, Any]) -> Funnel:
        created = dt.datetime.strptime(raw["createdAt"], RUBY_TIME)
        return cls(raw["uuid"], raw["name"], raw["emoji"], raw["position"], created)


@dataclass(frozen=True)
class User:
    email: str
    name: str


@dataclass(frozen=True)
class CustomField:
    name: str
    type: str
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    """An approved WhatsApp template; `{{1}}`, `{{2}}`... are filled from `template_values` in order."""

    uuid: str
    name: str
    text: str

    def fill(self, values: list[str]) -> str:
        text = self.text
        for index, value in enumerate(values, start=1):
            text = text.replace(f"{{{{{index}}}}}", value)
        return text


@dataclass(frozen=True)
class Account:
    teams: tuple[Team, ...]
    channels: tuple[Channel, ...]
    funnels: tuple[Funnel, ...]
    users: tuple[User, ...]
    tags: tuple[str, ...]
    custom_fields: tuple[CustomField, ...]
    templates: tuple[Template, ...]

    def team(self, uuid: str) -> Team | None:
        return next((team for team in self.teams if team.uuid == uuid), None)

    def channel(self, uuid: str) -> Channel | None:
        return next((channel for channel in self.channels if channel.uuid == uuid), None)

    def main_channel(self, kind: str) -> Channel | None:
        """The channel a contact of this source lands on: the main one, else the first active one of the type."""
        candidates = [c for c in self.channels if c.type == kind and not c.discarded]
        return next((c for c in candidates if c.main), candidates[0] if candidates else None)

    def user(self, email: str) -> User | None:
        wanted = email.strip().lower()
        return next((user for user in self.users if user.email.lower() == wanted), None)

    def tag(self, name: str) -> str | None:
        """The account's spelling of a tag; tags match case-insensitively, as the list filter does."""
        wanted = name.strip().lower()
        return next((tag for tag in self.tags if tag.lower() == wanted), None)

    def field(self, name: str) -> CustomField | None:
        return next((field for field in self.custom_fields if field.name == name), None)

    def template(self, uuid: str) -> Template | None:
        return next((template for template in self.templates if template.uuid == uuid), None)

    def dump(self) -> dict[str, Any]:
        return {
            "teams": [team.render() for team in self.teams],
            "channels": [channel.dump() for channel in self.channels],
            "funnels": [funnel.render() for funnel in self.funnels],
            "users": [{"email": user.email, "name": user.name} for user in self.users],
            "tags": list(self.tags),
            "customFields": [{"name": f.name, "type": f.type, "options": list(f.options)} for f in self.custom_fields],
            "templates": [{"uuid": t.uuid, "name": t.name, "text": t.text} for t in self.templates],
        }

    @classmethod
    def load(cls, raw: dict[str, Any]) -> Account:
        return cls(
            teams=tuple(Team.from_rendered(team) for team in raw["teams"]),
            channels=tuple(Channel.from_dump(channel) for channel in raw["channels"]),
            funnels=tuple(Funnel.from_rendered(funnel) for funnel in raw["funnels"]),
            users=tuple(User(user["email"], user["name"]) for user in raw["users"]),
            tags=tuple(str(tag) for tag in raw["tags"]),
            custom_fields=tuple(
                CustomField(f["name"], f["type"], tuple(f.get("options", ()))) for f in raw["customFields"]
            ),
            templates=tuple(Template(t["uuid"], t["name"], t["text"]) for t in raw["templates"]),
        )
