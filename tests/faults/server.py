"""gunicorn serving the project (geo_gov.wsgi, as `make demo` and production run it) against a fault
test's own cluster, on a free loopback port."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.faults.cluster import Cluster, free_port

ROOT = Path(__file__).resolve().parents[2]
RETRY_AFTER_SECONDS = 1  # what the server's 503s ask for here: keeps the test short


def project_env(cluster: Cluster) -> dict:
    """The environment of a project process (command or web worker) that uses the cluster."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "geo_gov.settings",
        "DATABASE_URL": cluster.url,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "False",
        "DATABASE_RETRY_AFTER_SECONDS": str(RETRY_AFTER_SECONDS),
    }


def manage(cluster: Cluster, *args: str, module: str | None = None) -> str:
    """Run manage.py (or `python -m module`) against the cluster; its standard output."""
    command = [sys.executable, "-m", module] if module else [sys.executable, "manage.py", *args]
    done = subprocess.run(command, cwd=ROOT, env=project_env(cluster), capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


class Gunicorn:
    """gunicorn with `workers` sync workers; stopped (SIGTERM, then SIGKILL) at exit."""

    def __init__(self, cluster: Cluster, workers: int = 2):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = cluster.root / "gunicorn.log"
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "geo_gov.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={workers}",
            f"--error-logfile={self.log}",
            "--no-control-socket",  # its default path is shared by every gunicorn of this user
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=project_env(cluster), stdout=subprocess.DEVNULL)
        try:
            self._wait_ready(workers)
        except BaseException:
            self.__exit__()  # no with block owns it yet
            raise

    def _wait_ready(self, workers: int) -> None:
        # Each worker imports every view at start (geo_gov/wsgi.py): seconds on a busy machine.
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"gunicorn exited:\n{self.log_tail()}"
            try:
                healthy = requests.get(f"{self.url}/healthz", timeout=30).status_code == 200
                if healthy and len(self.workers()) == workers:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"gunicorn not ready within 90 s:\n{self.log_tail()}")

    def workers(self) -> set[int]:
        """The worker processes' ids (the master's children)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        return {int(pid) for pid in children.split()}

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def __enter__(self) -> "Gunicorn":
        return self

    def __exit__(self, *exc) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
