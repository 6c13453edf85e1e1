"""Run every registered check of the selected APIs against a target, and collect a Report."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from contract_tests.exchange import Client
from contract_tests.inferred import InferredSubjects
from contract_tests.referee import Referee
from contract_tests.registry import CHECKS, Check, Context, Failure, Failures, QuirkChanged, Skip, operation_label
from contract_tests.report import Outcome, Report, Status
from contract_tests.target import Target
from hamta import load_spec

__all__ = ["run"]


def _failed(failure: Failure, label: str, subjects: InferredSubjects) -> tuple[Status, str]:
    reason = subjects.classify(failure, label)
    return ("failed", failure.message) if reason is None else ("inferred", f"{failure.message}\n(x-inferred: {reason})")


def _only_the_wrapper(paths: tuple[tuple[str | int, ...], ...]) -> bool:
    """A misfit of Callbell's `contact` wrapper itself (an object where the docs show an array, or back)."""
    return bool(paths) and all(path == ("contact",) for path in paths)


def _run_one(chk: Check, ctx: Context, subjects: InferredSubjects) -> list[Outcome]:
    """One check's outcomes: one, or one per finding when the check reports several."""
    try:
        return [_outcome_of(chk, ctx, subjects)]
    except Failures as many:
        outcomes = []
        for failure in many.failures:
            label = failure.operation or chk.operation
            status: Status = "quirk"
            message = failure.message
            if not isinstance(failure, QuirkChanged):
                status, message = _failed(failure, label, subjects)
            curl = failure.exchange.curl() if failure.exchange else ""
            outcomes.append(Outcome(chk.api, failure.check or chk.name, label, status, message, curl))
        return outcomes


def _outcome_of(chk: Check, ctx: Context, subjects: InferredSubjects) -> Outcome:
    started = time.perf_counter()

    def outcome(status: Status, message: str = "", curl: str = "", operation: str | None = None) -> Outcome:
        elapsed = time.perf_counter() - started
        return Outcome(chk.api, chk.name, operation or chk.operation, status, message, curl, elapsed)

    if chk.writes and ctx.target.read_only:
        return outcome("skipped", "writes, and the run is --read-only")
    try:
        chk.run(ctx)
    except Failures:
        raise
    except Skip as exc:
        return outcome("skipped", str(exc))
    except QuirkChanged as exc:
        return outcome("quirk", exc.message, exc.exchange.curl() if exc.exchange else "", exc.operation)
    except Failure as exc:
        exchange = exc.exchange or ctx.client.last
        if exc.exchange is None:
            exc.exchange = exchange
        status, message = _failed(exc, exc.operation or chk.operation, subjects)
        return outcome(status, message, exchange.curl() if exchange else "", exc.operation)
    except Exception as exc:  # a check that cannot even run (connection refused, bad JSON) is an error, not a pass
        exchange = ctx.client.last
        return outcome("error", f"{type(exc).__name__}: {exc}"[:500], exchange.curl() if exchange else "")
    return outcome("passed")


def _cleanup(ctx: Context) -> None:
    """Delete what the suite created (never anything else), with the admin token, best effort."""
    token = ctx.target.token("admin")
    for path in ctx.cleanup:
        if token:
            ctx.client.request("DELETE", path, headers={"Authorization": f"Token {token}"})


def run(target: Target, only: Iterable[str] = (), progress: Callable[[str], None] | None = None) -> Report:
    import contract_tests.suites  # noqa: F401  (registers the checks)

    wanted = set(only)
    outcomes: list[Outcome] = []
    for api in target.apis:
        spec = load_spec(api)
        referee = Referee(api)
        ctx = Context(target, spec, Client(target.base_url, referee, rate=target.rate, timeout=target.timeout))
        subjects = InferredSubjects(spec)
        for chk in CHECKS:
            chosen = chk.name in wanted if wanted else (target.generated or not chk.generated)
            if chk.api == api and chosen:
                if progress is not None:
                    progress(f"{api} {chk.name}")
                outcomes.extend(_run_one(chk, ctx, subjects))
        _cleanup(ctx)
        by_operation: dict[str, list[tuple[str, str, str | None]]] = {}
        for misfit in referee.misfits:
            if api == "callbell" and target.callbell_contact_shape and _only_the_wrapper(misfit.paths):
                continue  # the run expects one `contact` form everywhere (--callbell-contact-shape)
            path = misfit.exchange.url.split("?")[0].split("://", 1)[-1].split("/", 1)[-1]
            label = operation_label(spec, misfit.exchange.method, "/" + path)
            reason = subjects.reason(label, status=misfit.exchange.status, paths=misfit.paths)
            by_operation.setdefault(label, []).append((misfit.message, misfit.exchange.curl(), reason))
        for label, misfits in by_operation.items():
            defects = [misfit for misfit in misfits if misfit[2] is None]
            if defects:
                message, curl, _ = defects[0]
                outcomes.append(Outcome(api, "response_schema_conformance", label, "failed", message, curl))
            else:
                message, curl, reason = misfits[0]
                text = f"{message}\n(x-inferred: {reason})"
                outcomes.append(Outcome(api, "response_schema_conformance", label, "inferred", text, curl))
        if not by_operation:
            outcomes.append(Outcome(api, "response_schema_conformance", "* every response seen", "passed"))
    return Report(outcomes, strict_inferred=target.strict_inferred)
