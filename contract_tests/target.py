"""What the suites test: a base URL, which APIs, and credentials, from flags, environment or a TOML file.

Precedence: command-line flags, then environment variables (`HAMTA_*`), then the config file. Roles for the
contacts permission matrix are named like the seeds' accounts; their permission codes are part of the
contract (the spec's `x-permission` per operation), so a deployment's tokens map onto them.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

__all__ = ["ROLE_CODES", "SHARED_RATE", "Target", "default_rate", "load_target", "parse_codes", "parse_roles"]

# The roles a run can be given tokens for, and the permission codes each holds unless the configuration says
# otherwise (`--role staff=4001,4002`, `[roles]` in the file, HAMTA_ROLES): a superuser, a staff member with
# 4001-4003, one with 4002 only, and an account without permissions.
ROLE_CODES: dict[str, frozenset[int] | None] = {
    "admin": None,  # superuser: every code
    "staff": frozenset({4001, 4002, 4003}),
    "viewer": frozenset({4002}),
    "nobody": frozenset(),
}


# Requests a second at most against a deployment other people use (staging, production read-only).
SHARED_RATE = 50.0


def default_rate(base_url: str) -> float:
    """The cap when none is given: SHARED_RATE for any host, none for this machine's own loopback (a local
    mock or a backend under development has nobody else to protect, and the cap is most of a run's time)."""
    host = urlsplit(base_url).hostname or ""
    if host == "localhost":
        return 0.0
    try:
        return 0.0 if ipaddress.ip_address(host).is_loopback else SHARED_RATE
    except ValueError:
        return SHARED_RATE


@dataclass(frozen=True)
class Target:
    base_url: str
    apis: tuple[str, ...] = ("contacts",)
    tokens: dict[str, str] = field(default_factory=dict)  # contacts role -> DRF token
    logins: tuple[tuple[str, str], ...] = ()  # conversations (email, password), two users for isolation
    bearer: str | None = None  # callbell
    read_only: bool = False
    seed: int = 0
    max_examples: int = 20
    rate: float = SHARED_RATE  # requests per second, at most; 0 is no cap (load_target: default_rate)
    timeout: float = 10.0
    quirks: str | None = None  # the trailing-slash profile the deployment runs; None: the spec's default
    # The deployment's variant (the spec's `x-profiles`: database, router, ...); None: any stock variant passes.
    profile: str | None = None
    # Each role's permission codes (None: a superuser); roles missing here hold ROLE_CODES' codes.
    roles: dict[str, frozenset[int] | None] = field(default_factory=dict)
    marker: str = "hamta-ct"  # prefix of everything the suites create, so it can be found and removed
    generated: bool = True  # run the Schemathesis suites too (contract_tests/suites/generated.py)
    # A finding about behaviour the spec marks `x-inferred` fails the run too (by default it is reported apart).
    strict_inferred: bool = False
    # Callbell, against a real account: the only number a message or template may be sent to, and the only URL
    # a webhook may be subscribed to; without them those checks skip (the mock's tests name their own).
    callbell_test_number: str | None = None
    callbell_test_webhook: str | None = None
    # Callbell: the account's channels, teams and templates may be renamed for a moment (and renamed back).
    callbell_account_writes: bool = False
    # Callbell's `contact` wrapper the checks expect: None follows the docs per endpoint (the spec's examples);
    # "object" or "array" expects that one form everywhere (a mock started with --callbell-contact-shape).
    callbell_contact_shape: str | None = None

    def token(self, role: str) -> str | None:
        return self.tokens.get(role)

    def codes(self, role: str) -> frozenset[int] | None:
        """The permission codes the role's account holds (None: every code, a superuser)."""
        return self.roles[role] if role in self.roles else ROLE_CODES[role]


def parse_codes(text: str) -> frozenset[int] | None:
    """`4001,4002`, `all` (a superuser) or `` (no permission)."""
    text = text.strip()
    if text == "all":
        return None
    try:
        return frozenset(int(code) for code in text.replace(" ", "").split(",") if code)
    except ValueError:
        raise ValueError(f"permission codes must be numbers, 'all' or empty, not {text!r}") from None


