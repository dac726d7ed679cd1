"""Benchmark: recomputing an edition's finals results from the database.

19 events × 500 contestants × 40 aspects × 5 judges = 1,900,000 marks. Every aspect is a
judgement aspect marked by all 5 judges (30 on the 0–3 scale, 10 with the highest and lowest
dropped), so the count is exact; a measurement aspect would add one mark, not five.

End to end = `judging.services.recompute` for every event: read the marks and theory scores from
SQLite, compute every practical mark, total and rank with the rules core, store the results.
Baseline, in the same run over the same marks: the same rules-core arithmetic (marking.scheme_total,
scoring.compute_total, ranking.rank_totals) over marks already held in plain Python lists.
Data generation is not timed. Medians of BENCH_RUNS runs.

    make bench        # BENCH_EVENTS=19 BENCH_CONTESTANTS=500 BENCH_RUNS=3 by default
Last line: RESULT recompute ratio=<end-to-end / baseline>
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from decimal import Decimal

EVENTS = int(os.environ.get("BENCH_EVENTS", "19"))
CONTESTANTS = int(os.environ.get("BENCH_CONTESTANTS", "500"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
JUDGES = 5
SCALE_ASPECTS, TRIMMED_ASPECTS = 30, 10


def scheme_data() -> dict:
    aspects = [
        {"key": f"S{i:02d}", "label": f"评价{i}", "max": "2", "kind": "scale_0_3"}
        for i in range(SCALE_ASPECTS)
    ]
    aspects += [
        {"key": f"T{i:02d}", "label": f"去极值{i}", "max": "4", "kind": "points_trimmed"}
        for i in range(TRIMMED_ASPECTS)
    ]
    return {"name": "基准评分标准", "modules": [{"key": "M", "label": "全部", "aspects": aspects}]}


def setup_django() -> None:
    folder = tempfile.mkdtemp(prefix="zx-bench-recompute-")
    os.environ.update({"ZHENXING_VAR": folder, "DJANGO_SETTINGS_MODULE": "zhenxing.settings"})
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_edition", "2020-nmg", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


def generate(rng: random.Random) -> tuple[list, dict]:
    """Fill the database; return the finals and, per final, the same marks as plain lists."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from zhenxing.editions.models import Edition
    from zhenxing.judging import services
    from zhenxing.judging.models import Competitor, Final, Mark, Scheme, TheoryScore
    from zhenxing.orgs.models import Organization
    from zhenxing.registration.models import Delegation, Entry, Person

    edition = Edition.objects.get(code="2020-nmg")
    user = get_user_model().objects.create_user("bench")
    judges = [get_user_model().objects.create_user(f"j{n}") for n in range(JUDGES)]
    organization = Organization.objects.filter(kind="league_city").first()
    delegation = Delegation.objects.create(edition=edition, organization=organization)
    data = scheme_data()
    parsed = services.marking.scheme_from_dict(data)
    plain = {}
    finals = []
    table, now = Mark._meta.db_table, dt.datetime.now(dt.UTC).isoformat()
    columns = [
        "competitor_id", "aspect_key", "slot", "judge_id", "scheme_id", "value", "source",
        "status", "entered_by_id", "entered_at", "revision",
    ]  # fmt: skip
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    for event in edition.events.order_by("position")[:EVENTS]:
        with transaction.atomic():
            final = Final.objects.create(event=event)
            scheme = Scheme.objects.create(
                final=final, version=1, data=data, fingerprint="bench", created_by=user
            )
            people = Person.objects.bulk_create(
                Person(
                    name=f"选手{event.pk}-{i}", birth_date=dt.date(1995, 1, 1),
                    document_number=f"B{event.pk:03d}{i:05d}",
                )
                for i in range(CONTESTANTS)
            )  # fmt: skip
            entries = Entry.objects.bulk_create(
                Entry(delegation=delegation, event=event, person=p, status="approved")
                for p in people
            )
            competitors = Competitor.objects.bulk_create(
                Competitor(final=final, entry=e, number=f"{i + 1:03d}")
                for i, e in enumerate(entries)
            )
            theory = {
                c.pk: (Decimal(rng.randrange(60, 100)), Decimal(rng.randrange(50, 100)))
                for c in competitors
            }
            TheoryScore.objects.bulk_create(
                TheoryScore(competitor=c, current_affairs=ca, knowledge=k, entered_by=user)
                for c, (ca, k) in zip(competitors, theory.values(), strict=True)
            )
            rows, marks = [], {}
            for competitor in competitors:
                given = marks[competitor.pk] = {}
                level = rng.randrange(4)
                for aspect in parsed.aspects:
                    values = []
                    for judge in judges:
                        if aspect.kind == "scale_0_3":
                            value = min(3, level + rng.choice((0, 0, 1)))  # spread ≤ 1
                            values.append(value)
                            stored = json.dumps(value)
                        else:
                            value = Decimal(rng.randrange(0, 41)) / 10
                            values.append(value)
                            stored = json.dumps(str(value))
                        rows.append(
                            (competitor.pk, aspect.key, str(judge.pk), judge.pk, scheme.pk,
                             stored, "direct", "confirmed", judge.pk, now, 1)
                        )  # fmt: skip
                    given[aspect.key] = values
            with connection.cursor() as cursor:
                cursor.executemany(sql, rows)
            final.revision = 1
            final.save(update_fields=["revision"])
        finals.append(final)
        plain[final.pk] = {"marks": marks, "theory": theory, "order": [c.pk for c in competitors]}
    return finals, plain


