"""`contract-tests`: test a deployment against hamta's specs; exit 0 only when everything holds."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

import requests

from contract_tests.runner import run
from contract_tests.target import ROLE_CODES, Target, load_target
from contract_tests.twin import CloneError, run_twin
from hamta import API_NAMES, SpecError, load_spec

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="contract-tests", description=__doc__)
    parser.add_argument("--base-url", help="the deployment, e.g. https://staging.example.com (env HAMTA_BASE_URL)")
    parser.add_argument("--api", action="append", choices=API_NAMES, help="which API (repeatable; default contacts)")
    parser.add_argument("--token", help="contacts admin token (env HAMTA_TOKEN_ADMIN)")
    for role in ROLE_CODES:
        parser.add_argument(f"--{role}-token", dest=f"token_{role}", help=f"contacts token of the {role} role")
    parser.add_argument(
        "--login",
        action="append",
        metavar="EMAIL:PASSWORD",
        help="conversations: a user to sign in as (repeatable; a second user enables the isolation checks)",
    )
    parser.add_argument("--bearer", help="callbell: an API token (env HAMTA_BEARER)")
    parser.add_argument("--config", type=Path, help="a TOML file with any of these settings")
    parser.add_argument("--junit", type=Path, help="write a JUnit XML report here")
    parser.add_argument("--seed", type=int, help="Hypothesis seed, to replay a run")
    parser.add_argument("--max-examples", type=int, help="Hypothesis examples per property (default 20)")
    parser.add_argument("--read-only", action="store_true", default=None, help="send only safe methods")
    parser.add_argument("--rate", type=float, help="requests a second at most (default 50; none on loopback; 0: none)")
    parser.add_argument("--timeout", type=float, help="per-request timeout in seconds (default 10)")
    parser.add_argument("--quirks", help="the trailing-slash profile the deployment runs (default: the spec's)")
    parser.add_argument(
        "--profile",
        help="contacts: the deployment's variant, NAME[,dimension=variant...] (x-profiles; default: any stock one)",
    )
    parser.add_argument(
        "--role",
        action="append",
        metavar="ROLE=CODES",
        help="a role's permission codes, e.g. staff=4001,4002 or admin=all (repeatable; default: the seeds' roles)",
    )
    parser.add_argument(
        "--twin",
        metavar="URL",
        help="contacts: copy the deployment into this hamta mock, send both one corpus, report every divergence",
    )
    parser.add_argument("--twin-admin-token", help="the twin mock's --admin-token, if it was started with one")
    parser.add_argument("--check", action="append", default=[], help="run only this check (repeatable)")
    parser.add_argument(
        "--strict-inferred",
        action="store_true",
        default=None,
        help="fail the run when behaviour the spec only inferred (x-inferred) differs (default: reported apart)",
    )
    parser.add_argument(
        "--callbell-test-number",
        help="callbell: the one phone number messages and templates may be sent to (without it, those checks skip)",
    )
    parser.add_argument(
        "--callbell-test-webhook",
        help="callbell: the one URL a webhook may be subscribed to; this replaces the account's webhook for the run "
        "and unsubscribes it after (without it, the webhook checks skip)",
    )
    parser.add_argument(
        "--callbell-account-writes",
        action="store_true",
        default=None,
        help="callbell: let a check rename the account's first channel, team and template and rename them back "
        "(without it, that check skips)",
    )
    parser.add_argument(
        "--callbell-contact-shape",
        choices=("docs", "object", "array", "legacy-array"),
        help="callbell: the `contact` wrapper to expect: per endpoint as the docs show (docs, the default), or "
        "one form everywhere",
    )
    parser.add_argument(
        "--generated",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="run the Schemathesis suites, generated requests (the default; --no-generated leaves them out)",
    )
    return parser


def _progress(stream: TextIO) -> Callable[[str], None] | None:
    """On a terminal, which check runs now (a long run should not look hung); nothing otherwise."""
    if not stream.isatty():
        return None

    def show(step: str) -> None:
        stream.write(f"\r\033[K{step} ...")
        stream.flush()

    return show


def reachable(url: str, timeout: float) -> None:
    """One line that says which URL and why, instead of a traceback per check (raises OSError)."""
    try:
        requests.get(url, timeout=timeout, allow_redirects=False)
    except requests.RequestException as exc:
        reason = exc.__class__.__name__
        root = exc.__context__ or exc
        while root.__context__ is not None:
            root = root.__context__
        raise OSError(f"cannot reach {url}: {reason} ({root})") from None


def _check_profile(target: Target) -> None:
    if target.profile is not None:
        try:
            load_spec("contacts").profile(target.profile)
        except SpecError as exc:
            raise ValueError(str(exc)) from None


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    tokens = {role: getattr(args, f"token_{role}") for role in ROLE_CODES}
    tokens["admin"] = tokens["admin"] or args.token
    flags = {
        "base_url": args.base_url,
        "apis": args.api,
        "tokens": tokens,
        "seed": args.seed,
        "max_examples": args.max_examples,
        "read_only": args.read_only,
        "rate": args.rate,
        "timeout": args.timeout,
        "quirks": args.quirks,
        "bearer": args.bearer,
        "generated": args.generated,
        "logins": [tuple(login.split(":", 1)) for login in args.login or () if ":" in login],
        "profile": args.profile,
        "roles": args.role,
        "strict_inferred": args.strict_inferred,
        "callbell_test_number": args.callbell_test_number,
        "callbell_test_webhook": args.callbell_test_webhook,
        "callbell_account_writes": args.callbell_account_writes,
        "callbell_contact_shape": args.callbell_contact_shape,
    }
    try:
        target = load_target(flags, args.config)
        _check_profile(target)
        for url in (target.base_url, args.twin):
            if url:
                reachable(url, target.timeout)
    except (ValueError, OSError) as exc:
        print(f"contract-tests: {exc}", file=sys.stderr)
        return 2
    progress = _progress(sys.stderr)
    try:
        if args.twin:
            admin = {"X-Hamta-Admin-Token": args.twin_admin_token} if args.twin_admin_token else {}
            report = run_twin(target, args.twin, admin, progress)
        else:
            report = run(target, args.check, progress)
    except CloneError as exc:
        print(f"contract-tests: {exc}", file=sys.stderr)
        return 2
    if progress is not None:
        sys.stderr.write("\r\033[K")  # clear the progress line before the summary
    print(report.summary())
    if args.junit:
        report.write_junit(args.junit)
    return 0 if report.ok else 1
