"""The trailing-slash quirk, for every path and method, from the spec's `x-trailing-slash`.

A deployment that answers otherwise is reported as "quirk changed": the spec must say what it does now. The
requests carry no credentials (the quirk runs before authentication) and, in read-only mode, no unsafe method
is sent at all.
"""

from __future__ import annotations

import re

from contract_tests.registry import Context, QuirkChanged, Skip, check
from hamta.extensions import HTTP_METHODS

SAFE = {"GET", "HEAD", "OPTIONS"}


def _toggled(path: str) -> str:
    return path[:-1] if path.endswith("/") else path + "/"


def _concrete(path: str) -> str:
    """Any value will do for path parameters: the quirk acts on the path's shape, not on what it names."""
    return re.sub(r"\{[^/}]+\}", "1", path)


def _quirk(ctx: Context) -> None:
    slash = ctx.spec.slash
    if slash is None:
        raise Skip("the spec declares no trailing-slash behaviour")
    profile = ctx.target.quirks if ctx.target.quirks in slash.profiles else slash.default_profile
    deployment = ctx.spec.profile(ctx.target.profile) if ctx.target.profile else None
    base = str(ctx.spec.document["servers"][0]["url"]).rstrip("/")
    routes = set(ctx.spec.paths())
    for path, every in ctx.spec.paths().items():
        if _toggled(path) in routes:
            continue  # both forms are routes of their own (Akinon's logout): no quirk between them
        operations = tuple(op for op in every if op.exists_under(deployment) is not False)
        # A path only some profiles serve may be no route at all here: then Django's 404 is right too.
        maybe_absent = any(op.exists_under(deployment) is None for op in operations)
        methods = [m.upper() for m in HTTP_METHODS if any(op.method == m.upper() for op in operations)]
        for method in methods:
            if ctx.target.read_only and method not in SAFE:
                continue
            action = slash.action(profile, path, method)
            sent = base + _toggled(_concrete(path))
            response = ctx.client.request(method, f"{sent}?hamta=1")
            where = f"{method} {base}{_toggled(path)}"
            if maybe_absent and response.status_code == 404:
                continue
            if action == "redirect":
                location = response.headers.get("Location", "")
                expected = base + _concrete(path) + "?hamta=1"
                if response.status_code != 301 or not location.endswith(expected):
                    got = f"{response.status_code} Location {location!r}"
                    raise QuirkChanged(f"{where}: documented 301 to {expected}, got {got}", ctx.client.last, where)
            elif action == "server-error" and response.status_code != 500:
                raise QuirkChanged(
                    f"{where}: documented 500 (Django DEBUG), got {response.status_code}", ctx.client.last, where
                )
            elif action == "not-found" and response.status_code != 404:
                raise QuirkChanged(f"{where}: documented 404, got {response.status_code}", ctx.client.last, where)
            elif action == "same":
                declared = ctx.client.request(method, f"{base}{_concrete(path)}?hamta=1").status_code
                if response.status_code != declared:
                    got = f"{response.status_code}, the declared path {declared}"
                    raise QuirkChanged(
                        f"{where}: documented as served like the declared path, got {got}", ctx.client.last, where
                    )


for _api in ("contacts", "conversations", "callbell"):
    check(_api, "trailing_slash_quirk", "* (slash-toggled paths)")(_quirk)