def recompute_from_db(finals) -> float:
    from zhenxing.judging import services
    from zhenxing.judging.models import Final

    started = time.perf_counter()
    for final in finals:
        services.recompute(Final.objects.select_related("event__edition").get(pk=final.pk))
    return time.perf_counter() - started


def recompute_plain(finals, plain) -> float:
    from zhenxing.rules import marking, ranking, scoring

    rulebook = finals[0].event.edition.rulebook()
    parsed = marking.scheme_from_dict(scheme_data())
    full = {
        "current_affairs": Decimal(100),
        "knowledge": Decimal(100),
        "practical": parsed.full_mark,
    }
    started = time.perf_counter()
    for final in finals:
        held = plain[final.pk]
        totals = []
        for pk in held["order"]:
            practical = marking.scheme_total(parsed, held["marks"][pk], rulebook.scoring).total
            ca, knowledge = held["theory"][pk]
            scores = {"current_affairs": ca, "knowledge": knowledge, "practical": practical}
            totals.append(scoring.compute_total(scores, full, rulebook.scoring))
        ranking.rank_totals(totals, rulebook.scoring)
    return time.perf_counter() - started


def main() -> None:
    setup_django()
    from zhenxing.judging.models import Mark, Result

    started = time.perf_counter()
    finals, plain = generate(random.Random(1_900_000))
    marks = Mark.objects.count()
    print(
        f"数据：{len(finals)} 个项目 × {CONTESTANTS} 名选手，{marks:,} 条评分（生成 {time.perf_counter() - started:.1f} s，不计时）"
    )
    db_times, plain_times = [], []
    for run in range(RUNS):
        db_times.append(recompute_from_db(finals))
        plain_times.append(recompute_plain(finals, plain))
        print(
            f"  第 {run + 1} 次：数据库端到端 {db_times[-1]:.2f} s；纯 Python 列表 {plain_times[-1]:.2f} s"
        )
    ranked = Result.objects.filter(rank__isnull=False).count()
    assert ranked == len(finals) * CONTESTANTS, ranked
    db, base = statistics.median(db_times), statistics.median(plain_times)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"重算（数据库，读取+计算+保存）中位数 {db:.2f} s")
    print(f"同样计算（纯 Python 列表）中位数 {base:.2f} s")
    print(f"进程峰值内存 {peak:.0f} MB")
    print(f"RESULT recompute ratio={db / base:.2f}")


if __name__ == "__main__":
    sys.exit(main())
