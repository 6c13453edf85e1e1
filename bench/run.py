"""hamta's benchmark: the mock's throughput and latency under wrk, against a trivial aiohttp reference.

    /work/main/.venv/bin/python bench/run.py [--quick]

Every server (the mock at each size, the reference) runs as its own process on a loopback port and is
stopped before this script exits, error or not. wrk runs from a second process with one thread and 50
connections, so on a 2-core machine the server and the load generator each get a core. Absolute req/s mean
little across machines, so every throughput is also given as a ratio against a trivial aiohttp JSON handler
measured in the same run. The table is printed and written to bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
LUA_SCRIPT = BENCH / "wrk" / "scenario.lua"
RESULTS_FILE = BENCH / "results" / "latest.json"
ACCOUNTS_FILE = ROOT / "fixtures" / "accounts.yaml"
LIST = "/api/contacts/"
APT_LINE = "sudo apt-get update && sudo apt-get install -y wrk"
# The "ready in" part is optional so that a change in the mock's banner wording cannot break the bench.
MOCK_BANNER = re.compile(r"hamta mockserver on (http://[^\s]+)(?:\s+\(seed \d+,(?: \w+ loop,)? ready in ([0-9.]+)s\))?")
REFERENCE_BANNER = re.compile(r"trivial aiohttp on (http://\S+)")
START_TIMEOUT_S = 120.0
# The mock caches up to 64 list results until the next write; cycling through more distinct queries than that
# makes every "rotating" request a miss of that cache (not of its parses of raw values: NEW_URL_SCENARIO).
ROTATING_QUERIES = 256
TYPED_SCENARIO = "search as typed, rotating"
# The scenario whose every URL is new sends this many a second of wrk's run, more than any list query reaches on
# this kind of machine: wrk comes round to its first URL again only after the run.
NEW_URLS_PER_SECOND = 10_000
# More paths than this go to wrk in a file, not on its command line (which the kernel bounds, ARG_MAX).
ARGV_PATHS = 1_000
SEED = 1404


@dataclass(frozen=True)
class Target:
    """A target from the issue; None parts do not apply."""

    min_rps: float | None = None
    max_p99_ms: float | None = None
    # A share of the plain list page's rate ("list page, any page") at the same size in the same run: issue 17's
    # targets for the uncached queries, which carry across machines and across a noisy run.
    min_page_share: float | None = None

    def describe(self) -> str:
        """The target as the issue words it, for the table."""
        parts = []
        if self.min_rps is not None:
            parts.append(f">= {self.min_rps:,.0f} req/s")
        if self.min_page_share is not None:
            parts.append(f">= {self.min_page_share:g}x list page")
        if self.max_p99_ms is not None:
            parts.append(f"p99 <= {self.max_p99_ms:g} ms")
        return ", ".join(parts) or "-"

    def met(self, rps: float, p99_ms: float, page_rps: float | None = None) -> bool | None:
        """None when there is nothing to meet, so 'no target' never reads as a pass."""
        if self.min_rps is None and self.max_p99_ms is None and self.min_page_share is None:
            return None
        rps_ok = self.min_rps is None or rps >= self.min_rps
        p99_ok = self.max_p99_ms is None or p99_ms <= self.max_p99_ms
        share_ok = self.min_page_share is None or (page_rps is not None and rps >= self.min_page_share * page_rps)
        return rps_ok and p99_ok and share_ok


FAST = Target(min_rps=10_000, max_p99_ms=10)
SEARCH = Target(min_rps=2_000)
UNCACHED = Target(min_page_share=0.5, max_p99_ms=50)
NONE = Target()
# The scenario whose rate the uncached queries are compared with (Target.min_page_share).
PAGE_SCENARIO = "list page, any page"
NEW_URL_SCENARIO = "search+filter+order mix, new URLs"


@dataclass(frozen=True)
class Scenario:
    """One wrk run: what it sends (mode and the paths it cycles through) and what it should reach."""

    name: str
    mode: str  # "get", "post" or "patch": the method scenario.lua builds its requests with
    paths: list[str]
    target: Target
    expected_status: int
    warm_paths: list[str] | None = None  # the URLs asked once before wrk (None: every one of `paths`)


@dataclass
class WrkResult:
    """wrk's own summary, as printed by scenario.lua's done()."""

    requests: int
    duration_us: int
    bytes: int
    connect_errors: int
    read_errors: int
    write_errors: int
    status_errors: int
    timeouts: int
    p50_us: int
    p90_us: int
    p99_us: int
    max_us: int
    mean_us: float

    @property
    def rps(self) -> float:
        return self.requests / (self.duration_us / 1e6)

    @property
    def errors(self) -> int:
        return self.connect_errors + self.read_errors + self.write_errors + self.status_errors + self.timeouts


@dataclass
class Row:
    """One line of the results table."""

    scenario: str
    contacts: int
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    requests: int
    errors: int
    target: str
    target_rps: float | None
    met: bool | None
    page_share: float | None = None  # rps / the plain list page's rps at the same size, same run
    # The mock's CPU time (user + system) per answered request, from /proc: on a shared machine steadier than req/s,
    # which also moves with the load generator's share of the cores; and the plain list page's over this one's.
    cpu_us: float | None = None
    page_cpu_share: float | None = None
    ratio: float = 0.0  # rps / reference rps, set once the reference is known
    target_ratio: float | None = None  # target_rps / reference rps: the target in machine-independent terms


@dataclass
class Startup:
    """How long a mock took to seed and start, and how much memory it holds once ready."""

    contacts: int
    startup_s: float  # process launch to banner: imports, spec loading, seeding, socket
    ready_in_s: float | None  # the mock's own figure from its banner: create_app(), i.e. mostly seeding
    vm_rss_mb: float
    vm_hwm_mb: float
    vm_rss_end_mb: float = 0.0  # after every scenario (render caches filled, POSTs stored)
    reset_s: float = 0.0  # POST /__mock__/reset at the end: reseeding in place
    met: bool | None = None


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str
    startup_s: float
    banner: re.Match[str]


@dataclass
class Report:
    meta: dict[str, Any]
    reference: list[float] = field(default_factory=list)
    payload_reference: float | None = None  # trivial aiohttp answering a real 10-contact page
    create_reference: float | None = None  # trivial aiohttp parsing the create bodies, answering a real contact
    # The same two on uvloop, the mock's loop: the like-for-like comparison (the ratios stay on asyncio's).
    uvloop_reference: float | None = None
    uvloop_create_reference: float | None = None
    rows: list[Row] = field(default_factory=list)
    startups: list[Startup] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------- processes


@contextmanager
def running(command: Sequence[str], banner: re.Pattern[str], log: Path) -> Iterator[Server]:
    """Start a server process and yield once its banner is out; always stop it, whatever happens inside."""
    with log.open("wb") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        match = wait_for_banner(process, banner, log)
        yield Server(process, match.group(1), time.perf_counter() - started, match)
    finally:
        stop(process)


def wait_for_banner(process: subprocess.Popen[bytes], banner: re.Pattern[str], log: Path) -> re.Match[str]:
    """Poll the log file rather than a pipe: a pipe nobody reads after start-up could fill and block the server."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        match = banner.search(log.read_text(errors="replace"))
        if match:
            return match
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        time.sleep(0.005)
    raise RuntimeError(f"no banner within {START_TIMEOUT_S:.0f}s:\n{log.read_text(errors='replace')}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM (both servers stop cleanly on it), then SIGKILL if it does not exit within 10 s."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def cpu_seconds(pid: int) -> float:
    """The process's CPU time so far, user and system (/proc/<pid>/stat: utime and stime, in clock ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_mb(pid: int) -> dict[str, float]:
    """VmRSS (now) and VmHWM (peak) of a process, from /proc: no extra dependency, exact for one process."""
    values: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values


# ---------------------------------------------------------------------------------------------- HTTP


def call(method: str, url: str, token: str | None = None, body: Any = None, timeout: float = 120) -> tuple[int, Any]:
    """One request with the standard library: setup and sanity checks need no client of their own."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    if token:
        request.add_header("Authorization", f"Token {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read()
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, raw.decode(errors="replace")


def admin_token() -> str:
    """The admin account's token from fixtures/accounts.yaml, the file the mock seeds its accounts from.

    Read from the file rather than from /__mock__/, whose shape is the mock's own business and changes.
    """
    accounts = yaml.safe_load(ACCOUNTS_FILE.read_text())
    for account in accounts["contacts"]:
        if account["username"] == "admin":
            return str(account["token"])
    raise RuntimeError(f"no contacts admin account in {ACCOUNTS_FILE}")


# ---------------------------------------------------------------------------------------------- scenarios


def search_path(term: str, **params: str) -> str:
    """A list URL with `search`, percent-encoded here once so wrk sends bytes the server must decode."""
    return LIST + "?" + urllib.parse.urlencode({"search": term, **params})


def seeded_names(records: list[dict[str, Any]]) -> list[str]:
    """The distinct first and last names of the seeded contacts, sorted (a draw from them is then repeatable)."""
    return sorted({r[key] for r in records for key in ("first_name", "last_name") if r[key]})


def search_terms(records: list[dict[str, Any]], rng: random.Random) -> tuple[list[str], list[str]]:
    """(names, mixed): Persian first and last names as seeded, and names mixed with pieces of mobile numbers.

    Sampled from the seeded data so that searches find what a user would find, not nothing.
    """
    names = seeded_names(records)
    mobiles = sorted({r["mobile_number"][4:9] for r in records if r["mobile_number"]})
    rng.shuffle(names)
    rng.shuffle(mobiles)
    names = names[:ROTATING_QUERIES]
    mixed = names[: ROTATING_QUERIES * 3 // 4] + mobiles[: ROTATING_QUERIES // 4]
    rng.shuffle(mixed)
    return names, mixed


def typed_terms(records: list[dict[str, Any]], rng: random.Random) -> list[str]:
    """A search box's terms as they are typed, each prefix of a name or of a mobile number a query of its own
    (`ع`, `عل`, `علی`...; `0`, `09`, `091`...): ROTATING_QUERIES distinct ones, one in six with a word of one or
    two characters (too short for trigrams: found in tens of thousands of contacts), the rest longer prefixes,
    where the rotating search sends whole names and pieces of numbers."""
    names = seeded_names(records)
    mobiles = sorted({r["mobile_number"] for r in records if r["mobile_number"]})
    rng.shuffle(names)
    rng.shuffle(mobiles)
    terms: dict[str, None] = {}  # distinct, in the order typed
    typed = [text for n, mobile in enumerate(mobiles) for text in (*names[2 * n : 2 * n + 2], mobile)]
    for text in typed:
        for end in range(1, len(text) + 1):
            terms.setdefault(text[:end])
        if len(terms) >= ROTATING_QUERIES:
            break
    return list(terms)[:ROTATING_QUERIES]


# The filters of seed 002, as a list screen sets them: (parameter, how its value is drawn). `day` is a date
# some contact was created, updated or viewed on; `id` a seeded id.
FILTER_KINDS: tuple[tuple[str, str], ...] = (
    ("is_viewed", "bool"),
    ("has_message", "bool"),
    ("has_email", "bool"),
    ("has_mobile_number", "bool"),
    ("has_first_name", "bool"),
    ("has_last_name", "bool"),
    ("created_from", "day"),
    ("created_to", "day"),
    ("updated_from", "day"),
    ("updated_to", "day"),
    ("viewed_date_from", "day"),
    ("viewed_date_to", "day"),
    ("created_date", "day"),
    ("updated_date", "day"),
    ("viewed_date", "day"),
    ("id_max", "id"),
)
# Filters that keep most contacts: paging through one of these reaches deep offsets.
BROAD_FILTERS = ("is_viewed=false", "has_message=true", "has_email=true", "has_mobile_number=true")
ORDERING_FIELDS = ("id", "created_at", "updated_at", "viewed", "viewed_at", "subject")


def orderings() -> list[str]:
    """Every ordering field, in both directions."""
    return [prefix + name for name in ORDERING_FIELDS for prefix in ("", "-")]


def filter_value(kind: str, records: list[dict[str, Any]], rng: random.Random) -> str:
    """A value for one filter, drawn so that it keeps some contacts and drops others."""
    if kind == "bool":
        return rng.choice(["true", "false"])
    record = records[rng.randrange(len(records))]
    if kind == "id":
        return str(record["id"])
    stamp = record[rng.choice(["created_at", "updated_at", "viewed_at"])] or record["created_at"]
    return str(stamp[:10])


def filter_order_paths(
    records: list[dict[str, Any]],
    rng: random.Random,
    terms: Sequence[str] = (),
    *,
    count: int = ROTATING_QUERIES,
    id_mins: Sequence[int] = (),
) -> list[str]:
    """`count` distinct lists of one filter + one ordering + `id_min` (and a search term, cycled through `terms`
    if given): every request a miss of the mock's page cache, every ordering field in both directions. `id_min`
    is drawn from the lowest fifth of the ids, or taken in turn from `id_mins`."""
    paths: list[str] = []
    order = orderings()
    seen: set[str] = set()
    for _ in range(count * 4):  # a bound: a tiny store has fewer distinct lists than asked for
        if len(paths) == count:
            break
        n = len(paths)
        param, kind = FILTER_KINDS[n % len(FILTER_KINDS)]
        params = {param: filter_value(kind, records, rng), "ordering": order[n % len(order)]}
        # id_min in the lower fifth of the ids: it keeps most of the list and makes each query distinct
        params["id_min"] = str(id_mins[n % len(id_mins)] if id_mins else rng.randrange(1, max(2, len(records) // 5)))
        if terms:
            params["search"] = terms[n % len(terms)]
        path = LIST + "?" + urllib.parse.urlencode(params)
        if path not in seen:
            seen.add(path)
            paths.append(path)
    return paths


def new_url_paths(records: list[dict[str, Any]], rng: random.Random, terms: Sequence[str], count: int) -> list[str]:
    """`count` lists of the search+filter+order mix's kind, no two alike, whose `id_min` values come round again
    only after every value of the lowest fifth of the ids has been sent (2,000 URLs at 10k contacts, 20,000 at
    100k): more than the mock's parses of a raw value keep (1,024 each), so that every request parses its URL,
    its `id_min` and its page links anew. The search terms and the other filters' values recur, as they do when
    a list screen pages and re-orders a search it has."""
    lowest = list(range(1, max(2, len(records) // 5)))
    rng.shuffle(lowest)
    return filter_order_paths(records, rng, terms, count=count, id_mins=lowest)


def paging_paths(records: list[dict[str, Any]], rng: random.Random) -> list[str]:
    """Pages anywhere in broad filtered, ordered lists: 128 distinct lists (more than the cache holds), two
    offsets each, drawn from the first 40 % of the list (every page is full)."""
    order = orderings()
    paths = []
    for n in range(ROTATING_QUERIES // 2):
        id_min = rng.randrange(1, max(2, len(records) // 20))
        query = f"{BROAD_FILTERS[n % len(BROAD_FILTERS)]}&ordering={order[n % len(order)]}&id_min={id_min}"
        for _ in range(2):
            offset = rng.randrange(0, max(1, int(len(records) * 0.4)), 10)
            paths.append(f"{LIST}?{query}&limit=10&offset={offset}")
    rng.shuffle(paths)
    return paths


def scenarios(records: list[dict[str, Any]], seed: int, new_urls: int = 0) -> list[Scenario]:
    """Every scenario for one store, reads first: writes bump the store's version and drop the list cache. With
    `new_urls`, also the mix whose every URL is new, that many of them."""
    rng = random.Random(seed)
    count = len(records)
    last_page = max(count - 10, 0)
    any_offsets = [rng.randrange(0, last_page + 1, 10) if last_page else 0 for _ in range(512)]
    first_offsets = [rng.randrange(0, min(last_page, 990) + 1, 10) if last_page else 0 for _ in range(512)]
    names, mixed = search_terms(records, rng)
    sfo = {"is_viewed": "true", "ordering": "-created_at"}
    ids = [records[rng.randrange(count)]["id"] for _ in range(1000)]
    # Issue 17's mixes come from their own generator, so adding them left the older scenarios' draws unchanged.
    mix_rng = random.Random(f"{seed}:uncached")
    filtered = filter_order_paths(records, mix_rng)
    searched = filter_order_paths(records, mix_rng, names)
    paging = paging_paths(records, mix_rng)
    typed = [search_path(term) for term in typed_terms(records, random.Random(f"{seed}:typed"))]
    # Its own generator too: the other scenarios' draws do not depend on whether it is asked for.
    new = new_url_paths(records, random.Random(f"{seed}:new urls"), names, new_urls) if new_urls else []
    return [
        Scenario(
            "list page, first 100 pages", "get", [f"{LIST}?limit=10&offset={o}" for o in first_offsets], FAST, 200
        ),
        Scenario(PAGE_SCENARIO, "get", [f"{LIST}?limit=10&offset={o}" for o in any_offsets], FAST, 200),
        Scenario("search, same URL", "get", [search_path(names[0])], SEARCH, 200),
        Scenario("search, rotating", "get", [search_path(t) for t in mixed], UNCACHED, 200),
        Scenario("search+filter+order, same URL", "get", [search_path(names[0], **sfo)], SEARCH, 200),
        Scenario("search+filter+order, rotating", "get", [search_path(t, **sfo) for t in names], UNCACHED, 200),
        Scenario("filter+order, rotating", "get", filtered, UNCACHED, 200),
        # context: a search box's first letters (no target of the issue, whose search mix is of whole names)
        Scenario(TYPED_SCENARIO, "get", typed, NONE, 200),
        Scenario("search+filter+order mix, rotating", "get", searched, UNCACHED, 200),
        # context for the mix above: what its figure owes to URLs that come round again (no target of the issue)
        *([Scenario(NEW_URL_SCENARIO, "get", new, NONE, 200, warm_paths=searched)] if new else []),
        Scenario("filtered+ordered pages, rotating", "get", paging, UNCACHED, 200),
        Scenario("patch", "patch", [f"{LIST}{i}/" for i in ids], NONE, 200),
        Scenario("create", "post", [LIST], FAST, 201),
    ]


def sanity_check(base: str, token: str, scenario: Scenario) -> None:
    """One request of the scenario's kind first, so a table of fast 4xx answers can never pass for a result."""
    method = {"get": "GET", "post": "POST", "patch": "PATCH"}[scenario.mode]
    body = {"subject": "بررسی پیش از آزمون"} if scenario.mode != "get" else None
    status, answer = call(method, base + scenario.paths[0], token, body)
    if status != scenario.expected_status:
        raise RuntimeError(f"{scenario.name}: {method} {scenario.paths[0]} answered {status}: {answer!r:.300}")


def warm_up(base: str, token: str, scenario: Scenario) -> None:
    """Each of a read scenario's URLs once, one at a time, before wrk: a field's column and order are built on
    their first use (at most a few hundred ms each at 100k, once per start or reset), and the figures are meant to
    be the steady state. Between requests the mock keeps no result but the last 64 pages; it keeps the contacts'
    JSON and its parses of raw values (the last 1,024 of each kind), which a URL coming round again finds. A
    scenario of new URLs is warmed with others that read the same fields and orderings (its `warm_paths`), so
    that its own stay new."""
    for path in dict.fromkeys(scenario.paths if scenario.warm_paths is None else scenario.warm_paths):
        call("GET", base + path, token)


# ---------------------------------------------------------------------------------------------- wrk


def run_wrk(base: str, token: str, mode: str, paths: Sequence[str], args: argparse.Namespace) -> WrkResult:
    """One bounded wrk run; scenario.lua cycles through the paths and prints its summary as JSON. Many paths are
    handed over in a file (`@FILE`, a path a line)."""
    with tempfile.TemporaryDirectory() as scratch:
        listed: Sequence[str] = paths
        if len(paths) > ARGV_PATHS:
            listing = Path(scratch) / "paths.txt"
            listing.write_text("".join(f"{path}\n" for path in paths), encoding="utf-8")
            listed = [f"@{listing}"]
        return _wrk(base, token, mode, paths[0], listed, args)


def _wrk(base: str, token: str, mode: str, first: str, listed: Sequence[str], args: argparse.Namespace) -> WrkResult:
    command = [
        "wrk",
        "-t1",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--timeout",
        "30s",  # slow scenarios queue behind 50 connections: count their latency, do not drop it as a timeout
        "--latency",
        "-H",
        f"Authorization: Token {token}",
        "-s",
        str(LUA_SCRIPT),
        base + first,
        mode,
        *listed,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=args.duration + 60, check=False)
    for line in done.stdout.splitlines():
        if line.startswith("BENCH_RESULT "):
            return WrkResult(**json.loads(line.removeprefix("BENCH_RESULT ")))
    raise RuntimeError(f"wrk gave no result (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")


def measure_reference(
    python: str,
    token: str,
    args: argparse.Namespace,
    log: Path,
    payload: Path | None = None,
    *,
    create: bool = False,
    loop: str = "asyncio",
) -> float:
    """req/s of the trivial aiohttp server, sent the list-page path (or, with `create`, the create scenario's
    POSTs) with the same headers as the mock."""
    command = [python, str(BENCH / "trivial_server.py"), "--loop", loop]
    if payload is not None:
        command += ["--payload", str(payload), "--status", "201" if create else "200"]
    with running(command, REFERENCE_BANNER, log) as server:
        if create:
            result = run_wrk(server.url, token, "post", [LIST], args)
        else:
            result = run_wrk(server.url, token, "get", [f"{LIST}?limit=10&offset=0"], args)
    if result.errors:
        raise RuntimeError(f"reference run had {result.errors} errors")
    label = "trivial aiohttp" + (f" on {loop}" if loop != "asyncio" else "")
    if payload is not None:
        label += ", create bodies parsed, contact payload" if create else ", list-page payload"
    print(f"  {label}: {result.rps:,.0f} req/s, p99 {result.p99_us / 1000:.2f} ms", flush=True)
    return result.rps


def row_of(scenario: Scenario, contacts: int, result: WrkResult, page_rps: float | None = None) -> Row:
    """A table row; latencies in ms because the targets are written in ms."""
    p99_ms = result.p99_us / 1000
    met = scenario.target.met(result.rps, p99_ms, page_rps)
    if result.errors and met is not None:
        met = False  # a run with failed requests proves nothing, however fast
    return Row(
        scenario=scenario.name,
        contacts=contacts,
        rps=result.rps,
        p50_ms=result.p50_us / 1000,
        p90_ms=result.p90_us / 1000,
        p99_ms=p99_ms,
        max_ms=result.max_us / 1000,
        requests=result.requests,
        errors=result.errors,
        target=scenario.target.describe(),
        target_rps=scenario.target.min_rps,
        met=met,
        page_share=None if page_rps is None else result.rps / page_rps,
    )


def _share(row: Row, scenario: Scenario, result: WrkResult, pages: list[Row]) -> None:
    """The row's rate and CPU time per request against the plain list page's (the mean of the runs given: those
    around the scenario), and its target met or not against that."""
    if not pages:
        return
    page_rps = statistics.fmean(page.rps for page in pages)
    row.page_share = row.rps / page_rps
    page_cpu = [page.cpu_us for page in pages if page.cpu_us]
    if page_cpu and row.cpu_us:
        row.page_cpu_share = statistics.fmean(page_cpu) / row.cpu_us
    row.met = row_of(scenario, row.contacts, result, page_rps).met


def rate(rows: list[Row], reference: float) -> None:
    """Express every throughput and target as a multiple of the reference, which is what travels across machines."""
    for row in rows:
        row.ratio = row.rps / reference
        row.target_ratio = None if row.target_rps is None else row.target_rps / reference


# ---------------------------------------------------------------------------------------------- one size


def bench_size(python: str, contacts: int, args: argparse.Namespace, tmp: Path) -> tuple[list[Row], Startup]:
    """Start a mock seeded with `contacts`, record its start-up, run every scenario, stop it."""
    command = [python, "-m", "mockserver", "--port", "0", "--api", "contacts", "--contacts", str(contacts)]
    command += ["--seed", str(args.seed)]
    rows: list[Row] = []
    with running(command, MOCK_BANNER, tmp / f"mock-{contacts}.log") as server:
        memory = memory_mb(server.process.pid)  # before anything renders or caches
        startup = Startup(
            contacts=contacts,
            startup_s=server.startup_s,
            ready_in_s=float(server.banner.group(2)) if server.banner.group(2) else None,
            vm_rss_mb=memory["VmRSS"],
            vm_hwm_mb=memory["VmHWM"],
        )
        print(f"  mock {contacts:,}: up in {startup.startup_s:.2f}s, VmHWM {startup.vm_hwm_mb:.0f} MB", flush=True)
        token = admin_token()
        status, page = call("GET", f"{server.url}{LIST}?limit=10&offset=20", token)
        if status != 200:
            raise RuntimeError(f"GET {LIST} answered {status}")
        (tmp / "page.json").write_text(json.dumps(page, ensure_ascii=False))  # for the payload reference
        (tmp / "contact.json").write_text(json.dumps(page["results"][0], ensure_ascii=False))  # create reference
        status, info = call("GET", f"{server.url}/__mock__/")
        if status != 200:
            raise RuntimeError(f"GET /__mock__/ answered {status}")
        args.mock_event_loop = info["event_loop"]
        status, state = call("GET", f"{server.url}/__mock__/state")
        if status != 200:
            raise RuntimeError(f"GET /__mock__/state answered {status}")

        def measured(scenario: Scenario) -> tuple[Row, WrkResult]:
            cpu_before = cpu_seconds(server.process.pid)
            result = run_wrk(server.url, token, scenario.mode, scenario.paths, args)
            row = row_of(scenario, contacts, result)
            if result.requests:
                row.cpu_us = (cpu_seconds(server.process.pid) - cpu_before) * 1e6 / result.requests
            return row, result

        # The plain list page is measured before the first scenario held to a share of its rate and again right
        # after each of them (before the next scenario, and before any write): each share is taken against the
        # mean of the page's runs just before and just after its scenario, so that a machine that drifts (by a
        # third within minutes, on the machines this ran on) weighs on both sides of each ratio alike.
        page_scenario: Scenario | None = None
        pages: list[Row] = []  # the page's runs so far
        pending: list[tuple[Row, Scenario, WrkResult, Row]] = []  # held to a share, with the page's run before

        def page_again() -> None:
            """The plain list page's next run, when some scenario waits for it."""
            if page_scenario is None or not pending:
                return
            after = measured(page_scenario)[0]
            pages.append(after)
            print(f"  {PAGE_SCENARIO} again: {after.rps:,.0f} req/s, {after.cpu_us or 0:.0f} us", flush=True)
            for row, scenario, result, before in pending:
                _share(row, scenario, result, [before, after])
            pending.clear()

        new_urls = int(args.duration * NEW_URLS_PER_SECOND)
        for scenario in scenarios(state["contacts"]["records"], args.seed, new_urls):
            if args.only and scenario.name not in args.only:
                continue
            page_again()
            sanity_check(server.url, token, scenario)
            if scenario.mode == "get":
                warm_up(server.url, token, scenario)
            row, result = measured(scenario)
            if scenario.name == PAGE_SCENARIO:
                page_scenario = scenario
                pages.append(row)
            else:
                _share(row, scenario, result, pages[-1:])  # for now: against the page's run before it
                if pages and (scenario.target.min_page_share is not None or scenario.name == NEW_URL_SCENARIO):
                    pending.append((row, scenario, result, pages[-1]))
            rate([row], args.first_reference)
            print("  " + format_row(row), flush=True)
            rows.append(row)
        page_again()
        startup.vm_rss_end_mb = memory_mb(server.process.pid)["VmRSS"]
        started = time.perf_counter()
        status, _ = call("POST", f"{server.url}/__mock__/reset")
        startup.reset_s = time.perf_counter() - started
        if status != 200:
            raise RuntimeError(f"POST /__mock__/reset answered {status}")
    if contacts == 100_000:
        startup.met = startup.startup_s <= 5 and startup.vm_hwm_mb <= 300
    return rows, startup


# ---------------------------------------------------------------------------------------------- output


HEADER = (
    f"{'scenario':34} {'contacts':>8} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>8} {'x trivial':>9} {'x page':>6} "
    f"{'cpu us':>6} {'x cpu':>5}  {'target':40} {'met':4}"
)


def yes_no(met: bool | None) -> str:
    """'NO' in capitals: a missed target should stand out in a long table."""
    return "n/a" if met is None else ("yes" if met else "NO")


def format_row(row: Row) -> str:
    target = row.target
    if row.target_ratio is not None:
        target += f" (={row.target_ratio:.2f}x)"
    errors = f"  [{row.errors} errors]" if row.errors else ""
    share = "" if row.page_share is None else f"{row.page_share:.3f}"
    cpu = "" if row.cpu_us is None else f"{row.cpu_us:.0f}"
    cpu_share = "" if row.page_cpu_share is None else f"{row.page_cpu_share:.2f}"
    return (
        f"{row.scenario:34} {row.contacts:>8,} {row.rps:>8,.0f} {row.p50_ms:>7.2f} {row.p99_ms:>8.2f} "
        f"{row.ratio:>8.2f}x {share:>6} {cpu:>6} {cpu_share:>5}  {target:40} {yes_no(row.met):4}{errors}"
    )


def print_report(report: Report) -> None:
    """The whole table again at the end, with ratios against the mean reference rather than the first run."""
    reference = sum(report.reference) / len(report.reference)
    runs = ", ".join(f"{r:,.0f}" for r in report.reference)
    print(f"\nreference: trivial aiohttp JSON handler = {reference:,.0f} req/s (mean of runs: {runs})")
    if report.payload_reference is not None:
        payload = report.payload_reference
        print(f"context:   trivial aiohttp answering a real 10-contact page = {payload:,.0f} req/s", end="")
        print(f" = {payload / reference:.2f}x (the ceiling for list pages in aiohttp, before any mock work)")
    if report.create_reference is not None:
        create = report.create_reference
        print(
            f"context:   trivial aiohttp parsing the create bodies, answering a contact = {create:,.0f} req/s", end=""
        )
        print(f" = {create / reference:.2f}x (the ceiling for create)")
    if report.uvloop_reference is not None:
        uv = report.uvloop_reference
        print(f"context:   the trivial handler on uvloop (the mock's loop) = {uv:,.0f} req/s = {uv / reference:.2f}x")
    if report.uvloop_create_reference is not None:
        uv = report.uvloop_create_reference
        print(f"context:   the create ceiling on uvloop = {uv:,.0f} req/s = {uv / reference:.2f}x")
    print()
    print(HEADER)
    print("-" * len(HEADER))
    for row in report.rows:
        print(format_row(row))
    print(f"\n{'start-up':12} {'contacts':>8} {'start s':>8} {'ready s':>8} {'RSS MB':>7} {'HWM MB':>7}", end="")
    print(f" {'RSS end MB':>10} {'reset s':>8}  target: 100k in <= 5 s and <= 300 MB")
    for s in report.startups:
        ready = "?" if s.ready_in_s is None else f"{s.ready_in_s:.2f}"
        print(
            f"{'':12} {s.contacts:>8,} {s.startup_s:>8.2f} {ready:>8} {s.vm_rss_mb:>7.0f} "
            f"{s.vm_hwm_mb:>7.0f} {s.vm_rss_end_mb:>10.0f} {s.reset_s:>8.2f}  met: {yes_no(s.met)}"
        )


def write_report(report: Report) -> None:
    """The same figures as JSON, for comparing runs over time (bench/results/ is git-ignored)."""
    RESULTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "meta": report.meta,
        "reference_rps": sum(report.reference) / len(report.reference),
        "reference_runs_rps": report.reference,
        "payload_reference_rps": report.payload_reference,
        "create_reference_rps": report.create_reference,
        "uvloop_reference_rps": report.uvloop_reference,
        "uvloop_create_reference_rps": report.uvloop_create_reference,
        "rows": [asdict(row) for row in report.rows],
        "startup": [asdict(s) for s in report.startups],
    }
    RESULTS_FILE.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwritten: {RESULTS_FILE.relative_to(ROOT)}")


def machine() -> dict[str, Any]:
    """What the figures depend on, recorded next to them."""
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.partition(":")[2].strip()
            break
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "aiohttp": metadata.version("aiohttp"),
        "wrk": (wrk.stdout or wrk.stderr).splitlines()[0] if (wrk.stdout or wrk.stderr) else "?",
    }


# ---------------------------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Defaults are the issue's conditions (50 connections, 10k and 100k contacts); --quick only shortens runs."""
    parser = argparse.ArgumentParser(description="Benchmark hamta's mock with wrk against a trivial aiohttp app.")
    parser.add_argument("--quick", action="store_true", help="2 s per run instead of 5 s")
    parser.add_argument("--duration", type=int, default=None, help="seconds per wrk run (default 5, --quick 2)")
    parser.add_argument("--connections", type=int, default=50, help="wrk connections (default 50)")
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated store sizes")
    parser.add_argument("--seed", type=int, default=SEED, help="seed of the mock's data and of the query mix")
    parser.add_argument("--only", action="append", help="run only this scenario (repeatable; default: all)")
    args = parser.parse_args(argv)
    args.duration = args.duration or (2 if args.quick else 5)
    args.sizes = [int(size) for size in args.sizes.split(",")]
    return args


def exit_on_sigterm(signum: int, _frame: Any) -> None:
    """Turn SIGTERM into SystemExit, so the `finally` of running() stops the servers as it does on Ctrl-C."""
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, exit_on_sigterm)
    if shutil.which("wrk") is None:
        print(f"bench: wrk is not on PATH. Install it (Debian/Ubuntu):\n    {APT_LINE}", file=sys.stderr)
        return 2
    args = parse_args(argv)
    python = sys.executable
    report = Report(meta={**machine(), "duration_s": args.duration, "connections": args.connections, "threads": 1})
    print(f"bench: {args.duration}s per run, {args.connections} connections, sizes {args.sizes}", flush=True)
    with tempfile.TemporaryDirectory(prefix="hamta-bench-") as tmp_name:
        tmp = Path(tmp_name)
        # The reference token only has to look like the mock's, so that requests have the same size.
        token = "0" * 40
        report.reference.append(measure_reference(python, token, args, tmp / "reference-1.log"))
        args.first_reference = report.reference[0]  # for the progress lines only
        for size in args.sizes:
            rows, startup = bench_size(python, size, args, tmp)
            report.meta["mock_event_loop"] = args.mock_event_loop
            report.rows += rows
            report.startups.append(startup)
            if report.payload_reference is None:
                log = tmp / "reference-payload.log"
                report.payload_reference = measure_reference(python, token, args, log, tmp / "page.json")
                log = tmp / "reference-create.log"
                report.create_reference = measure_reference(python, token, args, log, tmp / "contact.json", create=True)
                if report.meta.get("mock_event_loop") == "uvloop":
                    log = tmp / "reference-uvloop.log"
                    report.uvloop_reference = measure_reference(python, token, args, log, loop="uvloop")
                    log = tmp / "reference-uvloop-create.log"
                    report.uvloop_create_reference = measure_reference(
                        python, token, args, log, tmp / "contact.json", create=True, loop="uvloop"
                    )
        report.reference.append(measure_reference(python, token, args, tmp / "reference-2.log"))
    # The table's ratios use the mean of the reference runs before and after, so a drifting machine shows.
    rate(report.rows, sum(report.reference) / len(report.reference))
    print_report(report)
    write_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
