"""`contract-tests --twin URL`: copy a deployment's records into a hamta mock, send one corpus of requests to both,
and report every divergence. One module for the product and for hamta's own tests (which run the mock as the
twin of a reference Django deployment).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import requests

from contract_tests.exchange import Exchange
from contract_tests.report import Outcome, Report
from contract_tests.target import Target
from contract_tests.twin.compare import Normaliser, Side, differences
from contract_tests.twin.copying import CloneError, load_into_mock, read_contacts
from contract_tests.twin.corpus import NO_BODY, Probe, contacts_corpus
from contract_tests.twin.sessions import run_session_twin
from hamta import load_spec

__all__ = ["CloneError", "copy_contacts", "run_twin", "twin_credentials"]


def twin_credentials(session: requests.Session, twin_url: str, admin: dict[str, str]) -> dict[str, str]:
    """The twin's own tokens by role (its seeded usernames are the roles), from `GET /__mock__/`."""
    response = session.get(f"{twin_url}/__mock__/", headers=admin, timeout=30)
    if response.status_code != 200:
        raise CloneError(f"the twin at {twin_url} is not a hamta mock: GET /__mock__/ answered {response.status_code}")
    seeded = response.json().get("credentials", {}).get("contacts", {}).get("seeded", [])
    return {item["user"]: item["secret"] for item in seeded}


def copy_contacts(session: requests.Session, target: Target, twin_url: str, admin: dict[str, str]) -> list[Any]:
    """Copy the deployment's contacts into the twin; the copied records."""
    token = target.token("admin")
    if token is None:
        raise CloneError("copying needs the deployment's admin token (--token)")
    records = read_contacts(target.base_url, token, target.timeout)
    load_into_mock(session, twin_url, records, admin)
    return records


def _request(base: str, probe: Probe, tokens: dict[str, str], side: Side) -> tuple[str, dict[str, Any]]:
    """The URL and the `requests` arguments of a probe for one side (its own tokens and rows); raises KeyError
    for a row this side never created."""
    headers: dict[str, str] = {}
    if probe.authorization is not None:
        headers["Authorization"] = probe.authorization
    elif probe.role is not None and probe.role in tokens:
        headers["Authorization"] = f"Token {tokens[probe.role]}"
    if probe.accept is not None:  # an empty Accept header is one too
        headers["Accept"] = probe.accept
    kwargs: dict[str, Any] = {"headers": headers, "allow_redirects": False, "timeout": 30}
    if probe.json is not NO_BODY:
        kwargs["json"] = probe.json
    elif probe.data is not None:
        kwargs["data"] = probe.data.encode("utf-8") if isinstance(probe.data, str) else probe.data
        headers["Content-Type"] = probe.content_type or "application/octet-stream"
    path = probe.path.format(**{name: made for name, made in side.created.items()})
    return base + path + (f"?{urlencode(probe.params)}" if probe.params else ""), kwargs


def _curl(response: requests.Response) -> str:
    return Exchange.of(response).curl()


def run_twin(
    target: Target, twin_url: str, admin: dict[str, str] | None = None, progress: Callable[[str], None] | None = None
) -> Report:
    """Each of the target's APIs that has a twin run (contacts: copy then compare; conversations: sessions)."""
    runs = {"contacts": _contacts_twin, "conversations": run_session_twin}
    unknown = [api for api in target.apis if api not in runs]
    if unknown:
        raise CloneError(f"no twin run for {', '.join(unknown)}: --twin covers {', '.join(runs)}")
    outcomes: list[Outcome] = []
    for api in target.apis:
        outcomes += runs[api](target, twin_url, admin, progress).outcomes
    return Report(outcomes)


def _contacts_twin(
    target: Target, twin_url: str, admin: dict[str, str] | None = None, progress: Callable[[str], None] | None = None
) -> Report:
    """Copy, then the corpus; one outcome per diverging request, one passed outcome per agreeing operation."""
    admin = admin or {}
    session = requests.Session()
    twin_url = twin_url.rstrip("/")
    tokens_deployment = dict(target.tokens)
    tokens_twin = twin_credentials(session, twin_url, admin)
    records = copy_contacts(session, target, twin_url, admin)
    spec = load_spec("contacts")
    operation = spec.operation("contacts_list")
    assert operation.ordering is not None
    ordering = (operation.ordering.fields, operation.ordering.default)
    started = (dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%S")
    norm = Normaliser(started)
    deployment, twin = Side(target.base_url, {}), Side(twin_url, {})
    outcomes: list[Outcome] = []
    agreed: dict[str, int] = defaultdict(int)
    for number, probe in enumerate(contacts_corpus(spec, records, target.marker)):
        if progress is not None:
            progress(f"twin {probe.method} {probe.path}")
        try:  # both requests are built before either is sent: a side is never asked alone
            url_a, kwargs_a = _request(target.base_url, probe, tokens_deployment, deployment)
            url_b, kwargs_b = _request(twin_url, probe, tokens_twin, twin)
        except KeyError as missing:  # a probe on a row an earlier probe failed to create (that one is reported)
            outcomes.append(Outcome("contacts", "twin", probe.operation, "skipped", f"no row {missing} to ask about"))
            continue
        answer_a = session.request(probe.method, url_a, **kwargs_a)
        answer_b = session.request(probe.method, url_b, **kwargs_b)
        # Every row a probe creates is named, so its id (which differs between the sides) is compared by name.
        name = probe.creates or f"row of request {number}"
        for side, answer in ((deployment, answer_a), (twin, answer_b)):
            if answer.status_code == 201:
                side.created[name] = answer.json()["id"]
        is_list = probe.method == "GET" and probe.path == "/api/contacts/"
        found = differences(
            norm, (deployment, answer_a), (twin, answer_b), ordering if is_list else None, dict(probe.params)
        )
        if found:
            message = "; ".join(found[:6]) + (f"; ... {len(found) - 6} more" if len(found) > 6 else "")
            curls = f"deployment: {_curl(answer_a)}\n      twin:       {_curl(answer_b)}"
            outcomes.append(Outcome("contacts", "twin", probe.operation, "failed", message, curls))
        else:
            agreed[probe.operation] += 1
    for label, count in sorted(agreed.items()):
        outcomes.append(Outcome("contacts", "twin", label, "passed", f"{count} requests agree"))
    return Report(outcomes)
