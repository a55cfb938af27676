"""bench/tail.py: percentiles, slow samples grouped into bursts by time, rounds pooled (pure; no database)."""

from bench.tail import burst_summary, bursts, percentiles, series_summary


def test_moments_close_together_form_one_burst_and_far_ones_another():
    moments = [5.0, 0.1, 0.2, 0.45, 5.25, 9.9]
    assert bursts(moments, gap_s=0.3) == [(0.1, 0.45, 3), (5.0, 5.25, 2), (9.9, 9.9, 1)]


def test_summary_reports_spacing_between_burst_starts_and_the_longest_burst():
    summary = burst_summary([0.1, 0.2, 0.45, 1.6, 1.7, 3.1], gap_s=0.3)
    assert summary == {
        "samples": 6,
        "bursts": 3,
        "largest_burst": 3,
        "median_spacing_s": 1.5,
        "longest_burst_ms": 350.0,
    }


def test_no_slow_samples_is_no_burst():
    assert burst_summary([]) == {
        "samples": 0,
        "bursts": 0,
        "largest_burst": 0,
        "median_spacing_s": None,
        "longest_burst_ms": 0,
    }


def _round(latencies, **audit):
    counts = dict.fromkeys(("lost_not_stored", "bad_status", "duplicated_rows", "resend_other_id", "double_201"), 0) | {
        "requests": len(latencies),
        "stored": len(latencies),
    }
    return {
        "http_ms": percentiles(latencies) | {"requests_per_s": 300.0},
        "cpu_ms_per_request": {"gunicorn": 4.0},
        "audit": counts | audit,
    }


def test_pooled_p99_is_taken_over_every_request_not_averaged_over_rounds():
    calm = [10.0] * 98 + [20.0] * 2  # p99 20
    stormy = [10.0] * 90 + [80.0] * 10  # p99 80: a round that caught a stall burst
    summary = series_summary([_round(calm), _round(calm), _round(stormy)], calm + calm + stormy, slow_ms=50)
    assert summary["round_p99_ms"] == [20.0, 20.0, 80.0]
    assert summary["rounds_with_p99_at_most_50_ms"] == "2 of 3"
    # 10 of 300 requests over 50 ms: 3.3 % of the pooled requests, so the pooled p99 is over too.
    assert summary["pooled_share_over_50_ms"] == 0.0333
    assert summary["pooled_http_ms"]["p99"] == 80.0
    assert summary["pooled_http_ms"]["n"] == 300


def test_audit_counts_add_up_over_rounds():
    one, two = [10.0] * 50, [12.0] * 50
    summary = series_summary([_round(one), _round(two, lost_not_stored=1, stored=49)], one + two)
    assert summary["audit_totals"] == {
        "requests": 100,
        "stored": 99,
        "lost_not_stored": 1,
        "bad_status": 0,
        "duplicated_rows": 0,
        "resend_other_id": 0,
        "double_201": 0,
    }
