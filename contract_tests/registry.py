"""Checks are small registered functions (as in schemathesis): each tests one promise of the contract and
raises `Failure` (a defect) or `QuirkChanged` (the deployment moved away from a documented quirk: the spec
needs updating, not necessarily the code)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hamta.openapi import ApiSpec

if TYPE_CHECKING:
    from contract_tests.exchange import Client, Exchange
    from contract_tests.target import Target

__all__ = ["CHECKS", "Check", "Context", "Failure", "Failures", "QuirkChanged", "Skip", "check", "operation_label"]


class Failure(AssertionError):
    """The deployment breaks its contract here."""

    def __init__(
        self,
        message: str,
        exchange: Exchange | None = None,
        operation: str | None = None,
        check: str | None = None,
        *,
        statuses: tuple[str, ...] = (),
        parameters: tuple[str, ...] = (),
        documented: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.exchange = exchange
        self.operation = operation
        self.check = check  # a finer name than the registered check's (e.g. schemathesis's own check names)
        # What the finding is about, when not the status answered: the response statuses the check expected
        # ("401", "4xx") and the query parameters it tested. A subject the spec marks `x-inferred` makes the
        # finding "inferred behaviour differs" rather than a defect (contract_tests.inferred).
        self.statuses = statuses
        self.parameters = parameters
        # The check found a promise the docs state in words (its docstring cites where): a defect even on an
        # operation the spec marks `x-inferred` as a whole, where the mark is about another aspect of it (the
        # page size of GET /contacts, the success status of POST /contacts).
        self.documented = documented


class QuirkChanged(Failure):
    """A documented quirk behaves otherwise now."""


class Failures(AssertionError):
    """Several independent findings of one check (a generated run over many operations)."""

    def __init__(self, failures: list[Failure]) -> None:
        super().__init__(f"{len(failures)} failures")
        self.failures = failures


class Skip(Exception):
    """The check cannot run against this target (read-only, a missing credential): said, not hidden."""


@dataclass
class Context:
    target: Target
    spec: ApiSpec
    client: Client
    cleanup: list[str] = field(default_factory=list)  # paths of what the suite created, deleted at the end


@dataclass(frozen=True)
class Check:
    api: str
    name: str
    operation: str
    writes: bool
    run: Callable[[Context], None]
    generated: bool = False  # a Schemathesis suite: runs by default, left out with --no-generated


CHECKS: list[Check] = []


def check(
    api: str, name: str, operation: str, *, writes: bool = False, generated: bool = False
) -> Callable[[Callable[[Context], None]], Callable[[Context], None]]:
    def register(function: Callable[[Context], None]) -> Callable[[Context], None]:
        CHECKS.append(Check(api, name, operation, writes, function, generated))
        return function

    return register


def operation_label(spec: ApiSpec, method: str, path: str) -> str:
    """`GET /api/contacts/{id}/` for a request to /api/contacts/17/ (the spec's template, for grouping)."""
    for template in spec.paths():
        pattern = "^" + re.sub(r"\\\{[^/]+\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path):
            return f"{method} {template}"
    return f"{method} {path}"
