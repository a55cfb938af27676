"""A throw-away memcached (Debian's /usr/bin/memcached) on a Unix socket, for the throttle tests:
production shares request counters between gunicorn workers through memcached (geo_gov/settings.py)."""

import os
import subprocess
import time

import pytest

MEMCACHED = "/usr/bin/memcached"


@pytest.fixture(scope="session", name="memcached")
def memcached_fixture(tmp_path_factory):
    """The THROTTLE_CACHE_URL of a running memcached; stopped after the session."""
    socket = tmp_path_factory.mktemp("memcached") / "memcached.sock"
    user = ["-u", "root"] if os.geteuid() == 0 else []  # memcached refuses to run as root unless told
    process = subprocess.Popen([MEMCACHED, "-s", str(socket), "-a", "0700", "-m", "16", "-c", "64", *user])
    deadline = time.monotonic() + 10
    while not socket.exists():
        assert process.poll() is None, "memcached exited at start"
        assert time.monotonic() < deadline, "memcached did not open its socket within 10 s"
        time.sleep(0.02)
    yield f"pymemcache://{socket}"
    process.terminate()
    process.wait(timeout=10)


def throttle_cache(url: str) -> dict:
    import environ

    return environ.Env.cache_url_config(url) | {"KEY_PREFIX": "geo_gov"}
