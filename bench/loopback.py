"""What the HTTP benchmarks share: a gunicorn on a free loopback port, a token, CPU per process.

Import after django.setup() (the bench scripts set DJANGO_SETTINGS_MODULE and sys.path first).
"""

import gc
import os
import resource
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token

from layers.models import Role, StaffProfile

ROOT = Path(__file__).resolve().parent.parent


def _process(pid: str) -> tuple[str, str, float]:
    """(name, parent pid, user + system CPU seconds) of one process, from /proc/<pid>/stat."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            text = stat.read()
    except OSError:  # gone meanwhile
        return "", "", 0.0
    fields = text.rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return text[text.index("(") + 1 : text.rindex(")")], fields[1], cpu


def cpu_seconds(server_pid: int) -> dict:
    """CPU seconds spent so far by the gunicorn server (arbiter and workers), by PostgreSQL (every
    process of the local cluster) and by this process (the client threads): sampled before and
    after a run, it tells where a request's CPU went on a machine the three share."""
    processes = {pid: _process(pid) for pid in os.listdir("/proc") if pid.isdigit()}
    own = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "gunicorn": sum(cpu for pid, (_n, parent, cpu) in processes.items() if str(server_pid) in (pid, parent)),
        "postgres": sum(cpu for name, _parent, cpu in processes.values() if name.startswith("postgres")),
        "client": own.ru_utime + own.ru_stime,
    }


def bench_token(username: str) -> str:
    """A leader's token: leaders may read and take in cases everywhere."""
    user, _ = get_user_model().objects.get_or_create(username=username)
    StaffProfile.objects.get_or_create(user=user, defaults={"role": Role.LEADER, "display_name": "bench"})
    return Token.objects.get_or_create(user=user)[0].key


def freeze_client_heap() -> None:
    """Call before timing requests. This client process holds Django and the project (~200,000
    objects); Python's full collections walk them all every second or two, 130+ ms during which
    no client thread runs (the GIL), and the pause would be counted as the server's latency."""
    gc.collect()
    gc.freeze()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int, threads: int = 1) -> subprocess.Popen:
    """gunicorn as `make demo` serves it (sync workers unless threads > 1), waited for until it listens."""
    cmd = [str(ROOT / ".venv/bin/gunicorn"), "geo_gov.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    # A worker's first request imports the whole URLconf (GeoPandas, GDAL for the exporters); on a
    # loaded machine that can pass gunicorn's default 30 s timeout and get the worker killed.
    cmd += ["--workers", str(workers), "--threads", str(threads), "--timeout", "300", "--log-level", "warning"]
    # The benchmarks measure the work, not the request limits (THROTTLE_*, geo_gov/settings.py): a
    # single bench token sends thousands of requests a minute.
    unlimited = {f"THROTTLE_{scope}": "" for scope in ("INTAKE", "EXPORT", "TILES", "OGC", "REPORTS", "HOTSPOTS")}
    server = subprocess.Popen(cmd, cwd=ROOT, env=os.environ | unlimited)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    sys.exit("gunicorn did not start")
