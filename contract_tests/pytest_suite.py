"""The test module `pytest --pyargs contract_tests.pytest_suite` collects: one test per registered check."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from contract_tests.exchange import Client
from contract_tests.inferred import INFERRED_PREFIX, InferredSubjects
from contract_tests.referee import Referee
from contract_tests.registry import Check, Context, Failure, Failures, QuirkChanged, Skip
from contract_tests.target import Target
from hamta import load_spec

_contexts: dict[str, Context] = {}


@pytest.fixture(scope="session")
def hamta_contexts(hamta_target: Target) -> Iterator[dict[str, Context]]:
    yield _contexts
    for ctx in _contexts.values():
        token = ctx.target.token("admin")
        for path in ctx.cleanup:
            if token:
                ctx.client.request("DELETE", path, headers={"Authorization": f"Token {token}"})


def test_contract(hamta_check: Check, hamta_target: Target, hamta_contexts: dict[str, Context]) -> None:
    if hamta_check.writes and hamta_target.read_only:
        pytest.skip("writes, and the run is read-only")
    ctx = hamta_contexts.get(hamta_check.api)
    if ctx is None:
        client = Client(
            hamta_target.base_url, Referee(hamta_check.api), rate=hamta_target.rate, timeout=hamta_target.timeout
        )
        ctx = hamta_contexts[hamta_check.api] = Context(hamta_target, load_spec(hamta_check.api), client)
    seen = len(ctx.client.referee.misfits)
    subjects = InferredSubjects(ctx.spec)
    try:
        hamta_check.run(ctx)
    except Skip as exc:
        pytest.skip(str(exc))
    except Failures as many:
        lines = [f"{f.check or hamta_check.name} {f.operation or ''}: {f.message}" for f in many.failures]
        guessed = [subjects.classify(f, f.operation or hamta_check.operation) for f in many.failures]
        if all(guessed) and not hamta_target.strict_inferred:
            pytest.xfail(f"{INFERRED_PREFIX}:\n" + "\n".join(lines))
        pytest.fail(f"{len(lines)} findings:\n" + "\n".join(lines))
    except QuirkChanged as exc:
        pytest.fail(
            f"quirk changed (the spec needs updating): {exc.message}\n{exc.exchange.curl() if exc.exchange else ''}"
        )
    except Failure as exc:
        exc.exchange = exc.exchange or ctx.client.last
        text = f"{exc.message}\n{exc.exchange.curl() if exc.exchange else ''}"
        reason = subjects.classify(exc, exc.operation or hamta_check.operation)
        if reason and not hamta_target.strict_inferred:
            pytest.xfail(f"{INFERRED_PREFIX} (x-inferred: {reason}): {text}")
        pytest.fail(text)
    misfits = ctx.client.referee.misfits[seen:]  # only what this check's own requests got wrong
    if misfits:
        first = misfits[0]
        text = f"response_schema_conformance: {first.operation}: {first.message}\n{first.exchange.curl()}"
        guessed = [subjects.reason(m.operation, status=m.exchange.status, paths=m.paths) for m in misfits]
        if all(guessed) and not hamta_target.strict_inferred:
            pytest.xfail(f"{INFERRED_PREFIX} (x-inferred: {guessed[0]}): {text}")
        pytest.fail(text)
