"""What an uncached list query costs inside the mock: issue 17's query mixes timed in process, per query.

No sockets and no load generator: a contacts store seeded as `bench/run.py` seeds its mock (same seed, same
size), the contacts list handler's own steps (`ListQuery.window`, `ListQuery.page`, the page's JSON with its
links made from the URL asked for) run on each of a scenario's URLs, the kept pages emptied before each request so
that every query does its whole work, as under wrk where 256 distinct URLs cycle through 64 kept pages. As in the
server, the world is built out of the garbage collector's walks and the collector runs at the serving process's
thresholds (`mockserver/heap.py`): before session 17 it walked the 100k records every few hundred queries here,
and the links were made from the bare list URL. Each scenario is warmed once (columns, orders),
then timed as the best of five rounds over its URLs; figures are microseconds of CPU time per query, the mean
over the round. In the running server each costs about twice this (caches colder between requests), on top of
aiohttp's own per-request work, which the plain list page's figure shows.

    .venv/bin/python bench/list_breakdown.py [contacts ...]     (default: 10000 100000)
    .venv/bin/python bench/list_breakdown.py 100000 --profile "filter+order, rotating"
    .venv/bin/python bench/list_breakdown.py 100000 --against HEAD~1 ["search, rotating" ...]

`--against REF` compares the working tree with the mock as of a git ref, both in this one process: the ref's
`mockserver` is exported to a temporary directory under another package name, both answer every URL (and must
answer alike), and the two are timed query by query, alternating which goes first, each query's best of ROUNDS
kept. The machine this project is measured on is shared, and its speed drifts by a third from one minute to the
next: runs of the two trees minutes apart cannot show a change of 10 %, pairs within microseconds of each
other can. Each scenario is timed hot (as above) and cold: 8 MB touched before every query, so that the query
finds its arrays out of the processor's caches, as in the running server, where aiohttp's own work and the
other requests come between two queries.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import pstats
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path
from typing import Any, cast
from urllib.parse import parse_qsl, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from bench.run import SEED, scenarios
from hamta import load_spec
from mockserver.apis.contacts.state import ContactsState
from mockserver.heap import settle_heap, settling, tune_collector
from mockserver.listing.query import ListQuery
from mockserver.settings import Settings

ROUNDS = 5
ROOT = Path(__file__).resolve().parent.parent
BASE = "http://127.0.0.1:8000"
_CACHE_SPOILER = np.ones(1_000_000)  # 8 MB: touching a value in each 64-byte line pushes the caches' data out
SCENARIOS = (
    "list page, any page",
    "search, rotating",
    "search as typed, rotating",
    "search+filter+order, rotating",
    "filter+order, rotating",
    "search+filter+order mix, rotating",
    "filtered+ordered pages, rotating",
)


Request = tuple[str, dict[str, str]]  # the absolute URL (the page links are made from it) and its query


def queries(paths: list[str]) -> list[Request]:
    return [(BASE + path, dict(parse_qsl(urlsplit(path).query, keep_blank_values=True))) for path in paths]


def answer(list_query: ListQuery, store: Any, request: Request) -> bytes:
    """The list handler's work but for aiohttp: the window, the page, its JSON (links included)."""
    url, query = request
    list_query._pages.clear()
    window = list_query.window(query)
    count, records = list_query.page(store, query, window)
    return list_query.pager.render(url, window, count, [r.json() for r in records])


def timed(list_query: ListQuery, store: Any, mix: list[Request]) -> float:
    """Microseconds per query: the best of ROUNDS rounds over the mix, in the process's CPU time (the machine
    is shared: time spent waiting for a core is not the query's)."""
    best = float("inf")
    for _ in range(ROUNDS):
        started = time.process_time()
        for request in mix:
            answer(list_query, store, request)
        best = min(best, time.process_time() - started)
    return best / len(mix) * 1e6


