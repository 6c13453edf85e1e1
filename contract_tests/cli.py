"""`contract-tests`: test a deployment against hamta's specs; exit 0 only when everything holds."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from contract_tests.runner import run
from contract_tests.target import ROLE_CODES, load_target
from hamta import API_NAMES

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
    parser.add_argument("--check", action="append", default=[], help="run only this check (repeatable)")
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
    }
    try:
        target = load_target(flags, args.config)
    except (ValueError, OSError) as exc:
        print(f"contract-tests: {exc}", file=sys.stderr)
        return 2
    progress = _progress(sys.stderr)
    report = run(target, args.check, progress)
    if progress is not None:
        sys.stderr.write("\r\033[K")  # clear the progress line before the summary
    print(report.summary())
    if args.junit:
        report.write_junit(args.junit)
    return 0 if report.ok else 1
