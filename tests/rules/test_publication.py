"""Appeals, publication period and finality (rules.md §4.3), at their exact edges."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from zhenxing.rules.publication import (
    appeal_closes,
    appeal_open,
    publication_ends,
    result_state,
)
from zhenxing.rules.rulebook import load_edition

RULEBOOK = load_edition("2020-nmg")
SHANGHAI = ZoneInfo("Asia/Shanghai")
SECOND = dt.timedelta(seconds=1)
EVENT_END = dt.datetime(2020, 10, 24, 14, 0, tzinfo=SHANGHAI)
PUBLISHED = dt.datetime(2020, 11, 20, 15, 0, tzinfo=SHANGHAI)
PERIOD_OVER = dt.datetime(2020, 11, 26, 0, 0, tzinfo=SHANGHAI)  # 2020-11-25 24:00


def with_judging(**changes):
    return RULEBOOK.model_copy(update={"judging": RULEBOOK.judging.model_copy(update=changes)})


def at(hour, minute=0, second=0):
    return dt.datetime(2020, 10, 24, hour, minute, second, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("now", "is_open"),
    [
        (at(13, 59, 59), False),  # the event is still running
        (at(14), True),  # the end itself
        (at(15, 30), True),
        (at(16), True),  # 2 hours sharp: still in time
        (at(16, 0, 1), False),
    ],
)
def test_appeal_window_edges(now, is_open):
    assert appeal_open(EVENT_END, now, RULEBOOK) is is_open


def test_appeal_window_compares_instants_across_timezones():
    utc_close = dt.datetime(2020, 10, 24, 8, 0, tzinfo=dt.UTC)  # 16:00 in Shanghai
    assert appeal_open(EVENT_END, utc_close, RULEBOOK)
    assert not appeal_open(EVENT_END, utc_close + SECOND, RULEBOOK)


def test_appeal_window_length_comes_from_the_rulebook():
    rulebook = with_judging(appeal_window_hours=24)
    assert appeal_closes(EVENT_END, rulebook) == EVENT_END + dt.timedelta(days=1)
    assert appeal_open(EVENT_END, at(20), rulebook)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="时区"):
        appeal_open(EVENT_END, dt.datetime(2020, 10, 24, 15), RULEBOOK)
    with pytest.raises(ValueError, match="时区"):
        appeal_open(dt.datetime(2020, 10, 24, 14), at(15), RULEBOOK)
    with pytest.raises(ValueError, match="时区"):
        publication_ends(dt.datetime(2020, 11, 20, 15), RULEBOOK)


def test_publication_counts_five_calendar_days_from_the_next_day():
    assert publication_ends(PUBLISHED, RULEBOOK) == PERIOD_OVER
    late = dt.datetime(2020, 11, 20, 23, 59, tzinfo=SHANGHAI)
    early = dt.datetime(2020, 11, 20, 0, 1, tzinfo=SHANGHAI)
    assert publication_ends(late, RULEBOOK) == publication_ends(early, RULEBOOK) == PERIOD_OVER


def test_calendar_days_are_those_of_the_timezone_given():
    # The same instant: 2020-11-21 04:00 in Shanghai is 2020-11-20 20:00 UTC. Days are counted
    # in the timezone of published_at, so the platform passes Shanghai time.
    in_shanghai = dt.datetime(2020, 11, 21, 4, 0, tzinfo=SHANGHAI)
    assert publication_ends(in_shanghai, RULEBOOK) == dt.datetime(2020, 11, 27, tzinfo=SHANGHAI)
    in_utc = in_shanghai.astimezone(dt.UTC)
    assert publication_ends(in_utc, RULEBOOK) == dt.datetime(2020, 11, 26, tzinfo=dt.UTC)


def test_a_zero_day_period_ends_when_it_starts():
    assert publication_ends(PUBLISHED, with_judging(publication_days=0)) == PUBLISHED


def test_unpublished_results():
    state, reasons = result_state(None, PUBLISHED, 0, RULEBOOK)
    assert (state, [r.code for r in reasons]) == ("unpublished", ["RESULTS_UNPUBLISHED"])
    state, _ = result_state(PUBLISHED, PUBLISHED - SECOND, 0, RULEBOOK)
    assert state == "unpublished"


def test_provisional_during_the_period_up_to_its_last_second():
    for now in (PUBLISHED, PERIOD_OVER - SECOND):
        state, reasons = result_state(PUBLISHED, now, 0, RULEBOOK)
        assert (state, [r.code for r in reasons]) == ("provisional", ["PUBLICATION_RUNNING"])
    assert "2020-11-25 24:00" in reasons[0].message


def test_final_at_the_end_of_the_period_without_open_appeals():
    state, reasons = result_state(PUBLISHED, PERIOD_OVER, 0, RULEBOOK)
    assert (state, [r.code for r in reasons]) == ("final", ["RESULTS_FINAL"])
    assert reasons[0].clause == "rules.md §4.3"


def test_an_open_appeal_holds_results_provisional_after_the_period():
    state, reasons = result_state(PUBLISHED, PERIOD_OVER + dt.timedelta(days=30), 1, RULEBOOK)
    assert (state, [r.code for r in reasons]) == ("provisional", ["APPEAL_PENDING"])
    assert "1 件申诉" in reasons[0].message


def test_period_and_appeal_both_reported_during_the_period():
    _, reasons = result_state(PUBLISHED, PUBLISHED, 2, RULEBOOK)
    assert [r.code for r in reasons] == ["PUBLICATION_RUNNING", "APPEAL_PENDING"]


def test_negative_open_appeals_are_refused():
    with pytest.raises(ValueError, match="负数"):
        result_state(PUBLISHED, PUBLISHED, -1, RULEBOOK)
