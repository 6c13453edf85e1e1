"""A throwaway PostgreSQL server for tests: `initdb` into a temporary directory, start it on a free loopback port,
create the `hamta` database, and on exit stop it and delete everything.

    with running_postgres() as server:
        psycopg.connect(server.conninfo())          # or DATABASES = {"default": server.django_settings()}

Why it looks the way it does:

- PostgreSQL refuses to run as root, and CI (and this dev machine) runs as root. As root every binary runs as
  Debian's `postgres` OS user through `runuser -u postgres --`, in a directory chowned to that user; as anyone
  else the binaries run directly as the current user.
- The postgres user must be able to reach that directory, so it is a fresh `tempfile.mkdtemp()` (under the
  system temp dir, /tmp, by default) with mode 755, never pytest's `tmp_path`: that lives under
  /tmp/pytest-of-root, which is mode 700, and initdb would fail with "Permission denied" deep in its output.
  `running_postgres` checks this up front and says so.
- The cluster's locale is C.UTF-8 (see `cluster_locale`): text sorts by Unicode code point, the same on every
  machine, and the character classes (upper(), lower(), regular expressions) still understand non-ASCII text.
  Collation decides `ORDER BY` on text, so a test that asserts an order depends on this choice.
- Nothing may hang a test run: pg_ctl waits at most 30 s (`-w -t 30`), every tool runs under a timeout, and a
  failure raises `PostgresError` carrying the tool's output and the server log.
"""

from __future__ import annotations

import os
import pwd
import re
import shlex
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "PostgresError",
    "PostgresServer",
    "cluster_locale",
    "postgres_bindir",
    "running_postgres",
    "skip_reason",
]

OS_USER = "postgres"
"""The OS user the server runs as when we are root: the one Debian's postgresql package creates."""

USER = "hamta"
"""The database superuser (`initdb -U`); any name works with trust authentication, this one reads well in logs."""

DBNAME = "hamta"
HOST = "127.0.0.1"

REQUIRED_BINARIES = ("initdb", "pg_ctl", "postgres", "createdb")
PG_CTL_WAIT_SECONDS = 30
_WAIT = ("-w", "-t", str(PG_CTL_WAIT_SECONDS))
# Outer limit for each tool, above pg_ctl's own -t so that pg_ctl reports its timeout itself when it can.
TOOL_TIMEOUT_SECONDS = 60
# A free port is found by binding port 0 and closing the socket; another process can take it before the server
# binds it. Rare, so a few fresh ports are enough.
START_ATTEMPTS = 3


class PostgresError(RuntimeError):
    """initdb, pg_ctl or createdb failed or timed out; the message carries their output and the server log."""


@dataclass(frozen=True)
class PostgresServer:
    """Where a running throwaway server listens, in the shapes its clients want."""

    host: str
    port: int
    user: str
    dbname: str
    data_dir: Path
    """Removed when `running_postgres` exits; a test can check that nothing was left behind."""

    def django_settings(self) -> dict[str, str]:
        """A `DATABASES["default"]` entry. No PASSWORD: the cluster trusts every local connection."""
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": self.dbname,
            "USER": self.user,
            "HOST": self.host,
            "PORT": str(self.port),
        }

    def env(self) -> dict[str, str]:
        """libpq's variables, for psql, pg_dump or a child process that connects without being told how."""
        return {"PGHOST": self.host, "PGPORT": str(self.port), "PGUSER": self.user, "PGDATABASE": self.dbname}

    def conninfo(self) -> str:
        """A libpq connection string, what `psycopg.connect` takes."""
        return f"host={self.host} port={self.port} user={self.user} dbname={self.dbname}"


def postgres_bindir() -> Path | None:
    """The directory with initdb, pg_ctl, postgres and createdb, or None when the server is not installed.

    `pg_config --bindir` first, because it names the installation a developer chose (Homebrew, a source build).
    Its answer is checked, not trusted: on Debian, pg_config also comes with postgresql-client, without a server.
    Then the newest of Debian's side-by-side versions, /usr/lib/postgresql/<major>/bin, which are not on PATH.
    """
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config is not None:
        try:
            result = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=False)
        except (OSError, subprocess.TimeoutExpired):
            result = None
        if result is not None and result.returncode == 0 and result.stdout.strip():
            candidates.append(Path(result.stdout.strip()))
    debian = Path("/usr/lib/postgresql")
    if debian.is_dir():
        versions = [path for path in debian.iterdir() if re.fullmatch(r"\d+(\.\d+)?", path.name)]
        versions.sort(key=lambda path: tuple(int(part) for part in path.name.split(".")), reverse=True)
        candidates.extend(path / "bin" for path in versions)
    for bindir in candidates:
        if all(os.access(bindir / name, os.X_OK) for name in REQUIRED_BINARIES):
            return bindir
    return None


