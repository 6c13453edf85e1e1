"""How long the contract suite and the twin run take against the reference DRF deployment, beside the same runs
against the mock, in one run (issue 13's measure).

    /work/main/.venv/bin/python bench/reference.py [--seed 1] [--database sqlite|postgresql]

The reference is the Django project of tests/reference/contacts_drf/ under Django's own runserver (as the suite
starts it); the mock plays the matching profile with the same seeded contacts. Figures are seconds and the
reference's time as a multiple of the mock's, which carries to another machine better than seconds do.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from contract_tests.target import Target  # noqa: E402
from contract_tests.twin import run_twin  # noqa: E402
from mockserver.settings import Settings  # noqa: E402
from mockserver.testing import running_mock  # noqa: E402
from tests.reference.drf_server import Reference, running_reference  # noqa: E402


def suite_seconds(url: str, reference: Reference, seed: int, extra: Sequence[str] = ()) -> float:
    tokens = reference.tokens()
    command = [sys.executable, "-m", "contract_tests", "--base-url", url, "--token", tokens["admin"]]
    for role in ("staff", "viewer", "nobody"):
        command += [f"--{role}-token", tokens[role]]
    command += ["--seed", str(seed), "--profile", reference.database, *extra]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"contract-tests against {url} exited {done.returncode}:\n{done.stdout[-3000:]}")
    return seconds


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args(argv)
    with ExitStack() as stack:
        database = None
        if args.database == "postgresql":
            from tests.reference.conftest import fresh_database
            from tests.reference.postgres import running_postgres

            database = fresh_database(stack.enter_context(running_postgres()))
        started = time.perf_counter()
        reference = stack.enter_context(running_reference(database))
        ready = time.perf_counter() - started
        mock = stack.enter_context(running_mock(Settings(apis=("contacts",), profile=args.database)))
        rows = []
        for label, extra in (("suite, default", ()), ("suite, --no-generated", ("--no-generated",))):
            on_reference = suite_seconds(reference.url, reference, args.seed, extra)
            on_mock = suite_seconds(mock, reference, args.seed, extra)
            rows.append((label, on_reference, on_mock))
        started = time.perf_counter()
        report = run_twin(Target(base_url=reference.url, tokens=reference.tokens(), rate=0), mock)
        twin = time.perf_counter() - started
        compared = sum(int(o.message.split()[0]) for o in report.outcomes if o.status == "passed")
    print(f"reference on {args.database}: migrated, loaded and serving in {ready:.1f} s")
    print(f"{'run':28} {'reference s':>12} {'mock s':>8} {'ratio':>6}")
    for label, on_reference, on_mock in rows:
        print(f"{label:28} {on_reference:12.1f} {on_mock:8.1f} {on_reference / on_mock:6.2f}")
    divergences = [o for o in report.outcomes if o.status == "failed"]
    print(f"twin run (copy + {compared} agreeing requests, {len(divergences)} divergences): {twin:.1f} s")
    for outcome in divergences:
        print(f"  {outcome.operation}: {outcome.message}\n    {outcome.curl}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
