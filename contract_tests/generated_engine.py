"""Drive schemathesis's engine (the same phases as `schemathesis run`) against a target and turn what it finds
into the suites' `Failure`s. The per-API choices (auth, what is pinned, which check is off where, and why) live
in `contract_tests/suites/generated.py`; this module knows schemathesis, not the APIs.

Two engine runs per API:
- the unit phases (examples, coverage, fuzzing), positive and negative, every operation. Operations that change
  or delete one resource by its path (PATCH, DELETE, POST .../close) get that path parameter pinned to a
  resource the suite created itself, so a generated id never touches data the suite did not make;
- the stateful phase alone, over the spec's OpenAPI `links` only (schemathesis's link inference is off: it
  would chain a list's ids into DELETE and remove records the suite did not create). Its roots are the create
  operations. schemathesis still swaps a linked path parameter for a generated one now and then (unseeded);
  for a pinned operation the suite puts the pinned resource back unless the path names one it created.

Bounded and reproducible: `max_examples` per operation, `seed`, deterministic generation, no shrinking, no
Hypothesis database, no schemathesis cache, a per-request timeout and the target's rate cap.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from schemathesis.core.parameters import ParameterLocation
from schemathesis.engine import events, from_schema
from schemathesis.hooks import GLOBAL_HOOK_DISPATCHER, HookContext

from contract_tests.exchange import Exchange
from contract_tests.registry import Failure

__all__ = ["CHECKS", "SAFE_METHODS", "STATEFUL_MAX_STEPS", "Created", "EngineRun", "Plan", "run_plan"]

# The built-in checks the suite runs (schemathesis's own names); a plan turns some off, each with its reason.
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "positive_data_acceptance",
    "ignored_auth",
    "use_after_free",
    "ensure_resource_availability",
    "unsupported_method",
    "allow_header_conformance",
    "missing_required_header",
)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
_FORM_MEDIA_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
STATEFUL_MAX_STEPS = 6
_MESSAGE_LIMIT = 900

# (method, path template, status, JSON body) of a response -> the path on the target to DELETE what it created.
Created = Callable[[str, str, int, Any], str | None]


@dataclass
class Plan:
    """What one API's generated run needs; built per run by the suite."""

    base_url: str  # the target's URL plus the spec's server path
    server: str = ""  # the spec's server path (`/v1` for Callbell; "" for `/`)
    headers: dict[str, str] = field(default_factory=dict)  # sent on every request (a token)
    auth: type | None = None  # a schemathesis auth provider class (get/set), for session auth
    read_only: bool = False
    seed: int = 0
    max_examples: int = 20
    timeout: float = 10.0
    rate: float = 0.0  # requests per second, at most; 0: no cap
    # operationId -> {"id": 7}: path parameters every request of it carries in the unit phases (the stateful
    # phase takes them from the links).
    pins: dict[str, dict[str, Any]] = field(default_factory=dict)
    # operationId -> {"to": "..."}: body fields every request of it carries, in every phase (examples too).
    forced: dict[str, dict[str, Any]] = field(default_factory=dict)
    # operationId -> a function that sets, in place, the fields of a positive body that must name data that
    # exists on the server (ids the suite fetched or created through the API at run start), so that a create
    # can succeed and the stateful phase reach what its links lead to. Never applied to a negative case.
    references: dict[str, Callable[[dict[str, Any]], None]] = field(default_factory=dict)
    # A deployment whose router may add DRF's format-suffix routes (`/{id}.json/`): a generated "invalid" path
    # segment shaped like `1.json` names a route there, so such a negative case gets a segment no route takes.
    format_suffixes: bool = False
    # check name -> the reason it is off for the whole API.
    off: dict[str, str] = field(default_factory=dict)
    # operationId -> {check name: the reason it is off there}.
    disabled: dict[str, dict[str, str]] = field(default_factory=dict)
    # operationId -> (body field, its maxLength): positive bodies get the marker at the front of that field.
    marked: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    marker: str = "hamta-ct"
    created: Created | None = None
    # operationId -> why it is not generated at all (e.g. a send to a number nobody named for the run).
    excluded: dict[str, str] = field(default_factory=dict)


Key = tuple[str, str, str]  # (operation, check, failure title): one finding, however many cases show it


