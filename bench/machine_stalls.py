"""How often does this machine take the CPU away from a busy process, and for how long?

    .venv/bin/python bench/machine_stalls.py [--seconds 10]

Runs a fixed unit of pure-Python work (~1.5 ms) over and over in one process and reports every
unit that took more than four times its calibrated time: a stall that no code of ours causes
(the virtual machine's host, the kernel, another process). Run it on the idle machine before an
HTTP benchmark (bench/intake.py runs it for a few seconds itself): a latency tail shorter than
these stalls cannot be measured here. On the dev VM (2026-11-26/27) units stalled 7-19 ms, in
bursts of ~50-300 ms every 1.2-1.8 s, with no steal time in /proc/stat and none of our processes
running; time.process_time counted the stalls as our own CPU.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.tail import burst_summary  # noqa: E402


def unit() -> int:
    total = 0
    for i in range(20_000):
        total += i * i
    return total


def measure(seconds: float) -> dict:
    """Run the unit for `seconds`; every unit over four times its calibrated time is a stall."""
    started = time.perf_counter()
    calibration = []
    for _ in range(200):
        t = time.perf_counter()
        unit()
        calibration.append(time.perf_counter() - t)
    typical = statistics.median(calibration)
    stalls, units, origin = [], 0, time.perf_counter()
    while time.perf_counter() - origin < seconds:
        t = time.perf_counter()
        unit()
        took = time.perf_counter() - t
        units += 1
        if took > 4 * typical:
            stalls.append({"at_s": round(t - origin, 3), "ms": round(took * 1000, 1)})
    return {
        "unit_ms": round(typical * 1000, 3),
        "units": units,
        "stalled_units": len(stalls),
        "stalled_ms_total": round(sum(s["ms"] for s in stalls), 1),
        "worst_ms": max((s["ms"] for s in stalls), default=0),
        "bursts": burst_summary([s["at_s"] for s in stalls]),
        "stalls": stalls,
        "seconds": round(time.perf_counter() - started, 1),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    print(json.dumps(measure(args.seconds), indent=2))


if __name__ == "__main__":
    main()
