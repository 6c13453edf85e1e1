"""The seeded accounts of `fixtures/accounts.yaml`, per API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hamta import fixtures_dir, load_yaml

__all__ = ["Account", "Accounts", "load_accounts"]


@dataclass(frozen=True)
class Account:
    username: str
    token: str
    superuser: bool = False
    staff: bool = False
    permissions: frozenset[int] = frozenset()
    note: str = ""

    def may(self, code: int | None) -> bool:
        """Django-style: superusers pass every check; a code needs staff status and that code; no code (the
        spec's `x-permission: null`) lets any authenticated account through."""
        if self.superuser or code is None:
            return True
        return self.staff and code in self.permissions


@dataclass(frozen=True)
class Accounts:
    by_api: dict[str, tuple[Account, ...]]

    def for_api(self, api: str) -> tuple[Account, ...]:
        return self.by_api.get(api, ())

    def by_token(self, api: str) -> dict[str, Account]:
        return {account.token: account for account in self.for_api(api)}


def _account(raw: dict[str, Any]) -> Account:
    return Account(
        username=raw["username"],
        token=raw["token"],
        superuser=bool(raw.get("superuser", False)),
        staff=bool(raw.get("staff", False)),
        permissions=frozenset(int(code) for code in raw.get("permissions", [])),
        note=str(raw.get("note", "")),
    )


def load_accounts() -> Accounts:
    raw = load_yaml(fixtures_dir() / "accounts.yaml")
    return Accounts({api: tuple(_account(entry) for entry in entries) for api, entries in raw.items()})
