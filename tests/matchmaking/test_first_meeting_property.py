"""Property: the proposed first meeting lies inside both people's working
hours on a weekday for both, whatever their time zones and hours; and when it
cannot (the mentee's morning is proposed instead), no such slot exists in the
searched weeks. Checked against a brute-force search written independently."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from crossgen.matchmaking.introductions import SEARCH_DAYS, WorkingHours, first_meeting_slot
from tests.matchmaking.test_introductions import inside

ZONES = (
    "Europe/London",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Australia/Sydney",
    "Pacific/Auckland",
    "America/Sao_Paulo",
    "UTC",
)


@st.composite
def working_hours(draw: st.DrawFn) -> tuple[str, int, int]:
    start = draw(st.integers(min_value=0, max_value=22))
    end = draw(st.integers(min_value=start + 1, max_value=24))
    return draw(st.sampled_from(ZONES)), start, end


def _brute_force_exists(
    mentor: tuple[str, int, int], mentee: tuple[str, int, int], first: date, minutes: int
) -> bool:
    """Any 15-minute-aligned UTC slot inside both working days, from the mentee's day ``first``."""
    moment = datetime.combine(first - timedelta(days=2), datetime.min.time(), tzinfo=UTC)
    end = moment + timedelta(days=SEARCH_DAYS + 4)
    length = timedelta(minutes=minutes)
    while moment < end:
        if inside(moment, moment + length, *mentor) and inside(moment, moment + length, *mentee):
            local_day = moment.astimezone(ZoneInfo(mentee[0])).date()
            if first <= local_day < first + timedelta(days=SEARCH_DAYS):
                return True
        moment += timedelta(minutes=15)
    return False


@settings(max_examples=60, deadline=None)
@given(
    mentor=working_hours(),
    mentee=working_hours(),
    first=st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)),
    minutes=st.sampled_from([30, 45, 60]),
)
def test_the_first_meeting_is_inside_both_working_days_or_none_exists(
    mentor: tuple[str, int, int], mentee: tuple[str, int, int], first: date, minutes: int
) -> None:
    slot = first_meeting_slot(
        mentor=WorkingHours(*mentor),
        mentee=WorkingHours(*mentee),
        not_before=first,
        minutes=minutes,
    )

    assert slot.end - slot.start == timedelta(minutes=minutes)
    if slot.inside_both:
        assert inside(slot.start, slot.end, *mentor)
        assert inside(slot.start, slot.end, *mentee)
    else:
        assert not _brute_force_exists(mentor, mentee, first, minutes)
