"""What one throttled request costs in each candidate cache for the shared request counters.

    .venv/bin/python bench/throttle_cache.py [--keys 0,1000,5000] [--calls 500]

A DRF throttle reads the user's request history and writes it back: one get and one set per
throttled request. The counters must be shared by the 3 gunicorn workers, so LocMemCache (per
process) is only the floor. With `--keys N`, N other users' histories are in the cache first: the
file cache lists its folder on every write. memcached is started here on a Unix socket, as the
tests do (Debian's memcached package). The database cache is left out: it is 2-3 more queries per
request, against intake's budget of two round trips (tests/layers/api/test_intake_round_trips.py).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_gov.settings")

import django  # noqa: E402
from django.conf import settings  # noqa: E402


def _memcached(folder: Path) -> subprocess.Popen:
    sock = folder / "memcached.sock"
    user = ["-u", "root"] if os.geteuid() == 0 else []
    process = subprocess.Popen(["/usr/bin/memcached", "-s", str(sock), "-m", "64", *user])
    while not sock.exists():
        time.sleep(0.02)
    return process


def _per_call(cache, keys: int, calls: int) -> float:
    cache.clear()
    cache.get("warm-up")  # the first call opens memcached's connection
    for n in range(keys):
        cache.set(f"throttle_tiles_user-{n}", [time.time()] * 20, 60)
    started = time.perf_counter()
    for _ in range(calls):
        history = cache.get("throttle_intake_user-bench", [])
        history.insert(0, time.time())
        cache.set("throttle_intake_user-bench", history[:120], 60)
    return (time.perf_counter() - started) / calls * 1e6


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--keys", default="0,1000,5000")
    parser.add_argument("--calls", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir="/dev/shm") as shm, tempfile.TemporaryDirectory() as disk:
        memcached = _memcached(Path(shm))
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bench"},
            "file (disk)": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": disk,
                "OPTIONS": {"MAX_ENTRIES": 100_000},
            },
            "file (tmpfs)": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": shm + "/files",
                "OPTIONS": {"MAX_ENTRIES": 100_000},
            },
            "memcached": {
                "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
                "LOCATION": f"unix:{shm}/memcached.sock",
            },
        }
        django.setup()
        from django.core.cache import caches

        load = os.getloadavg()[0]
        print(f"µs per throttled request (get + set), {args.calls} calls; load {load:.1f} on {os.cpu_count()} CPUs")
        for keys in (int(k) for k in args.keys.split(",")):
            row = {
                name: _per_call(caches[name], keys, args.calls)
                for name in ("locmem", "file (disk)", "file (tmpfs)", "memcached")
            }
            print(f"{keys:>6} other keys: " + "  ".join(f"{name} {us:,.0f}" for name, us in row.items()))
        memcached.terminate()


if __name__ == "__main__":
    main()
