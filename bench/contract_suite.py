"""How long the contract suite takes against the local mock, and how that scales with --max-examples.

    /work/main/.venv/bin/python bench/contract_suite.py [--examples 20,100] [--seeds 1404]

The issue's target is the full suite (three APIs, default settings) in <= 60 s on this machine. The reference,
measured in the same run, is the suite without its Schemathesis part (`--no-generated`): every figure is also
given as a multiple of it, which carries to another machine better than seconds do. One mock (all three APIs)
serves every run; it is reset before each, so every run starts from the same seeded data.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import yaml
from run import MOCK_BANNER, ROOT, call, running

CONVERSATIONS_FILE = ROOT / "fixtures" / "conversations.yaml"
ACCOUNTS_FILE = ROOT / "fixtures" / "accounts.yaml"
TARGET_S = 60.0


def credentials() -> list[str]:
    """The contract-tests flags for the mock's seeded accounts, read from the fixtures the mock seeds them from."""
    accounts = yaml.safe_load(ACCOUNTS_FILE.read_text())
    tokens = {account["username"]: account["token"] for account in accounts["contacts"]}
    flags = ["--token", tokens["admin"]]
    for role in ("staff", "viewer", "nobody"):
        flags += [f"--{role}-token", tokens[role]]
    users = yaml.safe_load(CONVERSATIONS_FILE.read_text())["users"]
    for user in users[:2]:
        flags += ["--login", f"{user['email']}:{user['password']}"]
    return [*flags, "--bearer", accounts["callbell"][0]["token"]]


def timed_run(base: str, extra: Sequence[str]) -> tuple[float, str]:
    """Seconds of one `contract-tests` run over all three APIs, and its summary line; a failing run is an error."""
    call("POST", f"{base}/__mock__/reset")
    command = [sys.executable, "-m", "contract_tests", "--base-url", base, *credentials(), *extra]
    command += ["--api", "contacts", "--api", "conversations", "--api", "callbell"]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    if done.returncode != 0:
        raise RuntimeError(f"contract-tests {' '.join(extra)} exited {done.returncode}:\n{done.stdout}{done.stderr}")
    return seconds, summary


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", default="20,100", help="comma-separated --max-examples values (20: default)")
    parser.add_argument("--seeds", default="1404", help="comma-separated --seed values")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hamta-bench-") as tmp:
        command = [sys.executable, "-m", "mockserver", "--port", "0"]
        with running(command, MOCK_BANNER, Path(tmp) / "mock.log") as mock:
            rows: list[tuple[str, float, str]] = []
            for seed in args.seeds.split(","):
                reference, summary = timed_run(mock.url, ["--seed", seed, "--no-generated"])
                rows.append((f"seed {seed}, --no-generated (reference)", reference, summary))
                for examples in args.examples.split(","):
                    seconds, summary = timed_run(mock.url, ["--seed", seed, "--max-examples", examples])
                    rows.append((f"seed {seed}, --max-examples {examples}", seconds, summary))
                    print(f"  {rows[-1][0]}: {seconds:.1f} s = {seconds / reference:.1f}x reference", flush=True)
    print(f"\n{'run':45} {'seconds':>8} {'x ref':>6}  summary")
    reference = rows[0][1]
    for name, seconds, summary in rows:
        if "(reference)" in name:
            reference = seconds
        print(f"{name:45} {seconds:8.1f} {seconds / reference:6.1f}  {summary}")
    default = [seconds for name, seconds, _ in rows if name.endswith("--max-examples 20")]
    if default:
        met = "met" if max(default) <= TARGET_S else "NOT met"
        print(f"\ntarget: the default run (--max-examples 20) in <= {TARGET_S:.0f} s: {met} ({max(default):.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
