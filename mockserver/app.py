"""The app factory: specs in, a running mock out.

What a request passes, outermost first (each a named layer):
1-3. edge: the journal (every request with the status the client saw), CORS (preflights answered before
   anything can refuse them; allowed origins echoed, credentials allowed) and the guard (Problems raised
   outside endpoints, unknown paths and bugs, in the API's own format): three parts, one handler in front of
   every route (not an aiohttp middleware; see mockserver.edge);
4. locale: for an API that declares languages, Django's LocaleMiddleware (mockserver.locale): the request's
   language is active inside, and every answer says Content-Language;
5. rate limit: with --rate-limit, 429 past N requests a second per credential, for APIs that document a 429;
6. trailing slash: Django's APPEND_SLASH (or Rails') for slash-toggled twins of declared paths, before auth;
7. prefer: Prism's `Prefer` (code, example, dynamic) answered from the spec, per-request delay and faults,
   and the global --latency and --error-rate, drawn from the seed;
8. faults: only with --fault, deliberate defects for proving the contract tests.
Inside the router, each operation's Endpoint runs auth, permission and its handler.
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from hamta import load_spec
from hamta.clone import CloneError, read_contacts
from mockserver.accounts import load_accounts
from mockserver.admin import add_admin_routes
from mockserver.apis.registry import implemented
from mockserver.auth.csrf_cookie import CsrfCookieLayer
from mockserver.auth.registry import auth_for
from mockserver.auth.session_cookie import SessionCookieLayer
from mockserver.docs_page import add_docs_routes
from mockserver.edge import Edge
from mockserver.faults import FaultLayer, slash_profile
from mockserver.guard import Guard
from mockserver.heap import settling
from mockserver.journal import Journal
from mockserver.keys import ACCOUNTS, JOURNAL, LAYERS, ORIGINS, SETTINGS, STATE
from mockserver.layers import Layer, Layers
from mockserver.locale.layer import LocaleLayer
from mockserver.operations import handlers_of
from mockserver.persistence import Durable
from mockserver.prefer import PreferLayer, Trouble, parse_latency
from mockserver.quirks.cors import Cors
from mockserver.quirks.middleware_headers import MiddlewareHeaderStamps
from mockserver.quirks.rate_limit import RateLimitLayer
from mockserver.quirks.trailing_slash import SlashLayer, SlashQuirk
from mockserver.raw_targets import RawTargetRunner
from mockserver.routing import Routes, StartupError, add_api_routes
from mockserver.security import AdminGuard, HostGuard, OriginPolicy
from mockserver.seeding.randomness import rng_for
from mockserver.settings import DEFAULT_MAX_BODY, Settings
from mockserver.state import MockState, StateError, World

__all__ = ["app_runner", "create_app"]


def create_app(settings: Settings) -> web.Application:
    with settling():  # the worlds, a state file's recovery, the routes: built once, alive until a reset
        return _built_app(settings)


def _built_app(settings: Settings) -> web.Application:
    modules = implemented()
    names = settings.apis or tuple(modules)
    unknown = [name for name in names if name not in modules]
    if unknown:
        raise StartupError(f"not implemented yet: {', '.join(unknown)} (implemented: {', '.join(modules)})")
    specs = {name: load_spec(name) for name in names}
    accounts = load_accounts()
    quirk = SlashQuirk.build(specs, slash_profile(settings.quirks, settings.faults))
    trouble = Trouble(parse_latency(settings.latency), settings.error_rate, rng_for(settings.seed, "trouble"))
    journal = Journal(settings.journal_size)
    policy = OriginPolicy(settings.cors_origins)
    cors = Cors(policy) if settings.cors_origins else None
    kinds = [modules[name].state for name in names]
    durable = Durable(Path(settings.state_file), kinds) if settings.state_file else None
    recovered = _open_state_file(durable) if durable is not None else None
    # the Django deployments (they declare Django's settings) and their DEBUG, which their slash profile says
    debug = {
        name: spec.slash.debug(quirk.profiles[name])
        for name, spec in specs.items()
        if spec.slash is not None and spec.data_upload_limits is not None
    }
    guard = Guard(list(specs.values()), debug)
    localised = {
        name: (spec, languages()) for name, spec in specs.items() if (languages := modules[name].languages) is not None
    }
    sessions = [spec for spec in specs.values() if spec.session_cookie is not None]
    # Outermost first. Layers that only act when configured are left out otherwise.
    configured: list[Layer | None] = [
        SessionCookieLayer(sessions, guard) if sessions else None,  # Django: SessionMiddleware, then Locale...
        LocaleLayer(localised, guard) if localised else None,
        RateLimitLayer(settings.rate_limit, list(specs.values())) if settings.rate_limit else None,
        SlashLayer(quirk),
        CsrfCookieLayer(sessions, guard) if sessions else None,  # inside CommonMiddleware, as in Django
        PreferLayer(trouble, settings.seed),
        FaultLayer(settings.faults) if settings.faults else None,
    ]
    layers = Layers([layer for layer in configured if layer is not None])
    hosts = HostGuard(settings.allowed_hosts)
    # The state log is the edge's: what any layer or handler changed is logged (mockserver/edge.py).
    state_log = durable.log_changes if durable is not None else None
    stamps = MiddlewareHeaderStamps(list(specs.values()), guard)
    edge = Edge(journal, cors, guard, layers, hosts, AdminGuard(policy, settings.admin_token), state_log, stamps)
    app = web.Application(client_max_size=settings.max_body_bytes or DEFAULT_MAX_BODY)
    app[LAYERS] = layers
    app[ORIGINS] = policy
    app[SETTINGS] = Settings(**{**settings.__dict__, "apis": names})
    app[ACCOUNTS] = accounts
    app[JOURNAL] = journal
    # A saved state is loaded instead of seeding one (at 100k contacts, seeding alone takes seconds).
    seeded = recovered if recovered is not None and not settings.clone_from else None
    world = seeded if seeded is not None else World.seeded(settings.seed, kinds, settings)
    app[STATE] = MockState(world, settings.seed, settings, kinds)
    if settings.clone_from:
        _clone(app[STATE], settings)
        if recovered is not None:
            app[STATE].world = recovered  # the saved state over the clone; resets return to the clone
    if durable is not None:
        _attach_state_file(durable, app[STATE])
        app.cleanup_ctx.append(durable.lifetime())
    routes = Routes(app, edge.route)
    for name, spec in specs.items():
        api = modules[name].handlers(spec, settings)
        add_api_routes(routes, spec, handlers_of(api, spec), auth_for(spec, accounts), spec.profile(settings.profile))
        extend = modules[name].extend
        if extend is not None:
            extend(app, routes, spec, settings)
    add_admin_routes(routes)
    add_docs_routes(routes)
    routes.close()
    return app


def app_runner(app: web.Application) -> web.AppRunner:
    """How every mock is served (the CLI, tests, the pytest plugin). No access log: the journal keeps requests.
    Bodies as sent: Django and Rails do not undo a request's Content-Encoding, so a gzip body is a parse error
    there, and must be one here (aiohttp would decompress it). Raw UTF-8 in a request's target (curl's
    `?search=علی`) is read as if percent-encoded, as Django's server reads it; aiohttp alone refuses it with a
    400 (see mockserver.raw_targets)."""
    return RawTargetRunner(app, access_log=None, auto_decompress=False)


def _clone(state: MockState, settings: Settings) -> None:
    """A deployment's contacts in place of the seeded ones, validated like any loaded state."""
    if "contacts" not in state.world.states:
        raise StartupError("--clone-from copies contacts, and this mock does not serve the contacts API")
    try:
        records = read_contacts(settings.clone_from or "", settings.clone_token or "")
        document = state.world.dump()
        document["contacts"] = {"next_id": max((r["id"] for r in records), default=0) + 1, "records": records}
        state.start_from(document)
    except (CloneError, StateError) as exc:
        raise StartupError(f"--clone-from {settings.clone_from}: {exc}") from None


def _attach_state_file(durable: Durable, state: MockState) -> None:
    """Start logging to the state file; a file system that cannot map it (or write it) is a clear refusal."""
    try:
        durable.attach(state)
    except OSError as exc:
        durable.files.close()
        raise StartupError(
            f"--state {durable.files.path}: cannot write its change log there ({exc.strerror or exc}); "
            "a folder on a local file system will do"
        ) from None


def _open_state_file(durable: Durable) -> World | None:
    """Lock the state file and read back what it holds (snapshot and change log)."""
    try:
        return durable.open()
    except StateError as exc:
        raise StartupError(f"--state {durable.files.path}: {exc}") from None
