"""What an uncached list query costs inside the mock: issue 17's query mixes timed in process, per query.

No sockets and no load generator: a contacts store seeded as `bench/run.py` seeds its mock (same seed, same
size), the contacts list handler's own steps (`ListQuery.window`, `ListQuery.page`, the page's JSON) run on each
of a scenario's URLs, the kept pages emptied before each request so that every query does its whole work, as
under wrk where 256 distinct URLs cycle through 64 kept pages. Each scenario is warmed once (columns, orders),
then timed as the best of five rounds over its URLs; figures are microseconds of CPU time per query, the mean
over the round. In the running server each costs about twice this (caches colder between requests), on top of
aiohttp's own per-request work, which the plain list page's figure shows.

    .venv/bin/python bench/list_breakdown.py [contacts ...]     (default: 10000 100000)
    .venv/bin/python bench/list_breakdown.py 100000 --profile "filter+order, rotating"
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import SEED, scenarios
from hamta import load_spec
from mockserver.apis.contacts.state import ContactsState
from mockserver.listing.query import ListQuery
from mockserver.settings import Settings

ROUNDS = 5
SCENARIOS = (
    "list page, any page",
    "search, rotating",
    "search+filter+order, rotating",
    "filter+order, rotating",
    "search+filter+order mix, rotating",
    "filtered+ordered pages, rotating",
)


def queries(paths: list[str]) -> list[dict[str, str]]:
    return [dict(parse_qsl(urlsplit(path).query, keep_blank_values=True)) for path in paths]


def answer(list_query: ListQuery, store: Any, query: dict[str, str]) -> bytes:
    """The list handler's work but for aiohttp: the window, the page, its JSON."""
    list_query._pages.clear()
    window = list_query.window(query)
    count, records = list_query.page(store, query, window)
    return list_query.pager.render("http://127.0.0.1/api/contacts/", window, count, [r.json() for r in records])


def timed(list_query: ListQuery, store: Any, mix: list[dict[str, str]]) -> float:
    """Microseconds per query: the best of ROUNDS rounds over the mix, in the process's CPU time (the machine
    is shared: time spent waiting for a core is not the query's)."""
    best = float("inf")
    for _ in range(ROUNDS):
        started = time.process_time()
        for query in mix:
            answer(list_query, store, query)
        best = min(best, time.process_time() - started)
    return best / len(mix) * 1e6


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--profile", help="profile this scenario instead of timing every one")
    args = parser.parse_args()
    spec = load_spec("contacts")
    for size in args.sizes:
        settings = Settings(contacts=size)
        state = ContactsState.seeded(SEED, settings)
        store = state.contacts
        records = state.dump()["records"]
        list_query = ListQuery(spec.operation("contacts_list"), spec.profile(settings.profile))
        mixes = {scenario.name: queries(scenario.paths) for scenario in scenarios(records, SEED)}
        for name in SCENARIOS:
            for query in mixes[name]:
                answer(list_query, store, query)  # warm: columns, orders, search index
        if args.profile:
            mix = mixes[args.profile]
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(ROUNDS):
                for query in mix:
                    answer(list_query, store, query)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
            continue
        for name in SCENARIOS:
            print(f"{size:>7,}  {name:36} {timed(list_query, store, mixes[name]):8.1f} us", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
