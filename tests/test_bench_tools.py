"""The in-process list timing compares the working tree with a git ref only when both answer alike; the scenario of
new URLs sends no URL twice and no `id_min` again before the mock's parse caches have forgotten it; the epoll
responder of `bench/epoll_order.py` is level- or edge-triggered as it says."""

from __future__ import annotations

import http.client
import re
import select
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from bench import epoll_order
from bench.list_breakdown import compare, queries
from bench.run import NEW_URL_SCENARIO, SEED, TYPED_SCENARIO, running, scenarios
from hamta import load_spec
from mockserver.apis.contacts.state import ContactsState
from mockserver.listing import filters, selection
from mockserver.listing.pagination import QueryLinks
from mockserver.listing.query import ListQuery
from mockserver.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def test_against_a_ref_times_both_trees_hot_and_cold() -> None:
    done = subprocess.run(
        [sys.executable, "bench/list_breakdown.py", "400", "search, rotating", "--against", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert [line.split()[1:4] for line in lines] == [["search,", "rotating", "hot"], ["search,", "rotating", "cold"]]
    assert all(" ref " in line and " now " in line and line.rstrip().endswith("%") for line in lines)


def test_trees_that_answer_differently_are_not_timed(capsys: pytest.CaptureFixture[str]) -> None:
    # PostgreSQL puts nulls last in an ascending order, SQLite first: an order by viewed_at tells them apart
    spec = load_spec("contacts")
    state = ContactsState.seeded(SEED, Settings(contacts=400))
    operation = spec.operation("contacts_list")
    postgresql = ListQuery(operation, spec.profile("postgresql"))
    sqlite = ListQuery(operation, spec.profile("sqlite"))
    mix = {s.name: queries(s.paths) for s in scenarios(state.dump()["records"], SEED)}["filter+order, rotating"]
    compare(postgresql, ListQuery(operation, spec.profile("postgresql")), state.contacts, 400, {"same": mix})
    assert capsys.readouterr().out.count(" ref ") == 2
    with pytest.raises(SystemExit, match=r"answer .* differently"):
        compare(postgresql, sqlite, state.contacts, 400, {"different": mix})


def test_the_new_url_mix_sends_each_url_once_and_id_min_again_only_after_the_caches_forget_it() -> None:
    records = ContactsState.seeded(SEED, Settings(contacts=10_000)).dump()["records"]
    chosen = {s.name: s for s in scenarios(records, SEED, new_urls=5_000)}
    new, mix = chosen[NEW_URL_SCENARIO], chosen["search+filter+order mix, rotating"]
    assert len(new.paths) == len(set(new.paths)) == 5_000
    assert new.warm_paths == mix.paths  # warmed with the mix's own URLs, so that its own stay new
    id_mins = [parse_qs(urlsplit(path).query)["id_min"][0] for path in new.paths]
    # what the mock keeps of an id_min: the filter's parse, its bounds, the page links' parse of the URL
    forgotten = max(filters._PARSED_KEPT, selection._BOUNDS_KEPT, QueryLinks.of.cache_info().maxsize or 0)
    assert all(len(set(id_mins[start : start + forgotten])) == forgotten for start in range(0, 4_000, 500))
    assert all(set(parse_qs(urlsplit(path).query)) >= {"search", "ordering", "id_min"} for path in new.paths)
    assert NEW_URL_SCENARIO not in {s.name for s in scenarios(records, SEED)}  # only when asked for


def test_the_typed_search_mix_sends_each_prefix_once_short_ones_among_them() -> None:
    records = ContactsState.seeded(SEED, Settings(contacts=10_000)).dump()["records"]
    typed = {s.name: s for s in scenarios(records, SEED)}[TYPED_SCENARIO]
    terms = [parse_qs(urlsplit(path).query)["search"][0] for path in typed.paths]
    assert len(terms) == len(set(terms)) == 256
    texts = {r[key] for r in records for key in ("first_name", "last_name", "mobile_number") if r[key]}
    assert all(any(text.startswith(term) for text in texts) for term in terms)  # each is a prefix as typed
    short = [term for term in terms if any(len(word) < 3 for word in term.split())]  # below trigrams
    assert len(short) >= 256 // 8
    assert {term[0].isdigit() for term in short} == {True, False}  # pieces of mobile numbers and of names


@pytest.mark.parametrize("mode", sorted(epoll_order.MODES))
def test_the_epoll_responder_answers_and_registers_its_sockets_as_its_mode_says(mode: str, tmp_path: Path) -> None:
    command = [sys.executable, "bench/epoll_order.py", "--serve", mode, "--cost-us", "0"]
    with running(command, re.compile(epoll_order.BANNER + r" (http://\S+)"), tmp_path / "log") as server:
        connection = http.client.HTTPConnection(urlsplit(server.url).netloc, timeout=5)
        for _ in range(2):  # one keep-alive connection, request after request
            connection.request("GET", "/")
            answer = connection.getresponse()
            assert (answer.status, answer.read()) == (200, b'{"ok":true}')
        # the kernel's own account of the epoll set (proc(5), fdinfo): the listener, then the connection
        registered = [
            int(line.split("events:")[1].split()[0], 16)
            for info in Path(f"/proc/{server.process.pid}/fdinfo").iterdir()
            for line in info.read_text().splitlines()
            if line.startswith("tfd:")
        ]
        connection.close()
    assert len(registered) == 2
    edge = [bool(events & select.EPOLLET) for events in registered]
    assert sorted(edge) == [False, mode == "edge"]  # the listener is level-triggered in both