def parse_roles(items: list[str] | dict[str, Any]) -> dict[str, frozenset[int] | None]:
    """`ROLE=CODES` items (flags, the environment) or a table (the file), for the roles of ROLE_CODES."""
    pairs = items.items() if isinstance(items, dict) else (item.partition("=")[::2] for item in items)
    roles: dict[str, frozenset[int] | None] = {}
    for role, codes in pairs:
        if role not in ROLE_CODES:
            raise ValueError(f"unknown role {role!r}: roles are {', '.join(ROLE_CODES)}")
        roles[role] = parse_codes(",".join(map(str, codes)) if isinstance(codes, list) else str(codes))
    return roles


def _env(name: str) -> str | None:
    value = os.environ.get(f"HAMTA_{name}")
    return value if value else None


def _flag(value: Any) -> bool:
    """A setting's truth: a bool from a flag or the file, or text from the environment ("0", "false", "no")."""
    if isinstance(value, str):
        return value.strip().lower() not in ("", "0", "false", "no", "off")
    return bool(value)


def load_target(flags: dict[str, Any], config: Path | None = None) -> Target:
    """Merge the three sources; a flag left at None falls through to the environment, then the file."""
    file: dict[str, Any] = tomllib.loads(config.read_text(encoding="utf-8")) if config else {}

    def pick(key: str, env: str, default: Any = None) -> Any:
        if flags.get(key) is not None:
            return flags[key]
        if _env(env) is not None:
            return _env(env)
        return file.get(key, default)

    tokens = {role: file.get("tokens", {}).get(role) for role in ROLE_CODES}
    tokens.update({role: _env(f"TOKEN_{role.upper()}") or tokens[role] for role in ROLE_CODES})
    tokens.update({role: token for role, token in (flags.get("tokens") or {}).items() if token})
    logins = [tuple(pair) for pair in file.get("logins", [])]
    env_logins = _env("LOGINS")  # "a@x:pw1,b@x:pw2"
    if env_logins:
        logins = [tuple(item.split(":", 1)) for item in env_logins.split(",") if ":" in item]
    if flags.get("logins"):
        logins = list(flags["logins"])
    base_url = pick("base_url", "BASE_URL")
    if not base_url:
        raise ValueError("a base URL is needed: --base-url, HAMTA_BASE_URL or base_url in the config file")
    apis = pick("apis", "APIS", ["contacts"])
    roles = parse_roles(file.get("roles", {}))
    env_roles = _env("ROLES")  # "staff=4001,4002;viewer=4002"
    if env_roles:
        roles.update(parse_roles([item for item in env_roles.split(";") if item]))
    roles.update(parse_roles(list(flags.get("roles") or ())))
    return Target(
        base_url=str(base_url).rstrip("/"),
        apis=tuple(apis.split(",") if isinstance(apis, str) else apis),
        tokens={role: token for role, token in tokens.items() if token},
        logins=tuple((str(a), str(b)) for a, b in logins),
        bearer=pick("bearer", "BEARER"),
        read_only=_flag(pick("read_only", "READ_ONLY", False)),
        seed=int(pick("seed", "SEED", 0)),
        max_examples=int(pick("max_examples", "MAX_EXAMPLES", 20)),
        rate=float(pick("rate", "RATE", default_rate(str(base_url)))),
        timeout=float(pick("timeout", "TIMEOUT", 10.0)),
        quirks=pick("quirks", "QUIRKS"),
        profile=pick("profile", "PROFILE"),
        roles=roles,
        generated=_flag(pick("generated", "GENERATED", True)),
        strict_inferred=_flag(pick("strict_inferred", "STRICT_INFERRED", False)),
        callbell_test_number=pick("callbell_test_number", "CALLBELL_TEST_NUMBER"),
        callbell_test_webhook=pick("callbell_test_webhook", "CALLBELL_TEST_WEBHOOK"),
        callbell_account_writes=_flag(pick("callbell_account_writes", "CALLBELL_ACCOUNT_WRITES", False)),
        callbell_contact_shape=_contact_shape(pick("callbell_contact_shape", "CALLBELL_CONTACT_SHAPE")),
    )


CONTACT_SHAPES = ("docs", "object", "array")


def _contact_shape(value: Any) -> str | None:
    """None for the docs' per-endpoint wrapper; "object" or "array" to expect one form everywhere
    ("legacy-array", the mock's older name, is "array")."""
    if value is None or value == "docs":
        return None
    chosen = "array" if value == "legacy-array" else str(value)
    if chosen not in CONTACT_SHAPES:
        raise ValueError(f"--callbell-contact-shape must be one of {', '.join(CONTACT_SHAPES)}, not {value!r}")
    return chosen
