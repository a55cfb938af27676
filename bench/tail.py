"""Latency tails: percentiles, where a tail comes from (spread over the run, or in bursts?), and
what several rounds of a benchmark say together. Pure: no database, no server.

A slow request caused by our code (a lock, a plan, a collection) can come at any moment; a slow
request caused by the machine comes with the machine's stalls, which on the dev VM arrive in
bursts of ~50-300 ms every 1.2-1.8 s (bench/machine_stalls.py). Grouping the slow samples by
time tells the two apart: a few dense bursts at the stall rhythm point at the machine.
"""

import statistics

SLOW_MS = 50  # issue 3's p99 target for intake


def percentiles(samples_ms: list[float]) -> dict:
    q = statistics.quantiles(samples_ms, n=100, method="inclusive")
    return {"p50": q[49], "p90": q[89], "p99": q[98], "max": max(samples_ms), "n": len(samples_ms)}


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


# The audit counts of bench/intake.py that add up over rounds (all but the first two must stay 0).
_AUDIT_COUNTS = (
    "requests", "stored", "lost_not_stored", "bad_status", "duplicated_rows", "resend_other_id", "double_201"
)  # fmt: skip


def series_summary(rounds: list[dict], latencies: list[float], slow_ms: float = SLOW_MS) -> dict:
    """What several rounds say together: the p99 of all their requests pooled (the figure a single
    10 s round estimates badly on a machine whose speed changes from minute to minute), each
    round's p99, how many rounds met the target, and the audits added up."""
    p99s = [r["http_ms"]["p99"] for r in rounds]
    audits = [r["audit"] for r in rounds]
    return {
        "pooled_http_ms": percentiles(latencies),
        f"pooled_share_over_{slow_ms}_ms": round(sum(ms > slow_ms for ms in latencies) / len(latencies), 4),
        "round_p99_ms": [round(p, 1) for p in p99s],
        f"rounds_with_p99_at_most_{slow_ms}_ms": f"{sum(p <= slow_ms for p in p99s)} of {len(p99s)}",
        "round_requests_per_s": [round(r["http_ms"]["requests_per_s"]) for r in rounds],
        "round_gunicorn_cpu_ms_per_request": [r["cpu_ms_per_request"]["gunicorn"] for r in rounds],
        "audit_totals": {key: sum(a[key] for a in audits) for key in _AUDIT_COUNTS},
    }
