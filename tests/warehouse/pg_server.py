"""A throw-away PostgreSQL server on 127.0.0.1 for the tests: initdb into a temporary folder, start, stop.

Debian's `postgresql` package (installed by `make system-packages`) provides initdb and pg_ctl under
/usr/lib/postgresql/<version>/bin. PostgreSQL refuses to run as root, so as root the server runs as the
package's `postgres` user (runuser), owning only its temporary folder. Durability is switched off: the
data is generated and thrown away, and fsync would only slow the tests down.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["PostgresServer", "postgres_server"]

PASSWORD = "s3cret-Pa55word"  # a recognisable secret: tests check it is written nowhere


class PostgresServer:
    def __init__(self, port: int, user: str) -> None:
        self.port, self.user = port, user

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}:{PASSWORD}@127.0.0.1:{self.port}/{database}"


def _binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(on_path).parent
    raise RuntimeError("PostgreSQL is not installed: run `make system-packages` (Debian package postgresql)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, capture_output=True, env=env, text=True, timeout=120)
    if done.returncode:
        program = next(Path(c).name for c in command if c.startswith("/"))
        raise RuntimeError(f"PostgreSQL {program} failed: {(done.stderr or done.stdout).strip()[-600:]}")


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """Its own folder directly under the system's temporary folder: pytest's are private to root, and
    the server's user must be able to reach its data."""
    bin_dir = _binaries()
    root = os.geteuid() == 0
    as_user = ["runuser", "-u", "postgres", "--"] if root else []
    base = Path(tempfile.mkdtemp(prefix="servex-pg-"))
    data, sockets = base / "data", base / "run"
    sockets.mkdir()
    secret = base / "pw"
    secret.write_text(PASSWORD + "\n")
    if root:
        shutil.chown(base, "postgres")
        for p in (sockets, secret):
            shutil.chown(p, "postgres")
    user = "servex"
    env = {**os.environ, "LC_ALL": "C"}
    _run(
        [
            *as_user,
            str(bin_dir / "initdb"),
            "-D",
            str(data),
            "-U",
            user,
            "--pwfile",
            str(secret),
            "-A",
            "scram-sha-256",
            "-E",
            "UTF8",
            "--no-sync",
        ],
        env,
    )
    port = _free_port()
    options = (
        f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
        "-c full_page_writes=off -c max_connections=20 -c log_min_duration_statement=500 "
        "-c work_mem=64MB -c shared_buffers=256MB"
    )
    log = base / "server.log"
    if root:
        log.touch()
        shutil.chown(log, "postgres")
    try:
        _run(
            [
                *as_user,
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(log),
                "-w",
                "-t",
                "60",
                "start",
            ],
            env,
        )
        yield PostgresServer(port, user)
    finally:
        subprocess.run(
            [*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
            env=env,
        )
        if not os.environ.get("SERVEX_KEEP_PG"):
            shutil.rmtree(base, ignore_errors=True)
