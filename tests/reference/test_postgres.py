"""The throwaway PostgreSQL server starts, answers queries in the promised encoding and collation, and leaves
nothing behind: no listening port, no directory.

Needs Debian's `postgresql` package (apt-get install postgresql). Without it the test skips locally and FAILS
under CI (the CI environment variable set), so a CI image that lost PostgreSQL cannot pass silently.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from pathlib import Path

import pytest

from tests.reference.postgres import (
    PostgresError,
    PostgresServer,
    cluster_locale,
    running_postgres,
    skip_reason,
)


def _require_postgres() -> None:
    """In the test body, not a fixture or a skipif mark, so a missing server under CI is a FAILED test."""
    reason = skip_reason()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_server_runs_queries_and_leaves_nothing_behind() -> None:
    _require_postgres()
    import psycopg  # here, not at the top: collecting this file must not need psycopg where the test skips

    with running_postgres() as server:
        assert _port_open(server.port)
        assert server.data_dir.is_dir()
        with psycopg.connect(server.conninfo()) as connection:
            assert connection.execute("select 1").fetchone() == (1,)
            assert connection.execute("show server_encoding").fetchone() == ("UTF8",)
            # pg_database, not `show lc_collate`: PostgreSQL 16 removed that setting.
            row = connection.execute(
                "select datcollate, datctype from pg_database where datname = current_database()"
            ).fetchone()
            assert row == (cluster_locale(), cluster_locale())
            # The point of the locale choice: text sorts by code point (upper case before lower, Arabic script
            # after Latin), as Python's sorted() does, on every machine.
            words = ["b", "B", "a", "ی", "ک", "ك", "é", "Z"]
            ordered = connection.execute(
                "select array_agg(word order by word) from unnest(%s::text[]) as word", [words]
            ).fetchone()
            assert ordered == (sorted(words),)
            assert connection.execute("select current_user, current_database()").fetchone() == ("hamta", "hamta")
    assert not _port_open(server.port)
    assert not server.data_dir.exists()
    assert not server.data_dir.parent.exists()


def test_settings_for_clients() -> None:
    server = PostgresServer(host="127.0.0.1", port=5433, user="hamta", dbname="hamta", data_dir=Path("/nowhere"))
    assert server.django_settings() == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "hamta",
        "USER": "hamta",
        "HOST": "127.0.0.1",
        "PORT": "5433",
    }
    assert server.env() == {"PGHOST": "127.0.0.1", "PGPORT": "5433", "PGUSER": "hamta", "PGDATABASE": "hamta"}
    assert server.conninfo() == "host=127.0.0.1 port=5433 user=hamta dbname=hamta"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root runs the server as postgres")
def test_unreachable_base_dir_is_a_clear_error() -> None:
    """A base_dir under a mode-700 parent (as pytest's tmp_path is) fails up front, saying why, leaving nothing."""
    _require_postgres()
    locked = Path(tempfile.mkdtemp())  # mode 700, like /tmp/pytest-of-root
    try:
        inner = locked / "inner"
        inner.mkdir(mode=0o755)
        with pytest.raises(PostgresError, match="not searchable by others"), running_postgres(inner):
            pass
        assert list(inner.iterdir()) == []
    finally:
        shutil.rmtree(locked)
