"""How often does this machine take the CPU away from a busy process, and for how long?

    .venv/bin/python bench/machine_stalls.py [--seconds 10]

Runs a fixed unit of pure-Python work (~1.5 ms) over and over in one process and reports every
unit that took more than four times its calibrated time: a stall that no code of ours causes
(the virtual machine's host, the kernel, another process). Run it on the idle machine before an
HTTP benchmark: a latency tail shorter than these stalls cannot be measured here. On the dev VM
(2026-11-26) units stalled 6-19 ms, in bursts of ~50-100 ms every 1.5-5 s, and time.process_time
counted the stalls as our own CPU (the guest does not see the host's preemption as steal time).
"""

import argparse
import json
import statistics
import time


def unit() -> int:
    total = 0
    for i in range(20_000):
        total += i * i
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    started = time.perf_counter()
    calibration = []
    for _ in range(200):
        t = time.perf_counter()
        unit()
        calibration.append(time.perf_counter() - t)
    typical = statistics.median(calibration)
    stalls, units, origin = [], 0, time.perf_counter()
    while time.perf_counter() - origin < args.seconds:
        t = time.perf_counter()
        unit()
        took = time.perf_counter() - t
        units += 1
        if took > 4 * typical:
            stalls.append({"at_s": round(t - origin, 3), "ms": round(took * 1000, 1)})
    print(
        json.dumps(
            {
                "unit_ms": round(typical * 1000, 3),
                "units": units,
                "stalled_units": len(stalls),
                "stalled_ms_total": round(sum(s["ms"] for s in stalls), 1),
                "worst_ms": max((s["ms"] for s in stalls), default=0),
                "stalls": stalls,
                "seconds": round(time.perf_counter() - started, 1),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
