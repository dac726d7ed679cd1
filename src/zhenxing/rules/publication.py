"""Appeal window, publication period and finality of results (rules.md §4.3, a Reading).

All datetimes must be timezone-aware (the platform shows Asia/Shanghai); a naive one raises
ValueError rather than being guessed.

- Appeals are open from the moment the event ends until `judging.appeal_window_hours` later,
  both ends included: an appeal handed in at 16:00 sharp for an event ended at 14:00 is in time.
- The publication period counts `judging.publication_days` calendar days in the timezone of
  `published_at`, as Chinese law counts periods (民法典 第二百零一条、第二百零三条): the day of
  publication is not counted, and the last day ends at 24:00. Published 2031-11-20 15:00 for 5
  days → the period ends 2031-11-25 24:00, i.e. 2031-11-26 00:00. With 0 days there is no
  period: it ends when it starts.
- Results are final once the period is over (at its end instant) and no appeal is open.
"""

from __future__ import annotations

import datetime as dt

from .reasons import Reason
from .rulebook import Rulebook

CLAUSE = "rules.md §4.3"
STATES = ("unpublished", "provisional", "final")


def _aware(value: dt.datetime, name: str) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} 缺少时区（应为带时区的时间，如 Asia/Shanghai）")
    return value


def appeal_closes(event_end: dt.datetime, rulebook: Rulebook) -> dt.datetime:
    """The last instant at which an appeal is still in time."""
    return _aware(event_end, "event_end") + dt.timedelta(hours=rulebook.judging.appeal_window_hours)


def appeal_open(event_end: dt.datetime, now: dt.datetime, rulebook: Rulebook) -> bool:
    """Whether an appeal handed in at `now` is in time (event end ≤ now ≤ close)."""
    closes = appeal_closes(event_end, rulebook)
    return event_end <= _aware(now, "now") <= closes


def publication_ends(published_at: dt.datetime, rulebook: Rulebook) -> dt.datetime:
    """The instant the publication period is over (24:00 of its last calendar day)."""
    days = rulebook.judging.publication_days
    _aware(published_at, "published_at")
    if days == 0:
        return published_at
    last_day = published_at.date() + dt.timedelta(days=days)
    return dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(), published_at.tzinfo)


def _shown(moment: dt.datetime) -> str:
    """Midnight reads as 24:00 of the day before, the way a period's end is announced."""
    if moment.time() == dt.time():
        return f"{moment.date() - dt.timedelta(days=1):%Y-%m-%d} 24:00"
    return f"{moment:%Y-%m-%d %H:%M}"


def result_state(
    published_at: dt.datetime | None, now: dt.datetime, open_appeals: int, rulebook: Rulebook
) -> tuple[str, list[Reason]]:
    """("unpublished" | "provisional" | "final", reasons). Titles and certificates wait for final."""
    _aware(now, "now")
    if open_appeals < 0:
        raise ValueError("open_appeals 不能为负数")
    if published_at is None or now < _aware(published_at, "published_at"):
        return "unpublished", [
            Reason("RESULTS_UNPUBLISHED", CLAUSE, "成绩尚未公示：复核完成后发布公示")
        ]
    ends = publication_ends(published_at, rulebook)
    reasons = []
    if now < ends:
        reasons.append(
            Reason(
                "PUBLICATION_RUNNING",
                CLAUSE,
                f"公示期至 {_shown(ends)}，期满前成绩不是最终成绩",
            )
        )
    if open_appeals:
        reasons.append(
            Reason(
                "APPEAL_PENDING",
                CLAUSE,
                f"尚有 {open_appeals} 件申诉未裁决：监督仲裁组裁决后成绩才能确定",
            )
        )
    if reasons:
        return "provisional", reasons
    return "final", [
        Reason(
            "RESULTS_FINAL", CLAUSE, "公示期满且无未决申诉：成绩为最终成绩，可据此授予称号和证书"
        )
    ]