def reference_list_query(ref: str, into: Path) -> type[Any]:
    """`ListQuery` as of the git ref: its `mockserver` exported into `into`, imported as `mockserver_ref`."""
    archive = subprocess.run(["git", "archive", ref, "mockserver"], cwd=ROOT, capture_output=True, check=True)
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 on: refuse members that would land outside `into`
            tar.extractall(into, filter="data")
        else:
            tar.extractall(into)  # git's own archive of this repository
    package = into / "mockserver_ref"
    (into / "mockserver").rename(package)
    for module in package.rglob("*.py"):
        text = module.read_text(encoding="utf-8")
        module.write_text(re.sub(r"\bmockserver(?=[. ])", "mockserver_ref", text), encoding="utf-8")
    sys.path.insert(0, str(into))
    return cast(type[Any], importlib.import_module("mockserver_ref.listing.query").ListQuery)


def paired(pair: tuple[Any, Any], store: Any, mix: list[Request], *, cold: bool) -> tuple[float, float]:
    """Microseconds per query of each list query of the pair, timed query by query in turn (the order swapped
    every other query and round), each query's best of ROUNDS."""
    best = [[float("inf")] * len(mix) for _ in pair]
    for round_ in range(ROUNDS):
        for n, request in enumerate(mix):
            for side in (0, 1) if (n + round_) % 2 else (1, 0):
                if cold:
                    _CACHE_SPOILER[::8] += 1
                started = time.perf_counter()
                answer(pair[side], store, request)
                best[side][n] = min(best[side][n], time.perf_counter() - started)
    first, second = (sum(times) / len(mix) * 1e6 for times in best)
    return first, second


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", default=["10000", "100000"])
    parser.add_argument("--profile", help="profile this scenario instead of timing every one")
    parser.add_argument("--against", metavar="REF", help="time the working tree against this git ref, paired")
    args = parser.parse_args()
    # scenario names may follow the sizes (with --against: the scenarios to compare)
    sizes = [int(size) for size in args.sizes if size.isdigit()]
    chosen = [name for name in args.sizes if not name.isdigit()] or list(SCENARIOS)
    spec = load_spec("contacts")
    tune_collector()  # the serving process's thresholds
    with tempfile.TemporaryDirectory() as scratch:
        reference = reference_list_query(args.against, Path(scratch)) if args.against else None
        for size in sizes:
            settings = Settings(contacts=size)
            with settling():  # as the server builds its world: out of the collector's walks (mockserver/heap.py)
                state = ContactsState.seeded(SEED, settings)
            store = state.contacts
            records = state.dump()["records"]
            operation, profile = spec.operation("contacts_list"), spec.profile(settings.profile)
            list_query = ListQuery(operation, profile)
            mixes = {scenario.name: queries(scenario.paths) for scenario in scenarios(records, SEED)}
            for name in SCENARIOS:
                for request in mixes[name]:
                    answer(list_query, store, request)  # warm: columns, orders, search index
            settle_heap()  # the scenarios' URLs and requests too: they live as long as the run
            if reference is not None:
                compare(reference(operation, profile), list_query, store, size, {name: mixes[name] for name in chosen})
                continue
            if args.profile:
                mix = mixes[args.profile]
                profiler = cProfile.Profile()
                profiler.enable()
                for _ in range(ROUNDS):
                    for request in mix:
                        answer(list_query, store, request)
                profiler.disable()
                pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
                continue
            for name in SCENARIOS:
                print(f"{size:>7,}  {name:36} {timed(list_query, store, mixes[name]):8.1f} us", flush=True)
    return 0


def compare(old: Any, new: ListQuery, store: Any, size: int, mixes: dict[str, list[Request]]) -> None:
    """The ref's list query against the working tree's, per scenario, hot and cold; both must answer alike."""
    for name, mix in mixes.items():
        for request in mix:
            if answer(old, store, request) != answer(new, store, request):
                raise SystemExit(f"the two trees answer {request[0]} differently")
        for cold in (False, True):
            before, after = paired((old, new), store, mix, cold=cold)
            print(
                f"{size:>7,}  {name:36} {'cold' if cold else 'hot ':4}  ref {before:7.1f} us  now {after:7.1f} us"
                f"  {(after / before - 1) * 100:+4.0f} %",
                flush=True,
            )


if __name__ == "__main__":
    sys.exit(main())