@dataclass
class EngineRun:
    found: dict[Key, Failure] = field(default_factory=dict)
    seen: dict[Key, int] = field(default_factory=dict)
    created: list[str] = field(default_factory=list)  # what `Plan.created` named, to delete afterwards
    requests: int = 0
    operations: set[str] = field(default_factory=set)  # "unit GET /x", "stateful POST /y": what was reached
    # (phase, operation, status) -> how many responses: ("stateful", "POST /y", 201) -> 3.
    responses: dict[tuple[str, str, int], int] = field(default_factory=dict)

    def add(self, failure: Failure, key: Key) -> None:
        self.seen[key] = self.seen.get(key, 0) + 1
        self.found.setdefault(key, failure)

    @property
    def failures(self) -> list[Failure]:
        """One failure per finding, saying how many generated cases showed it."""
        for key, failure in self.found.items():
            if self.seen[key] > 1 and not failure.message.endswith(" cases)"):
                failure.message += f"\n({self.seen[key]} cases)"
        return list(self.found.values())


def _rate_limit(rate: float) -> str | None:
    if rate <= 0:
        return None
    if rate >= 1:
        return f"{int(rate)}/s"
    return f"{max(1, round(rate * 60))}/m"


def _operations_config(plan: Plan, *, stateful: bool) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for operation_id, reasons in plan.disabled.items():
        checks = {name: {"enabled": False} for name in reasons}
        entries.append({"include-operation-id": operation_id, "checks": checks})
    if not stateful:
        for operation_id, pins in plan.pins.items():
            parameters = {f"path.{name}": value for name, value in pins.items()}
            entries.append({"include-operation-id": operation_id, "parameters": parameters})
    return entries


