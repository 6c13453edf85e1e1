"""The Callbell account's configuration: teams, channels, funnels, users, tags, custom fields, templates,
custom statuses, API keys and the plan.

Contacts may only name what the account has ("make sure that they exist in your account", seed 004), so the
configuration is both what the account endpoints list and what create and update check against. The account
is immutable: a change builds a new Account (`with_*`), and the handler stores it on the state in one
assignment, so a request that fails half-way changes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from mockserver.apis.callbell.model import format_time, parse_time
from mockserver.apis.callbell.people import RUBY_TIME, ApiKey, CustomStatus, Plan, User
from mockserver.state import StateError

__all__ = ["Account", "ApiKey", "Channel", "CustomField", "CustomStatus", "Funnel", "Plan", "Team", "Template", "User"]

_Item = TypeVar("_Item")
# The seeded plan (our own counts in the docs' shape; the docs' example names this plan).
DEFAULT_PLAN = Plan("business_plus", 10, 12)


def _swap(items: tuple[_Item, ...], new: _Item, key: Callable[[_Item], str]) -> tuple[_Item, ...]:
    """`items` with the one of `new`'s key replaced, or `new` appended when there is none."""
    if any(key(item) == key(new) for item in items):
        return tuple(new if key(item) == key(new) else item for item in items)
    return (*items, new)


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

    def render_one(self) -> dict[str, Any]:
        """GET and PATCH /channels/:uuid show no `discardedAt` (channels_api/get_channel.md:30-39, C24)."""
        rendered = self.render()
        del rendered["discardedAt"]
        return rendered

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
class CustomField:
    name: str
    type: str
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    """A WhatsApp template (object_types/template.md); `{{1}}`, `{{2}}`... are filled from `template_values`
    in order. Only an `approved` one is sendable, the docs imply."""

    uuid: str
    title: str
    text: str
    template_type: str = "text"
    category: str = "UTILITY"
    status: str = "approved"
    created_at: dt.datetime = dt.datetime(2024, 3, 1, tzinfo=dt.UTC)

    def render(self) -> dict[str, Any]:
        return {
            "uuid": self.uuid,
            "title": self.title,
            "templateType": self.template_type,
            "category": self.category,
            "status": self.status,
            "text": self.text,
            "createdAt": format_time(self.created_at),
        }

    def render_patched(self) -> dict[str, Any]:
        """What PATCH /templates/:uuid's example shows: no category or status (patch_templates.md:36-46)."""
        return {key: value for key, value in self.render().items() if key not in ("category", "status")}

    @classmethod
    def from_rendered(cls, raw: dict[str, Any]) -> Template:
        """Documents from before templates had these fields hold `name` and `text` only."""
        return cls(
            raw["uuid"],
            raw.get("title", raw.get("name", "")),
            raw["text"],
            raw.get("templateType", "text"),
            raw.get("category", "UTILITY"),
            raw.get("status", "approved"),
            parse_time(raw["createdAt"]) if "createdAt" in raw else dt.datetime(2024, 3, 1, tzinfo=dt.UTC),
        )

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
    custom_statuses: tuple[CustomStatus, ...] = ()
    api_keys: tuple[ApiKey, ...] = ()
    plan: Plan = DEFAULT_PLAN

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

    def user_by_uuid(self, uuid: str) -> User | None:
        return next((user for user in self.users if user.uuid == uuid), None)

    def custom_status(self, status_id: str | None) -> CustomStatus | None:
        return next((status for status in self.custom_statuses if status.id == status_id), None)

    def api_key(self, username: str) -> ApiKey | None:
        return next((key for key in self.api_keys if key.username == username), None)

    def members(self, team: Team) -> tuple[User, ...]:
        return tuple(user for user in self.users if team.uuid in user.teams)

    # -- changes: each returns a new Account ---------------------------------------------------------------------

    def with_team(self, team: Team) -> Account:
        return dataclasses.replace(self, teams=_swap(self.teams, team, lambda t: t.uuid))

    def with_channel(self, channel: Channel) -> Account:
        return dataclasses.replace(self, channels=_swap(self.channels, channel, lambda c: c.uuid))

    def with_template(self, template: Template) -> Account:
        return dataclasses.replace(self, templates=_swap(self.templates, template, lambda t: t.uuid))

    def with_user(self, user: User) -> Account:
        return dataclasses.replace(self, users=_swap(self.users, user, lambda u: u.email))

    def with_member(self, team_uuid: str, email: str, *, member: bool) -> Account:
        """The user added to (or removed from) the team, the team's `members` count following: what a
        `team_membership_updated` event reports. Unknown team or user: a KeyError, a caller's mistake."""
        team = self.team(team_uuid)
        user = self.user(email)
        if team is None or user is None:
            raise KeyError(team_uuid if team is None else email)
        teams = tuple(t for t in user.teams if t != team_uuid) + ((team_uuid,) if member else ())
        account = self.with_user(dataclasses.replace(user, teams=teams))
        count = sum(team_uuid in u.teams for u in account.users)
        return account.with_team(dataclasses.replace(team, members=count))

    def with_custom_status(self, status: CustomStatus) -> Account:
        return dataclasses.replace(self, custom_statuses=_swap(self.custom_statuses, status, lambda s: s.id))

    def without_custom_status(self, status_id: str, now: dt.datetime) -> Account:
        """A deleted status is taken off every user wearing it (inferred: the docs do not say)."""
        users = tuple(user.wearing(None, now) if user.custom_status == status_id else user for user in self.users)
        kept = tuple(status for status in self.custom_statuses if status.id != status_id)
        return dataclasses.replace(self, users=users, custom_statuses=kept)

    def dump(self) -> dict[str, Any]:
        return {
            "teams": [team.render() for team in self.teams],
            "channels": [channel.dump() for channel in self.channels],
            "funnels": [funnel.render() for funnel in self.funnels],
            "users": [user.dump() for user in self.users],
            "tags": list(self.tags),
            "customFields": [{"name": f.name, "type": f.type, "options": list(f.options)} for f in self.custom_fields],
            "templates": [template.render() for template in self.templates],
            "customStatuses": [status.render() for status in self.custom_statuses],
            "apiKeys": [key.dump() for key in self.api_keys],
            "plan": self.plan.dump(),
        }

    @classmethod
    def load(cls, raw: dict[str, Any]) -> Account:
        account = cls._read(raw)
        account.check()
        return account

    def check(self) -> None:
        """A hand-edited document must not leave a user wearing a status, or in a team, the account lacks."""
        teams = {team.uuid for team in self.teams}
        statuses = {status.id for status in self.custom_statuses}
        for user in self.users:
            if not set(user.teams) <= teams:
                raise StateError(f"callbell.account.users: {user.email} is in a team the account lacks")
            if user.custom_status is not None and user.custom_status not in statuses:
                raise StateError(f"callbell.account.users: {user.email} wears an unknown custom status")
        for key in self.api_keys:
            if self.user(key.user_email) is None:
                raise StateError(f"callbell.account.apiKeys: {key.username}'s user is not in the account")
        for status in self.custom_statuses:
            if not status.name.strip():
                raise StateError("callbell.account.customStatuses: a name is blank")

    @classmethod
    def _read(cls, raw: dict[str, Any]) -> Account:
        return cls(
            teams=tuple(Team.from_rendered(team) for team in raw["teams"]),
            channels=tuple(Channel.from_dump(channel) for channel in raw["channels"]),
            funnels=tuple(Funnel.from_rendered(funnel) for funnel in raw["funnels"]),
            users=tuple(User.load(user) for user in raw["users"]),
            tags=tuple(str(tag) for tag in raw["tags"]),
            custom_fields=tuple(
                CustomField(f["name"], f["type"], tuple(f.get("options", ()))) for f in raw["customFields"]
            ),
            templates=tuple(Template.from_rendered(t) for t in raw["templates"]),
            # Documents written before these existed load with none, and the default plan.
            custom_statuses=tuple(CustomStatus.from_rendered(s) for s in raw.get("customStatuses", ())),
            api_keys=tuple(ApiKey.load(key) for key in raw.get("apiKeys", ())),
            plan=Plan.load(raw["plan"]) if "plan" in raw else DEFAULT_PLAN,
        )
