"""The shop's configuration from `fixtures/conversations.yaml`: subjects, recipients, sellers, users."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from hamta import fixtures_dir, load_yaml
from mockserver.apis.conversations.model import Datasource, Subject, User
from mockserver.locale import Languages

__all__ = ["ShopConfig", "shop_config"]


@dataclass(frozen=True)
class ShopConfig:
    subjects: tuple[Subject, ...]
    recipients: dict[str, tuple[str, ...]]
    languages: tuple[str, ...]
    default_language: str
    datasources: tuple[Datasource, ...]
    users: tuple[User, ...]

    @property
    def locale(self) -> Languages:
        """The shop's LANGUAGES and LANGUAGE_CODE, which Django's LocaleMiddleware chooses from."""
        return Languages(self.languages, self.default_language)


def _text(user: dict[str, Any], key: str) -> Any:
    """YAML reads an unquoted date as a date; the model keeps the fixture's text."""
    value = user[key]
    return value.isoformat() if isinstance(value, dt.date) else value


@cache
def shop_config() -> ShopConfig:
    raw = load_yaml(fixtures_dir() / "conversations.yaml")
    languages = tuple(raw["languages"])
    return ShopConfig(
        subjects=tuple(
            Subject(s["id"], {code: s[code] for code in languages}, bool(s["is_order_needed"])) for s in raw["subjects"]
        ),
        recipients={key: tuple(value) for key, value in raw["recipients"].items()},
        languages=languages,
        default_language=raw["default_language"],
        datasources=tuple(Datasource(d["pk"], d["name"], d["slug"]) for d in raw["datasources"]),
        users=tuple(User(**{k: _text(u, k) for k in User.__dataclass_fields__}) for u in raw["users"]),
    )
