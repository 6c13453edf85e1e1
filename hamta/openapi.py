"""The one module that walks OpenAPI dicts; everything else in hamta uses the typed objects it returns.

Loading checks the extensions first (`hamta.extensions`), so a bad spec fails here, loudly, before a server
starts or a test runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from hamta.extensions import HTTP_METHODS, extension_problems
from hamta.resources import API_NAMES, load_yaml, spec_path

__all__ = [
    "ApiSpec",
    "DataUploadLimits",
    "FilterParam",
    "MiddlewareHeaders",
    "Operation",
    "Ordering",
    "Pagination",
    "Search",
    "SlashPolicy",
    "SpecError",
    "load_all",
    "load_spec",
    "resolve",
]

SlashAction = Literal["redirect", "server-error", "not-found", "same"]


class SpecError(ValueError):
    """A spec that hamta cannot trust."""


def resolve(document: dict[str, Any], node: Any) -> Any:
    """Follow local `$ref`s until a non-reference node."""
    seen: set[str] = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#/") or ref in seen:
            raise SpecError(f"unsupported or circular $ref {ref!r}")
        seen.add(ref)
        target: Any = document
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


@dataclass(frozen=True)
class Pagination:
    style: Literal["limit-offset", "page-number", "page"]
    settings: dict[str, Any]

    def get(self, key: str) -> Any:
        return self.settings.get(key)


@dataclass(frozen=True)
class Search:
    param: str
    fields: tuple[str, ...]
    normalize: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ordering:
    param: str
    fields: tuple[str, ...]
    default: tuple[str, ...]


@dataclass(frozen=True)
class FilterParam:
    param: str
    field: str
    lookup: str
    value: str


@dataclass(frozen=True)
class Operation:
    api: str
    operation_id: str
    method: str
    path: str
    summary: str
    security: tuple[tuple[str, ...], ...]
    permission: int | None
    pagination: Pagination | None
    search: Search | None
    ordering: Ordering | None
    filters: tuple[FilterParam, ...]
    inferred: str | None
    raw: dict[str, Any] = field(repr=False, compare=False)

    def exists_under(self, profile: Profile | None) -> bool | None:
        """Whether a deployment of this profile serves the operation (`x-profile-only`: DefaultRouter's API root);
        None when that depends on a profile nobody named."""
        only: dict[str, str] = self.raw.get("x-profile-only") or {}
        if not only:
            return True
        if profile is None:
            return None
        return all(profile.choices.get(dimension) == variant for dimension, variant in only.items())

    @property
    def checks_permission(self) -> bool:
        """True when the spec gives the operation `x-permission` (a code, or null: any authenticated account)."""
        return "x-permission" in self.raw


@dataclass(frozen=True)
class SlashPolicy:
    """What the slash-toggled twin of a declared path answers, per profile and method."""

    default_profile: str
    message: str | None
    profiles: dict[str, dict[str, SlashAction]]
    path_profiles: dict[str, dict[str, dict[str, SlashAction]]]

    def action(self, profile: str, path: str, method: str) -> SlashAction:
        table = self.path_profiles.get(path, {}).get(profile) or self.profiles.get(profile)
        if table is None:
            table = self.profiles[self.default_profile]
        return table.get(method.upper()) or table.get("*") or "not-found"

    def debug(self, profile: str) -> bool:
        """Whether the profile is Django under DEBUG=True: only then is a write without its slash a server error
        (CommonMiddleware raises its RuntimeError under DEBUG alone, Django 5.2.19 django/middleware/common.py:86),
        and DEBUG also decides Django's other pages (its 400 page, `mockserver.django_pages`)."""
        table = self.profiles.get(profile) or self.profiles[self.default_profile]
        return "server-error" in table.values()


@dataclass(frozen=True)
class Profile:
    """One deployment variant: the variant chosen in each dimension, and their settings merged."""

    name: str
    choices: dict[str, str]
    settings: dict[str, Any]

    def __getitem__(self, setting: str) -> Any:
        return self.settings[setting]


@dataclass(frozen=True)
class Profiles:
    """What varies between stock deployments of one API (`x-profiles`): dimensions of named variants, and
    named profiles choosing one variant per dimension."""

    default: str
    dimensions: dict[str, dict[str, dict[str, Any]]]
    named: dict[str, dict[str, str]]

    def resolve(self, text: str | None) -> Profile:
        """`NAME[,dimension=variant...]`: a named profile with some dimensions changed; None is the default."""
        name, *changes = [part.strip() for part in (text or self.default).split(",")]
        if name not in self.named:
            raise SpecError(f"unknown profile {name!r}; known: {', '.join(self.named)}")
        choices = dict(self.named[name])
        for change in changes:
            dimension, _, variant = change.partition("=")
            if variant not in self.dimensions.get(dimension, {}):
                known = ", ".join(f"{d}={v}" for d, vs in self.dimensions.items() for v in vs)
                raise SpecError(f"unknown profile setting {change!r}; known: {known}")
            choices[dimension] = variant
        settings: dict[str, Any] = {}
        for dimension, variant in choices.items():
            settings.update(self.dimensions[dimension][variant])
        label = ",".join([name, *changes])
        return Profile(label, choices, settings)

    def variants(self, dimension: str, chosen: Profile | None) -> list[dict[str, Any]]:
        """The settings a deployment may have in one dimension: the chosen profile's, or every variant's."""
        if chosen is not None:
            return [self.dimensions[dimension][chosen.choices[dimension]]]
        return list(self.dimensions[dimension].values())


def _profiles(document: dict[str, Any]) -> Profiles | None:
    root = document.get("x-profiles")
    if not root:
        return None
    return Profiles(root["default"], root["dimensions"], root["profiles"])


@dataclass(frozen=True)
class MiddlewareHeaders:
    """Headers one middleware of the deployment adds to every answer (`x-middleware-headers`)."""

    middleware: str
    headers: dict[str, str]
    on_slash_answers: bool  # outside Django's CommonMiddleware: on its slash redirects too


@dataclass(frozen=True)
class DataUploadLimits:
    """Django's DATA_UPLOAD_MAX_MEMORY_SIZE, ..._NUMBER_FIELDS and ..._NUMBER_FILES (`x-data-upload-limits`)."""

    memory_size: int
    number_fields: int
    number_files: int


@dataclass(frozen=True)
class ApiSpec:
    name: str
    source: Path
    document: dict[str, Any] = field(repr=False)
    operations: tuple[Operation, ...]
    error_style: str
    slash: SlashPolicy | None
    security_schemes: dict[str, dict[str, Any]]
    profiles: Profiles | None = None
    middleware_headers: tuple[MiddlewareHeaders, ...] = ()
    data_upload_limits: DataUploadLimits | None = None
    # The DRF view's name on each path that has one (`x-view-name`): its OPTIONS name, its browsable page's title.
    view_names: dict[str, str] = field(default_factory=dict)

    def profile(self, text: str | None) -> Profile | None:
        """The profile named by `text` (None: the spec's default); None for an API without profiles."""
        return self.profiles.resolve(text) if self.profiles else None

    def operation(self, operation_id: str) -> Operation:
        for operation in self.operations:
            if operation.operation_id == operation_id:
                return operation
        raise KeyError(operation_id)

    @property
    def session_cookie(self) -> str | None:
        """The name of the cookie a security scheme of the spec signs in with (Django's session); None for an API
        without one. Such an API's deployment runs SessionMiddleware and CsrfViewMiddleware."""
        return next((s["name"] for s in self.security_schemes.values() if s.get("in") == "cookie"), None)

    def paths(self) -> dict[str, tuple[Operation, ...]]:
        grouped: dict[str, list[Operation]] = {}
        for operation in self.operations:
            grouped.setdefault(operation.path, []).append(operation)
        return {path: tuple(ops) for path, ops in grouped.items()}


def _parameters(document: dict[str, Any], item: dict[str, Any], op: dict[str, Any]) -> list[dict[str, Any]]:
    """Path-item parameters overlaid by the operation's own, keyed by (in, name) as OpenAPI says."""
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for raw in (item.get("parameters") or []) + (op.get("parameters") or []):
        parameter = resolve(document, raw)
        merged[(parameter["in"], parameter["name"])] = parameter
    return list(merged.values())


def _operation(api: str, document: dict[str, Any], path: str, method: str, item: dict[str, Any]) -> Operation:
    op = item[method]
    security = op.get("security", document.get("security", []))
    filters = tuple(
        FilterParam(
            param=p["name"], field=p["x-filter"]["field"], lookup=p["x-filter"]["lookup"], value=p["x-filter"]["value"]
        )
        for p in _parameters(document, item, op)
        if "x-filter" in p
    )
    pagination = op.get("x-pagination")
    search = op.get("x-search")
    ordering = op.get("x-ordering")
    return Operation(
        api=api,
        operation_id=op["operationId"],
        method=method.upper(),
        path=path,
        summary=op.get("summary", ""),
        security=tuple(tuple(sorted(requirement)) for requirement in security),
        permission=op.get("x-permission"),
        pagination=Pagination(style=pagination["style"], settings=dict(pagination)) if pagination else None,
        search=Search(search["param"], tuple(search["fields"]), tuple(search.get("normalize", ()))) if search else None,
        ordering=Ordering(ordering["param"], tuple(ordering["fields"]), tuple(ordering["default"]))
        if ordering
        else None,
        filters=filters,
        inferred=op.get("x-inferred"),
        raw=op,
    )


def _slash_policy(document: dict[str, Any]) -> SlashPolicy | None:
    root = document.get("x-trailing-slash")
    if not root:
        return None
    path_profiles = {
        path: item["x-trailing-slash"]["profiles"]
        for path, item in document.get("paths", {}).items()
        if "x-trailing-slash" in item
    }
    return SlashPolicy(
        default_profile=root["default-profile"],
        message=root.get("message"),
        profiles=root["profiles"],
        path_profiles=path_profiles,
    )


def parse_spec(api: str, document: dict[str, Any], source: Path) -> ApiSpec:
    problems = extension_problems(document)
    if problems:
        raise SpecError(f"{source}: malformed extensions:\n  " + "\n  ".join(problems))
    operations: list[Operation] = []
    for path, item in (document.get("paths") or {}).items():
        for method in HTTP_METHODS:
            if method in item:
                if "operationId" not in item[method]:
                    raise SpecError(f"{source}: {method.upper()} {path} has no operationId")
                operations.append(_operation(api, document, path, method, item))
    return ApiSpec(
        name=api,
        source=source,
        document=document,
        operations=tuple(operations),
        error_style=document.get("x-error-style", "drf"),
        slash=_slash_policy(document),
        security_schemes=dict((document.get("components") or {}).get("securitySchemes") or {}),
        profiles=_profiles(document),
        middleware_headers=tuple(
            MiddlewareHeaders(entry["middleware"], dict(entry["headers"]), entry["on-slash-answers"])
            for entry in document.get("x-middleware-headers", ())
        ),
        data_upload_limits=_data_upload_limits(document),
        view_names={
            path: item["x-view-name"] for path, item in (document.get("paths") or {}).items() if "x-view-name" in item
        },
    )


def _data_upload_limits(document: dict[str, Any]) -> DataUploadLimits | None:
    limits = document.get("x-data-upload-limits")
    if limits is None:
        return None
    return DataUploadLimits(limits["memory-size"], limits["number-fields"], limits["number-files"])


def read_document(path: Path) -> dict[str, Any]:
    document = load_yaml(path)
    if not isinstance(document, dict):
        raise SpecError(f"{path}: not a YAML mapping")
    return document


@cache
def load_spec(api: str) -> ApiSpec:
    """The parsed spec of one API (cached: specs do not change while a process runs)."""
    path = spec_path(api)
    return parse_spec(api, read_document(path), path)


def load_all() -> dict[str, ApiSpec]:
    return {api: load_spec(api) for api in API_NAMES}
