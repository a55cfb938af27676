"""layers/moments.py: moments in any offset become Beijing time; outside 1901-2100 they are refused."""

from datetime import datetime, timedelta, timezone

import pytest

from layers.moments import END, FIRST, local_moment


def test_any_offset_becomes_beijing_time():
    far_east = datetime(2026, 1, 5, 20, 21, tzinfo=timezone(timedelta(hours=22, minutes=21)))
    assert local_moment(far_east).isoformat() == "2026-01-05T06:00:00+08:00"
    assert local_moment(datetime(2026, 1, 5, 6, 0)).isoformat() == "2026-01-05T06:00:00+08:00"  # naive: Beijing


@pytest.mark.parametrize(
    "value",
    [
        datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))),  # overflows on conversion
        datetime(721, 3, 31, 23, 28),  # local mean time, +08:05:43
        FIRST - timedelta(seconds=1),
        END,
        datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-23))),
    ],
)
def test_out_of_range_is_a_value_error_naming_the_range(value):
    with pytest.raises(ValueError, match="1901-01-01"):
        local_moment(value)


def test_the_range_ends_are_written_in_rfc_3339():
    assert local_moment(FIRST).isoformat() == "1901-01-01T00:00:00+08:00"
    assert local_moment(END - timedelta(seconds=1)).isoformat() == "2100-12-31T23:59:59+08:00"
