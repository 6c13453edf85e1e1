"""`python -m tests.callbell_docs`: replay every curl example of Callbell's docs (pinned commit) against a fresh
mock started with `python3 dev.py run`'s defaults, and print one table row per example: pass or fail, and why.
Exit 0 when every example passes, 1 when one fails, 2 when the docs snapshot is absent."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from hamta import load_spec
from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.callbell_docs.replay import Outcome, replay
from tests.callbell_docs.snapshot import COMMIT, HOW_TO_GET_IT, Snapshot, find_snapshot


def table(outcomes: Sequence[Outcome]) -> str:
    """A Markdown table, for the integrator's note: example, request, status, result, repairs, why."""
    lines = [
        "| # | example (src/snippets/curl/) | request | status | result | repaired | why |",
        "|---|---|---|---|---|---|---|",
    ]
    for number, outcome in enumerate(outcomes, 1):
        why = outcome.why.replace("|", "\\|").replace("\n", " ")
        repaired = ", ".join(outcome.example.repairs) or "-"
        result = "pass" if outcome.passed else "FAIL"
        lines.append(
            f"| {number} | {outcome.example.name} | {outcome.request_line} | {outcome.status} | {result} | "
            f"{repaired} | {why[:300]} |"
        )
    passed = sum(outcome.passed for outcome in outcomes)
    lines.append("")
    lines.append(f"{passed} of {len(outcomes)} documented examples pass (docs commit {COMMIT}).")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.callbell_docs", description=__doc__)
    parser.add_argument("--snapshot", type=Path, help="the docs' git dir (default: $HAMTA_CALLBELL_DOCS, the mirror)")
    args = parser.parse_args(argv)
    repo = args.snapshot or find_snapshot()
    if repo is None:
        print(HOW_TO_GET_IT, file=sys.stderr)
        return 2
    examples = Snapshot(repo).examples()
    spec = load_spec("callbell")
    with running_mock(Settings(apis=("callbell",))) as base_url:
        outcomes = [replay(example, base_url, spec) for example in examples]
    print(table(outcomes))
    return 0 if all(outcome.passed for outcome in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
