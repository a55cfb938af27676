"""bench/tail.py: slow samples grouped into bursts by time (pure; no database)."""

from bench.tail import burst_summary, bursts


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
