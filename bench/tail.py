"""Where a latency tail comes from: spread over the run, or in bursts?

A slow request caused by our code (a lock, a plan, a collection) can come at any moment; a slow
request caused by the machine comes with the machine's stalls, which on the dev VM arrive in
bursts of ~50-300 ms every 1.2-1.8 s (bench/machine_stalls.py). Grouping the slow samples by
time tells the two apart: a few dense bursts at the stall rhythm point at the machine.
"""

import statistics


def bursts(moments_s: list[float], gap_s: float = 0.3) -> list[tuple[float, float, int]]:
    """(first, last, count) of each run of moments no more than gap_s apart, in time order."""
    groups: list[list] = []
    for moment in sorted(moments_s):
        if groups and moment - groups[-1][1] <= gap_s:
            groups[-1][1] = moment
            groups[-1][2] += 1
        else:
            groups.append([moment, moment, 1])
    return [tuple(group) for group in groups]


def burst_summary(moments_s: list[float], gap_s: float = 0.3) -> dict:
    """How the given moments (of slow samples, or of stalls) group in time."""
    groups = bursts(moments_s, gap_s)
    starts = [first for first, _last, _n in groups]
    spacing = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    return {
        "samples": len(moments_s),
        "bursts": len(groups),
        "largest_burst": max((n for _f, _l, n in groups), default=0),
        "median_spacing_s": round(statistics.median(spacing), 2) if spacing else None,
        "longest_burst_ms": round(max((last - first for first, last, _n in groups), default=0) * 1000, 1),
    }
