"""What a mock instance is started with; one frozen object, passed to the app factory."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_MAX_BODY", "DEFAULT_SEED", "Settings"]

DEFAULT_SEED = 1404  # the Persian year hamta was started in: any fixed number works, this one is memorable
DEFAULT_MAX_BODY = 1024 * 1024  # the guard in front of an API without Django's limits (Callbell)


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    seed: int = DEFAULT_SEED
    contacts: int = 200
    # None: each API uses its spec's default trailing-slash profile; a name applies that profile wherever the
    # API's spec defines it.
    quirks: str | None = None
    # The deployment variant the contacts API plays (the spec's `x-profiles`: database, router, viewing write,
    # search folding), "NAME[,dimension=variant...]"; None: the spec's default.
    profile: str | None = None
    apis: tuple[str, ...] = ()
    # The web server's limit in front of the APIs, in bytes (413 above); None: none in front of an API with
    # Django's own limits (`x-data-upload-limits`, which then decide), DEFAULT_MAX_BODY for the others.
    max_body_bytes: int | None = None
    journal_size: int = 500
    # Callbell: how `contact` is wrapped ("docs": per endpoint as the docs' examples show it, the spec's
    # `x-contact`; "object" or "array" everywhere; "legacy-array" is "array"), and the rate limit to emulate
    # (requests per second per token; None: no limit).
    callbell_contact_shape: str = "docs"
    rate_limit: int | None = None
    # Callbell: how long a webhook delivery may take (connect, send, answer), in seconds.
    callbell_webhook_timeout: float = 10.0
    # Callbell: the hosts webhooks are delivered to besides local ones ("local": loopback, private, link-local,
    # localhost; "any": every host; else host names); a refused host's deliveries are recorded as failed.
    callbell_webhook_hosts: tuple[str, ...] = ("local",)
    # Deliberate defects for proving the contract tests (mockserver/faults.py); empty in normal use.
    faults: tuple[str, ...] = ()
    # Origins allowed to call the mock from a browser: "local" (localhost, *.localhost, 127.0.0.1, [::1], any
    # port), "*" (any, echoed back so cookies work), or origins; () turns CORS off (mockserver.security).
    cors_origins: tuple[str, ...] = ("local",)
    # Host names answered besides IP addresses, localhost and *.localhost (a defence against DNS rebinding).
    allowed_hosts: tuple[str, ...] = ()
    # A token every /__mock__/ request must carry (X-Hamta-Admin-Token); None: no token.
    admin_token: str | None = None
    # Start with a deployment's contacts instead of Faker's (`--clone-from URL --token T`); resets return to them.
    clone_from: str | None = None
    clone_token: str | None = None
    # A JSON file the state is loaded from at start and saved to after writes (None: state lives in memory).
    state_file: str | None = None
    # Simulated trouble for every request: latency in ms ("50" or "50-200") and a share of 500s, seeded.
    latency: str | None = None
    error_rate: float = 0.0
    # The event loop (mockserver/event_loop.py): "auto" is uvloop where installed, else asyncio's own.
    event_loop: str = "auto"
