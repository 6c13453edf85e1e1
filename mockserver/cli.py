"""`mockserver`: start the mock on a loopback port with a clear banner; Ctrl-C stops it cleanly."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
import time
from collections.abc import Sequence

from aiohttp import web

from hamta import API_NAMES, SpecError, load_spec
from mockserver.admin import PREFIX
from mockserver.apis.registry import implemented
from mockserver.app import app_runner, create_app
from mockserver.event_loop import LOOPS, LoopError, loop_factory, resolve_loop
from mockserver.faults import FAULTS, slash_profile
from mockserver.heap import tune_collector
from mockserver.keys import SETTINGS
from mockserver.progress import on_terminal
from mockserver.quirks.trailing_slash import SlashQuirk
from mockserver.routing import StartupError
from mockserver.security import ADMIN_TOKEN_HEADER, LOCAL, is_loopback_host
from mockserver.settings import DEFAULT_SEED, Settings

__all__ = ["main", "parse_args"]


def parse_args(argv: Sequence[str] | None = None) -> Settings:
    parser = argparse.ArgumentParser(prog="mockserver", description="hamta's stateful mock of the specs in spec/.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"seed of the data (default: {DEFAULT_SEED})")
    parser.add_argument("--contacts", type=int, default=200, help="contacts to seed (default: 200)")
    parser.add_argument(
        "--quirks",
        default=None,
        help="trailing-slash profile: django-debug, django, off (default: each spec's own; contacts: django-debug)",
    )
    parser.add_argument(
        "--profile",
        default=None,
        help="contacts: the deployment variant to play, NAME[,dimension=variant...] "
        "(postgresql, the default, or sqlite; e.g. sqlite,router=simple; spec/contacts.yaml x-profiles)",
    )
    parser.add_argument(
        "--api", action="append", choices=API_NAMES, help="serve only this API (repeatable; default: all)"
    )
    parser.add_argument(
        "--max-body",
        type=int,
        default=None,
        help="a web server's limit on request bodies in bytes (413 above); default: Django's own limits for the"
        " Django APIs, 1 MiB for Callbell",
    )
    parser.add_argument(
        "--callbell-contact-shape",
        choices=("docs", "object", "array", "legacy-array"),
        default="docs",
        help='Callbell\'s "contact": per endpoint as the docs show it (default), an object or a one-item array'
        " everywhere (legacy-array: the same as array)",
    )
    parser.add_argument(
        "--rate-limit", type=int, default=None, help="Callbell: answer 429 past this many requests per second"
    )
    parser.add_argument(
        "--callbell-webhook-timeout",
        type=float,
        default=10.0,
        help="Callbell: seconds a webhook delivery may take before it is recorded as failed",
    )
    parser.add_argument(
        "--callbell-webhook-hosts",
        action="append",
        metavar="HOST",
        help="Callbell: also deliver webhooks to this host (repeatable; 'any' for every host; default: only "
        "loopback, private and link-local addresses and localhost)",
    )
    parser.add_argument("--latency", help="add this delay to every request, in ms: 50 or a range 50-200")
    parser.add_argument("--error-rate", type=float, default=0.0, help="answer this share of requests with a 500 (0-1)")
    parser.add_argument(
        "--clone-from",
        metavar="URL",
        help="start with this deployment's contacts instead of generated ones (read through its list endpoint); "
        "a reset returns to them",
    )
    parser.add_argument("--token", help="with --clone-from: a token of the deployment that may list contacts")
    parser.add_argument(
        "--state",
        metavar="FILE",
        help="keep the state across restarts and crashes: a snapshot in FILE, every write logged to FILE.log "
        "before it is answered",
    )
    parser.add_argument(
        "--cors-origin",
        action="append",
        help="an origin allowed to call from a browser, with credentials (repeatable; default: local origins only, "
        "localhost, *.localhost, 127.0.0.1 and [::1] on any port; '*' any origin, 'none' no CORS)",
    )
    parser.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        help="a Host name to answer besides IP addresses, localhost and *.localhost (repeatable; containers, "
        "shared machines)",
    )
    parser.add_argument(
        "--admin-token",
        help=f"a token every /__mock__/ request must carry in the {ADMIN_TOKEN_HEADER} header (the docs page asks)",
    )
    parser.add_argument(
        "--fault",
        action="append",
        choices=sorted(FAULTS),
        default=[],
        help="inject a deliberate defect into the contacts API (repeatable), to prove the contract tests",
    )
    parser.add_argument(
        "--loop", choices=LOOPS, default="auto", help="event loop: uvloop where installed (auto, default) or asyncio"
    )
    args = parser.parse_args(argv)
    if args.contacts < 0:
        parser.error("--contacts must be >= 0")
    if args.clone_from and not args.token:
        parser.error("--clone-from needs --token, a token of the deployment that may list contacts")
    try:
        load_spec("contacts").profile(args.profile)
    except SpecError as exc:
        parser.error(str(exc))
    return Settings(
        host=args.host,
        port=args.port,
        seed=args.seed,
        contacts=args.contacts,
        quirks=args.quirks,
        profile=args.profile,
        apis=tuple(args.api or ()),
        max_body_bytes=args.max_body,
        callbell_contact_shape=args.callbell_contact_shape,
        rate_limit=args.rate_limit,
        callbell_webhook_timeout=args.callbell_webhook_timeout,
        callbell_webhook_hosts=("local", *(args.callbell_webhook_hosts or ())),
        faults=tuple(args.fault),
        cors_origins=_origins(args.cors_origin),
        allowed_hosts=tuple(args.allowed_host),
        admin_token=args.admin_token,
        state_file=args.state,
        clone_from=args.clone_from,
        clone_token=args.token,
        latency=args.latency,
        error_rate=args.error_rate,
        event_loop=args.loop,
    )


def _origins(given: list[str] | None) -> tuple[str, ...]:
    if not given:
        return (LOCAL,)
    return () if given == ["none"] else tuple(given)


def _warnings(settings: Settings) -> list[str]:
    """What the defaults would not allow, said where the developer looks (mockserver.security)."""
    warnings = []
    if not is_loopback_host(settings.host):
        guard = "they need the admin token" if settings.admin_token else "use --admin-token to guard them"
        warnings.append(
            f"  WARNING: listening on {settings.host}, not only this machine: anyone who reaches it can use the "
            f"admin endpoints, which list credentials and the whole state ({guard})"
        )
    if "*" in settings.cors_origins:
        warnings.append(
            "  WARNING: --cors-origin '*': any website this browser visits can read and change the mock's data"
        )
    return warnings


def banner(app: web.Application, url: str, seconds: float) -> str:
    settings = app[SETTINGS]
    specs = {name: load_spec(name) for name in settings.apis}
    quirk = SlashQuirk.build(specs, slash_profile(settings.quirks, settings.faults))
    loop = resolve_loop(settings.event_loop)
    lines = [f"hamta mockserver on {url}  (seed {settings.seed}, {loop} loop, ready in {seconds:.2f}s)"]
    if settings.clone_from:
        lines.append(f"  contacts cloned from {settings.clone_from} (a reset returns to the clone)")
    variant = specs["contacts"].profile(settings.profile) if "contacts" in specs else None
    if variant is not None:
        lines.append(f"  contacts profile: {variant.name} (spec/contacts.yaml x-profiles)")
    for name, spec in specs.items():
        profile = quirk.profiles.get(name, "-")
        lines.append(f"  {name:14} {len(spec.operations):2} operations   trailing slash: {profile}")
    lines.append(f"  admin: {url}{PREFIX}/  (reset, reseed, state, journal)")
    lines.extend(_warnings(settings))
    for name in settings.faults:
        lines.append(f"  FAULT {name}: {FAULTS[name].summary}")
    modules = implemented()
    for api in specs:
        lines.append(f"  {api}: {modules[api].how}")
        lines.extend(f"    {c.user:20} {c.secret}  {c.note}".rstrip() for c in modules[api].credentials())
    lines.append("Press Ctrl-C to stop.")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    settings = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    started = time.perf_counter()
    try:
        new_loop = loop_factory(settings.event_loop)
        with on_terminal():
            app = create_app(settings)
    except (StartupError, LoopError) as exc:
        print(f"mockserver: {exc}", file=sys.stderr)
        return 2
    tune_collector()
    with contextlib.suppress(KeyboardInterrupt), asyncio.Runner(loop_factory=new_loop) as runner:
        runner.run(_serve(app, settings, time.perf_counter() - started))
    print("mockserver stopped.", flush=True)
    return 0


async def _serve(app: web.Application, settings: Settings, seconds: float) -> None:
    runner = app_runner(app)
    await runner.setup()
    try:
        await web.TCPSite(runner, settings.host, settings.port).start()
        host, port = runner.addresses[0][:2]
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        # Ctrl-C (SIGINT) as well as SIGTERM: also when the mock was started as a background job of a script,
        # which inherits SIGINT ignored; the banner's "Press Ctrl-C" and `kill -INT` must stop it all the same.
        # Before the banner: whoever reads it may signal at once (a SIGINT that came first was ignored).
        for stopping in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError):  # no signal handlers on Windows' default loop
                loop.add_signal_handler(stopping, stop.set)
        print(banner(app, f"http://{host}:{port}", seconds), flush=True)
        await stop.wait()
    finally:
        await runner.cleanup()