def _config(plan: Plan, *, stateful: bool) -> schemathesis.Config:
    generation: dict[str, Any] = {
        "mode": "all",
        # A stateful scenario is up to STATEFUL_MAX_STEPS requests: half as many scenarios as unit examples
        # keeps the default run of all three APIs within a minute at the default rate cap.
        "max-examples": max(1, plan.max_examples // 2) if stateful else plan.max_examples,
        "deterministic": True,
        "no-shrink": True,
        "database": "none",
    }
    checks: dict[str, Any] = {"enabled": False, **{name: {"enabled": name not in plan.off} for name in CHECKS}}
    phases: dict[str, Any] = {
        "examples": {"enabled": not stateful},
        "coverage": {"enabled": not stateful},
        "fuzzing": {"enabled": not stateful},
        "stateful": {
            "enabled": stateful,
            "max-steps": STATEFUL_MAX_STEPS,
            # Links only: inferred ones feed a list's ids (records the suite did not create) into DELETE.
            "inference": {"algorithms": []},
        },
    }
    if plan.read_only:
        # The coverage phase also probes methods a path does not declare; only safe ones in read-only mode.
        phases["coverage"]["unexpected-methods"] = ["get", "options"]
    data: dict[str, Any] = {
        "seed": plan.seed,
        # A slow deployment is not a generation problem: Hypothesis's health checks would only make runs flaky.
        "suppress-health-check": ["all"],
        "cache": {"enabled": False},
        "workers": 1,
        "headers": dict(plan.headers),
        "request-timeout": plan.timeout,
        "generation": generation,
        "checks": checks,
        "phases": phases,
    }
    limit = _rate_limit(plan.rate)
    if limit:
        data["rate-limit"] = limit
    operations = _operations_config(plan, stateful=stateful)
    if operations:
        data["operations"] = operations
    return schemathesis.Config.from_dict(data)


def _operation_id(case: Any) -> str | None:
    raw = getattr(getattr(case.operation, "definition", None), "raw", None)
    return raw.get("operationId") if isinstance(raw, dict) else None


def _form(media_type: str | None) -> bool:
    return (media_type or "").split(";")[0].strip().lower() in _FORM_MEDIA_TYPES


def _takes_json(case: Any) -> bool:
    return case.operation.get_body_for_media_type("application/json") is not None


def _owned(plan: Plan, result: EngineRun, case: Any) -> bool:
    """Whether the case's path names a resource this run created (or lies below one)."""
    path = plan.server + str(case.formatted_path)
    return any(path == mine or path.startswith(mine.rstrip("/") + "/") for mine in result.created)


# A path segment DRF's `format_suffix_patterns` reads as `<id>.<format>` (its suffix is `[a-z0-9]+`).
_SUFFIXED = re.compile(r"^[^/.]+\.[a-z0-9]+$")


def _before_call(plan: Plan, schema: Any, result: EngineRun) -> Callable[[HookContext, Any, dict[str, Any]], None]:
    """Refuse unsafe requests in a read-only run; keep pinned operations on the suite's own resources; fill a
    positive body's references to existing data; set forced body fields; mark positive bodies. schemathesis
    revalidates a case a hook changed, so a negative case still counts as negative only if it still is."""

    def before_call(context: HookContext, case: Any, kwargs: dict[str, Any]) -> None:
        if case.operation.schema is not schema:
            return
        if plan.read_only and str(case.method).upper() not in SAFE_METHODS:
            raise RuntimeError(f"read-only run: refusing to send {case.method.upper()} {case.formatted_path}")
        operation_id = _operation_id(case) or ""
        pins = plan.pins.get(operation_id)
        if pins and not _owned(plan, result, case):
            case.path_parameters = {**(case.path_parameters or {}), **pins}
        if plan.format_suffixes and case.meta is not None and case.meta.is_negative_at(ParameterLocation.PATH):
            case.path_parameters = {
                name: f"{value}~" if isinstance(value, str) and _SUFFIXED.match(value) else value
                for name, value in (case.path_parameters or {}).items()
            }
        negative_body = case.meta is not None and case.meta.is_negative_at(ParameterLocation.BODY)
        if negative_body and not isinstance(case.body, dict) and _form(case.media_type) and _takes_json(case):
            # A form encoding cannot carry a body that is not an object: schemathesis sends `[]` or `1.5` as a
            # bare string between two boundaries (or as one urlencoded key), which a form parser (Django's too)
            # reads as no fields at all, so a PATCH rightly succeeds. Sent as JSON, the violation reaches the
            # server.
            case.media_type = "application/json"
        if not isinstance(case.body, dict):
            return
        negative_body = case.meta is not None and case.meta.is_negative_at(ParameterLocation.BODY)
        fill = plan.references.get(operation_id)
        if fill is not None and not negative_body:
            # A negative body stays as generated. A positive body in a case made negative elsewhere (the
            # stateful phase makes most of its cases negative in a header or a cookie) is filled: what makes
            # that case negative is left as it is.
            fill(case.body)
        case.body.update(plan.forced.get(operation_id, {}))
        target = plan.marked.get(operation_id)
        if target is None:
            return
        if negative_body:
            return  # a negative body stays as generated: the marker could make it valid
        name, limit = target
        value = case.body.get(name)
        # A number in a text field (DRF stores its string form) becomes marked text too.
        text = isinstance(value, str | int | float) and not isinstance(value, bool)
        if text and not str(value).startswith(plan.marker):
            marked = f"{plan.marker} {value}"
            case.body[name] = marked[:limit] if limit else marked

    return before_call


def _after_call(plan: Plan, schema: Any, result: EngineRun) -> Callable[[HookContext, Any, Any], None]:
    """Note what a response created, as it arrives (the stateful phase needs it before the scenario ends)."""

    def after_call(context: HookContext, case: Any, response: Any) -> None:
        if case.operation.schema is not schema or plan.created is None:
            return
        try:
            body = response.json()
        except Exception:
            body = None
        path = plan.created(str(case.method).upper(), case.path, response.status_code, body)
        if path and path not in result.created:
            result.created.append(path)

    return after_call


@contextmanager
def _global_hooks(hooks: dict[str, Callable[..., Any]]) -> Iterator[None]:
    # schemathesis dispatches `before_call` from its global dispatcher only; each hook checks the schema itself.
    for name, hook in hooks.items():
        GLOBAL_HOOK_DISPATCHER.register_hook_with_name(hook, name)
    try:
        yield
    finally:
        for hook in hooks.values():
            GLOBAL_HOOK_DISPATCHER.unregister(hook)


def _exchange(interaction: Any) -> Exchange | None:
    if interaction is None:
        return None
    request = interaction.request
    headers = {name: values[0] for name, values in request.headers.items() if values}
    status = interaction.response.status_code if interaction.response is not None else 0
    return Exchange(request.method, request.uri, headers, request.body, status)


def _label(case: Any, fallback: str) -> str:
    operation = getattr(case, "operation", None)
    return str(getattr(operation, "label", "") or fallback)


class _Collector:
    def __init__(self, plan: Plan, result: EngineRun, phase: str) -> None:
        self.phase = phase
        self.plan = plan
        self.result = result
        self.add = result.add

    def scenario(self, recorder: Any) -> None:
        for case_id, interaction in recorder.interactions.items():
            self.result.requests += 1
            node = recorder.cases.get(case_id)
            response = interaction.response
            if node is None or response is None:
                continue
            label = node.value.operation.label
            self.result.operations.add(f"{self.phase} {label}")
            key = (self.phase, label, response.status_code)
            self.result.responses[key] = self.result.responses.get(key, 0) + 1
        for case_id, checks in recorder.checks.items():
            for check in checks:
                info = check.failure_info
                if info is None:
                    continue
                failed_id = info.failure.case_id or case_id
                node = recorder.cases.get(failed_id) or recorder.cases.get(case_id)
                case = node.value if node is not None else None
                operation = _label(case, recorder.label)
                key = (operation, check.name, info.failure.title)
                exchange = _exchange(recorder.interactions.get(failed_id) or recorder.interactions.get(case_id))
                message = f"{info.failure.title}: {info.failure.message}".strip()
                steps = [step for step in info.steps if step.case_id != failed_id]
                if steps:
                    message += "\nAfter: " + "; ".join(f"{step.method.upper()} {step.path}" for step in steps)
                if exchange is None:
                    message += f"\n{info.code_sample}"
                self.add(Failure(message[:_MESSAGE_LIMIT], exchange, operation, check.name), key)

    def error(self, event: events.NonFatalError) -> None:
        title = event.info.title
        message = f"{title}: {event.info.message}"
        if event.info.code_sample:
            message += f"\n{event.info.code_sample}"
        self.add(Failure(message[:_MESSAGE_LIMIT], None, event.label, "schemathesis_error"), (event.label, "", title))

    def finished(self, event: events.EngineFinished) -> None:
        for failure in event.failures:
            operation = failure.operation or "*"
            message = f"{failure.title}: {failure.message}"
            self.add(Failure(message[:_MESSAGE_LIMIT], None, operation, "schemathesis"), (operation, "", failure.title))


def _execute(plan: Plan, *, stateful: bool, result: EngineRun, spec_path: str) -> None:
    schema: schemathesis.BaseSchema = schemathesis.openapi.from_path(spec_path, config=_config(plan, stateful=stateful))
    schema.config.update(base_url=plan.base_url)
    if plan.read_only:
        # `include(method=...)` is ignored once the config has per-operation entries (schemathesis 4.32);
        # `exclude` is not. The before_call hook refuses any unsafe request that would get through anyway.
        schema = schema.exclude(method=[m.lower() for m in ("POST", "PUT", "PATCH", "DELETE", "TRACE", "QUERY")])
    if plan.excluded:
        schema = schema.exclude(operation_id=sorted(plan.excluded))
    if plan.auth is not None:
        # No caching layer and no re-login on a status: the provider hands out one session, fetched beforehand.
        schema.auth(refresh_interval=None)(plan.auth)
    collector = _Collector(plan, result, "stateful" if stateful else "unit")
    hooks = {"before_call": _before_call(plan, schema, result), "after_call": _after_call(plan, schema, result)}
    with _global_hooks(hooks):
        for event in from_schema(schema).execute():
            if isinstance(event, events.ScenarioFinished):
                collector.scenario(event.recorder)
            elif isinstance(event, events.NonFatalError):
                collector.error(event)
            elif isinstance(event, events.FatalError):
                raise event.exception
            elif isinstance(event, events.EngineFinished):
                collector.finished(event)


def run_plan(plan: Plan, spec_path: str, into: EngineRun | None = None) -> EngineRun:
    """Run the unit phases, then (unless read-only) the stateful phase; collect failures and what was created
    (into `into`, when given, so that a caller still knows what to delete if the run breaks off)."""
    result = into if into is not None else EngineRun()
    _execute(plan, stateful=False, result=result, spec_path=spec_path)
    if not plan.read_only:
        _execute(plan, stateful=True, result=result, spec_path=spec_path)
    return result