def skip_reason() -> str | None:
    """Why a PostgreSQL test cannot run here (what to install), or None when it can."""
    if postgres_bindir() is None:
        return (
            "PostgreSQL server binaries not found (pg_config --bindir, /usr/lib/postgresql/*/bin): "
            "apt-get install -y postgresql"
        )
    if _running_as_root() and not _os_user_exists(OS_USER):
        return (
            f"running as root, and PostgreSQL refuses to: it runs as the {OS_USER!r} OS user, "
            "which is missing (apt-get install -y postgresql creates it)"
        )
    return None


def cluster_locale() -> str:
    """The locale `initdb` gets: C.UTF-8 where the C library has it, else C.

    Both give code point order for UTF-8 text (C by bytes, which for UTF-8 is the same order), so `ORDER BY` is
    identical on every machine and needs no language data; a production database on, say, en_US.UTF-8 or
    fa_IR.UTF-8 sorts differently (case and accents interleaved), which tests must not depend on. C.UTF-8 is
    preferred because its character classes know non-ASCII letters: under plain C, upper('é') stays 'é' and a
    regex's [[:alpha:]] matches ASCII only. Debian 12 ships C.UTF-8 in libc-bin, so C is the fallback for
    minimal images of other distributions.
    """
    locale_tool = shutil.which("locale")
    if locale_tool is None:
        return "C"
    try:
        result = subprocess.run([locale_tool, "-a"], capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "C"
    available = {name.strip().lower().replace("-", "") for name in result.stdout.splitlines()}
    return "C.UTF-8" if "c.utf8" in available else "C"


@contextmanager
def running_postgres(base_dir: Path | None = None) -> Iterator[PostgresServer]:
    """Start a fresh server, yield where it listens, then stop it and delete its directory.

    `base_dir` is where the server's own temporary directory goes (default: the system temp dir). As root it must
    be reachable by the postgres user, which pytest's `tmp_path` is not.
    """
    bindir = postgres_bindir()
    if bindir is None:
        raise PostgresError(skip_reason() or "PostgreSQL server binaries not found")
    as_root = _running_as_root()
    if as_root and not _os_user_exists(OS_USER):
        raise PostgresError(skip_reason() or f"no {OS_USER!r} OS user")
    parent = Path(base_dir) if base_dir is not None else Path(tempfile.gettempdir())
    if as_root:
        _check_reachable_by_postgres(parent)

    root = Path(tempfile.mkdtemp(prefix="hamta-pg-", dir=parent))
    tools = _Tools(bindir, as_root=as_root, cwd=root)
    data_dir = root / "data"
    log_file = root / "postgres.log"
    started = False
    try:
        # mkdtemp's 700 would do for its owner; 755 lets another user (a developer's shell) read the log.
        root.chmod(0o755)
        if as_root:
            shutil.chown(root, user=OS_USER)
        tools.run(
            "initdb",
            [
                *("-D", str(data_dir), "-A", "trust", "-U", USER, "--encoding", "UTF8", "--locale", cluster_locale()),
                # A throwaway cluster: skip the final fsync of the new files.
                "--no-sync",
            ],
            what="initdb",
        )
        port = _start(tools, data_dir, log_file)
        started = True
        tools.run("createdb", ["-h", HOST, "-p", str(port), "-U", USER, DBNAME], what="createdb", log_file=log_file)
        yield PostgresServer(host=HOST, port=port, user=USER, dbname=DBNAME, data_dir=data_dir)
    except BaseException:
        # The first error is the one worth reading; a failing stop after it would only hide it.
        with suppress(PostgresError):
            if started or (data_dir / "postmaster.pid").exists():
                _stop(tools, data_dir, log_file)
        shutil.rmtree(root, ignore_errors=True)
        raise
    try:
        _stop(tools, data_dir, log_file)
    finally:
        shutil.rmtree(root)


def _start(tools: _Tools, data_dir: Path, log_file: Path) -> int:
    """Start the server on a free loopback port and return the port; retried when the port was taken meanwhile."""
    for attempt in range(1, START_ATTEMPTS + 1):
        port = _free_port()
        log_offset = log_file.stat().st_size if log_file.exists() else 0
        options = " ".join(
            [
                f"-p {port}",
                # The Unix socket goes into the data directory: the default, /var/run/postgresql, is the system
                # cluster's and not writable by us. TCP on loopback only, never a public interface.
                f"-k {shlex.quote(str(data_dir))}",
                f"-c listen_addresses={HOST}",
                # Durability is pointless for a cluster deleted after the test.
                "-c fsync=off",
            ]
        )
        try:
            tools.run(
                "pg_ctl",
                [*("-D", str(data_dir), "-l", str(log_file), "-o", options), *_WAIT, "start"],
                what=f"pg_ctl start on port {port}",
                log_file=log_file,
            )
        except PostgresError:
            # Only this attempt's part of the log: an earlier attempt's "could not bind" says nothing about this one.
            this_attempt = _read_log(log_file, log_offset)
            port_taken = "could not bind" in this_attempt or "already in use" in this_attempt
            if port_taken and attempt < START_ATTEMPTS:
                continue
            raise
        return port
    raise AssertionError("unreachable: the last attempt returns or raises")


def _stop(tools: _Tools, data_dir: Path, log_file: Path) -> None:
    """Stop the server; if a fast shutdown fails, an immediate one, so no postmaster outlives the test."""
    try:
        tools.run(
            "pg_ctl",
            ["-D", str(data_dir), "-m", "fast", *_WAIT, "stop"],
            what="pg_ctl stop",
            log_file=log_file,
        )
    except PostgresError:
        tools.run(
            "pg_ctl",
            ["-D", str(data_dir), "-m", "immediate", *_WAIT, "stop"],
            what="pg_ctl stop -m immediate",
            log_file=log_file,
        )
        raise


class _Tools:
    """Runs PostgreSQL's binaries as the right user, in a clean environment, under a timeout."""

    def __init__(self, bindir: Path, *, as_root: bool, cwd: Path) -> None:
        self._bindir = bindir
        self._prefix = ["runuser", "-u", OS_USER, "--"] if as_root else []
        # The postgres user may not be allowed into our working directory; initdb warns, pg_ctl can fail.
        self._cwd = cwd
        self._env = _tool_env()

    def run(self, tool: str, args: Sequence[str], *, what: str, log_file: Path | None = None) -> None:
        command = [*self._prefix, str(self._bindir / tool), *args]
        try:
            result = subprocess.run(
                command,
                cwd=self._cwd,
                env=self._env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                errors="replace",
                timeout=TOOL_TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            output = _decode(error.stdout) + _decode(error.stderr)
            headline = f"{what} timed out after {TOOL_TIMEOUT_SECONDS} s"
            raise PostgresError(_report(headline, command, output, log_file)) from None
        if result.returncode != 0:
            raise PostgresError(
                _report(f"{what} failed (exit {result.returncode})", command, result.stdout + result.stderr, log_file)
            )


def _tool_env() -> dict[str, str]:
    """The caller's environment without what would steer the tools elsewhere.

    PG* variables (PGDATA, PGPORT, PGHOST...) would point pg_ctl and createdb at another cluster. LC_ALL=C keeps
    the tools' messages in English, so the port-taken check can read them; the cluster's own locale comes from
    initdb's --locale, not from this environment.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PG", "LC_")) and key not in {"LANG", "LANGUAGE"}
    }
    env["LC_ALL"] = "C"
    return env


def _report(headline: str, command: Sequence[str], output: str, log_file: Path | None) -> str:
    parts = [headline, f"command: {shlex.join(command)}", f"output:\n{output.strip() or '(none)'}"]
    if log_file is not None:
        try:
            log = log_file.read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            log = "(no log file)"
        parts.append(f"server log ({log_file}):\n{log or '(empty)'}")
    return "\n".join(parts)


def _read_log(log_file: Path, offset: int) -> str:
    try:
        with log_file.open("rb") as log:
            log.seek(offset)
            return log.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def _decode(output: bytes | str | None) -> str:
    if output is None:
        return ""
    return output if isinstance(output, str) else output.decode("utf-8", errors="replace")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _os_user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _check_reachable_by_postgres(directory: Path) -> None:
    """Fail early and clearly when the postgres user cannot reach `directory`.

    Without this, a directory below a mode-700 parent (pytest's tmp_path, under /tmp/pytest-of-root) surfaces as
    initdb's "could not create directory ... Permission denied", which does not say which parent is to blame.
    """
    result = subprocess.run(
        ["runuser", "-u", OS_USER, "--", "test", "-d", str(directory), "-a", "-x", str(directory)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TOOL_TIMEOUT_SECONDS,
        check=False,
    )
    if result.returncode != 0:
        raise PostgresError(
            f"the {OS_USER!r} OS user cannot reach {directory} (it, or a parent, is not searchable by others: "
            "pytest's tmp_path, under /tmp/pytest-of-root, is mode 700). Pass a directory under /tmp instead, "
            "or leave base_dir out."
        )
