"""A PostgreSQL 15 cluster of the test's own, on a free loopback port, for fault tests.

The shared cluster (5432) serves every other test and helper: a fault test that crashed it would
break them. This one lives in a temporary directory, runs as the `postgres` OS user when the suite
runs as root (initdb and postgres refuse root), trusts loopback connections (it is gone when the
test ends) and has PostGIS from the machine's postgis extension package.

fsync is off: the faults tried here are process crashes (`pg_ctl -m immediate` is a SIGQUIT to the
server), which leave the operating system's page cache, and so every acknowledged commit, intact;
fsync only guards against the machine itself losing power, and costs the migrations seconds.
"""

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")
ROLE = DATABASE = "geo_gov"


def free_port() -> int:
    """A loopback TCP port nobody listens on now (the kernel's pick)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_owner() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


class Cluster:
    """initdb, start, crash-restart, stop; use as a context manager (stopped and removed at exit)."""

    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="geo_gov_fault_pg_"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.port = free_port()
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.root, owner.pw_uid, owner.pw_gid)

    @property
    def url(self) -> str:
        return f"postgis://{ROLE}:{ROLE}@127.0.0.1:{self.port}/{DATABASE}"

    def _run(self, *args: str, timeout: float = 120) -> str:
        done = subprocess.run(
            [*_as_owner(), *args], capture_output=True, text=True, timeout=timeout, cwd=self.root, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def _pg_ctl(self, *args: str) -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", *args)

    def init(self) -> "Cluster":
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        # In the configuration file rather than on pg_ctl's command line: every start reads it.
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"port = {self.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.root}'\n"
                "fsync = off\nfull_page_writes = off\n"
            )
        self.start()
        self.sql("postgres", f"CREATE ROLE {ROLE} LOGIN PASSWORD '{ROLE}'")
        self.sql("postgres", f"CREATE DATABASE {DATABASE} OWNER {ROLE}")
        self.sql(DATABASE, "SET client_min_messages = warning; CREATE EXTENSION postgis")
        return self

    def sql(self, database: str, statement: str) -> str:
        """Run SQL as the superuser over the cluster's own socket; its output, unaligned."""
        return self._run(str(PG_BIN / "psql"), "-h", str(self.root), "-p", str(self.port), "-U", "postgres",
                         "-d", database, "-v", "ON_ERROR_STOP=1", "-Atq", "-c", statement)  # fmt: skip

    def restart_immediately(self) -> None:
        """Crash the server (-m immediate: no checkpoint, crash recovery at start) and start it again;
        returns once it accepts connections."""
        self._pg_ctl("-m", "immediate", "restart")

    def stop_immediately(self) -> None:
        self._pg_ctl("-m", "immediate", "stop")

    def start(self) -> None:
        self._pg_ctl("start")

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def __enter__(self) -> "Cluster":
        return self

    def __exit__(self, *exc) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run([*_as_owner(), str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
                           capture_output=True, timeout=60, check=False)  # fmt: skip
        shutil.rmtree(self.root, ignore_errors=True)
