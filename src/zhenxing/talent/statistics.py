"""The office's statistics of the talent database, each a table a chart is drawn from.

A person counts once in each occupation and region they have (through an entry, a nomination or
an organization's addition), so those tables may add up to more than the number of people.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from zhenxing.editions.models import Edition
from zhenxing.registration.models import Entry
from zhenxing.rules import talent as checks

from . import people
from .models import FollowUp, Keeping


@dataclass
class Table:
    slug: str
    title: str
    chart: str  # "bar", "pie" or "line"
    header: list[str]
    rows: list[list]  # [label, number, …]

    def as_chart(self) -> dict:
        series = [
            {"name": name, "values": [row[i + 1] for row in self.rows]}
            for i, name in enumerate(self.header[1:])
        ]
        return {
            "title": self.title,
            "chart": self.chart,
            "labels": [row[0] for row in self.rows],
            "series": series,
        }


def _counted(pairs) -> list[list]:
    """[[label, number of distinct people]] from (label, person id) pairs, biggest first."""
    found = defaultdict(set)
    for label, person in pairs:
        if label:
            found[label].add(person)
    return sorted(([k, len(v)] for k, v in found.items()), key=lambda r: (-r[1], r[0]))


def by_occupation() -> Table:
    entries = people._entries().values_list("event__occupation__name", "person_id")
    nominations = people._nominations().values_list("occupation", "person_id")
    kept = Keeping.objects.values_list("occupation", "person_id")
    rows = _counted([*entries, *nominations, *kept])
    return Table("occupation", "按职业（工种）的人数", "bar", ["职业（工种）", "人数"], rows)


def by_region() -> Table:
    city = {"delegation__organization__kind__in": people.REGION_KINDS}
    entries = (
        people._entries().filter(**city).values_list("delegation__organization__name", "person_id")
    )
    nominations = people._nominations().values_list("region", "person_id")
    kept = Keeping.objects.values_list("region", "person_id")
    rows = _counted([*entries, *nominations, *kept])
    return Table("region", "按盟市的人数", "bar", ["盟市", "人数"], rows)


def by_age(today: dt.date) -> Table:
    counts = Counter(
        checks.age_band(birth, today)
        for birth in people.everyone().values_list("birth_date", flat=True)
    )
    bands = [label for _, _, label in checks.AGE_BANDS] + [checks.OLDER]
    rows = [[band, counts.get(band, 0)] for band in bands]
    return Table(
        "age", f"按年龄段的人数（{today:%Y年%-m月%-d日}）", "pie", ["年龄段", "人数"], rows
    )


def stage_transitions() -> Table:
    """From one recorded career stage to the next different one, per person."""
    stages = FollowUp.objects.filter(kind=FollowUp.Kind.STAGE).order_by(
        "person_id", "happened_on", "id"
    )
    counts: Counter = Counter()
    last: dict[int, str] = {}
    for person, value in stages.values_list("person_id", "value"):
        before = last.get(person)
        if before is not None and before != value:
            counts[(before, value)] += 1
        last[person] = value
    label = checks.STAGES.get
    rows = [
        [f"{label(a, a)} → {label(b, b)}", n]
        for (a, b), n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    return Table("stages", "职业发展阶段的变化", "bar", ["变化", "人次"], rows)


def awards_by_edition() -> Table:
    counts: Counter = Counter()
    for edition, kind in people.published_awards().values_list("final__event__edition", "kind"):
        counts[(edition, kind)] += 1
    editions = Edition.objects.filter(
        pk__in=Entry.objects.values("delegation__edition")
    ) | Edition.objects.filter(pk__in={e for e, _ in counts})
    rows = [
        [e.name, counts[(e.pk, "title")], counts[(e.pk, "certificate")]]
        for e in editions.distinct().order_by("period_start")
    ]
    return Table("awards", "各届获得称号和证书的人次", "line", ["届次", "称号", "证书"], rows)


def nominations_by_region() -> Table:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for region, status in people._nominations().values_list("region", "status"):
        counts[region or "（未填）"][0] += 1
        counts[region or "（未填）"][1] += status == "approved"
    rows = sorted(([k, *v] for k, v in counts.items()), key=lambda r: (-r[1], r[0]))
    return Table("showcase", "“绝活”展示推荐（按盟市）", "bar", ["盟市", "推荐", "审核通过"], rows)


def all_tables(today: dt.date) -> list[Table]:
    return [
        by_occupation(),
        by_region(),
        by_age(today),
        stage_transitions(),
        awards_by_edition(),
        nominations_by_region(),
    ]


def table(slug: str, today: dt.date) -> Table | None:
    return next((t for t in all_tables(today) if t.slug == slug), None)
