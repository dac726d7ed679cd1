"""Benchmark: recomputing an edition's finals results from the database.

An edition of 19 events × 500 contestants, each marked on 40 aspects: 30 on the 0–3 scale and 8
with the highest and lowest of 5 points dropped (5 judges each, one Mark row per judge), plus 2
measurement aspects (one all-or-nothing, one deduction list) that have ONE Mark row each, as
in the platform (slot ""). Marks are counted as stored rows: 38 × 5 + 2 = 192 per contestant,
1,824,000 for the edition (the issue's round 1.9 million counts all 40 aspects × 5 judges).

End to end = `results.recompute.recompute` for every final, as the background job calls it: read
the marks and theory scores from SQLite, compute every practical mark, total and rank with the
rules core, store the results (those that changed: before each run after the first, one mark per
final is changed, untimed, in the database and in the held lists, so the first run stores every
result and the others what a corrected mark moves). Rules core, in the same run over the same marks: the rules-core
calls alone (marking.scheme_total, scoring.compute_total, ranking.rank_totals) over marks already
held in plain Python lists and dicts. Bare loop, the floor: the same arithmetic written out by
hand in Decimal over those lists (per aspect: mean of the 0–3 judgements scaled to its max,
trimmed mean of the 5 points, all-or-nothing, deductions floored at zero; sum; quantize; sort),
without validation, flags or reasons. Data generation is not timed; the three sides run
alternately, all without Python's cyclic garbage collector (recompute turns it off; this process
holds the 1.8 million marks as lists too, and a collection that walks them, set off by what one
side allocated, would land on whichever side runs next); each ratio is the median of the runs' own ratios. After timing, the stored results
are checked against the rules core's, and the bare loop's totals and ranks against the rules
core's, contestant by contestant.

    make bench                                    # 19 events × 500 contestants, 3 runs
    .venv/bin/python bench/bench_recompute.py --events 2 --contestants 50 --runs 1   # smoke run
    .venv/bin/python bench/bench_recompute.py --profile   # + cProfile of one final's recompute
Last lines: RESULT recompute_engine ratio=<rules core / bare loop> (target ≤ 5) and
RESULT recompute ratio=<end to end / rules core>
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

from fresh_site import fresh_site

JUDGES = 5
SCALE_ASPECTS, TRIMMED_ASPECTS = 30, 8  # + 1 all_or_nothing + 1 deduction = 40 aspects


def scheme_data() -> dict:
    aspects = [
        {"key": f"S{i:02d}", "label": f"评价{i}", "max": "2", "kind": "scale_0_3"}
        for i in range(SCALE_ASPECTS)
    ]
    aspects += [
        {"key": f"T{i:02d}", "label": f"去极值{i}", "max": "4", "kind": "points_trimmed"}
        for i in range(TRIMMED_ASPECTS)
    ]
    aspects += [
        {"key": "A00", "label": "尺寸达标", "max": "3", "kind": "all_or_nothing"},
        {"key": "D00", "label": "安全文明", "max": "5", "kind": "deduction"},
    ]
    return {
        "name": "基准评分标准",
        "modules": [
            {"key": "M1", "label": "评价", "aspects": aspects[:-2]},
            {"key": "M2", "label": "测量", "aspects": aspects[-2:]},
        ],
    }


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def judged(aspect, level: int, rng: random.Random) -> tuple[list, list]:
    """(values as rules.marking reads them, the JSON stored per Mark row) for one aspect."""
    if aspect.kind == "scale_0_3":
        values = [min(3, level + rng.choice((0, 0, 1))) for _ in range(JUDGES)]  # spread ≤ 1
        return values, [json.dumps(v) for v in values]
    if aspect.kind == "points_trimmed":
        values = [Decimal(rng.randrange(0, 41)) / 10 for _ in range(JUDGES)]
        return values, [json.dumps(str(v)) for v in values]
    if aspect.kind == "all_or_nothing":
        met = rng.random() < 0.8
        return met, [json.dumps(met)]
    deductions = [Decimal(rng.randrange(1, 11)) / 10 for _ in range(rng.randrange(4))]
    return deductions, [json.dumps([str(d) for d in deductions])]


def generate(events: int, contestants: int, rng: random.Random) -> tuple[list, dict]:
    """Fill the database; return the finals and, per final, the same marks as plain lists.

    Mark rows go in with one executemany of raw INSERTs (the values JSON-encoded exactly as the
    model's JSONField stores them): 1.8 million Mark objects through bulk_create would take
    minutes of untimed set-up. The check after timing reads them back through the platform.
    """
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from zhenxing.editions.models import Edition
    from zhenxing.judging.models import Competitor, Final, Mark, Scheme, TheoryScore
    from zhenxing.orgs.models import Organization
    from zhenxing.registration.models import Delegation, Entry, Person
    from zhenxing.rules import marking

    edition = Edition.objects.get(code="2020-nmg")
    user = get_user_model().objects.create_user("bench")
    judges = [get_user_model().objects.create_user(f"j{n}") for n in range(JUDGES)]
    organization = Organization.objects.filter(kind="league_city").first()
    delegation = Delegation.objects.create(edition=edition, organization=organization)
    data = scheme_data()
    parsed = marking.scheme_from_dict(data)
    fingerprint = marking.version_fingerprint(parsed)
    plain, finals = {}, []
    table, now = Mark._meta.db_table, dt.datetime.now(dt.UTC).isoformat()
    columns = [
        "competitor_id", "aspect_key", "slot", "judge_id", "scheme_id", "value", "source",
        "status", "entered_by_id", "entered_at", "revision",
    ]  # fmt: skip
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    chosen = list(edition.events.order_by("position")[:events])
    if len(chosen) < events:
        sys.exit(f"the 2020 rulebook has {len(chosen)} events, not {events}")
    for event in chosen:
        with transaction.atomic():
            final = Final.objects.create(event=event)
            scheme = Scheme.objects.create(
                final=final, version=1, data=data, fingerprint=fingerprint, created_by=user
            )
            people = Person.objects.bulk_create(
                Person(
                    name=f"选手{event.pk}-{i}", birth_date=dt.date(1995, 1, 1),
                    document_number=f"B{event.pk:03d}{i:05d}",
                )
                for i in range(contestants)
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
                    values, stored = judged(aspect, level, rng)
                    given[aspect.key] = values
                    if len(stored) == 1:  # measurement: one row, no judge
                        slots = [("", None)]
                    else:
                        slots = [(str(j.pk), j.pk) for j in judges]
                    for (slot, judge), value in zip(slots, stored, strict=True):
                        rows.append(
                            (competitor.pk, aspect.key, slot, judge, scheme.pk, value,
                             "direct", "confirmed", judge or user.pk, now, 1)
                        )  # fmt: skip
            with connection.cursor() as cursor:
                cursor.executemany(sql, rows)
            final.revision = 1
            final.save(update_fields=["revision"])
        finals.append(final)
        plain[final.pk] = {"marks": marks, "theory": theory, "order": [c.pk for c in competitors]}
    return finals, plain


def change_one_mark(finals, plain) -> None:
    """Before each run after the first (untimed): one competitor per final has their all-or-nothing
    aspect flipped, in the database and in the held lists, as a corrected mark would. Its total
    moves by 2.4 points and the ranks between move with it, so each recompute stores what a real
    one would; without a change a recompute would find every stored result as it computes it and
    write none (results.recompute writes only the results that differ)."""
    from django.db import connection

    from zhenxing.judging.models import Mark

    sql = f"UPDATE {Mark._meta.db_table} SET value = %s WHERE competitor_id = %s AND aspect_key = 'A00'"
    with connection.cursor() as cursor:
        for final in finals:
            held = plain[final.pk]
            pk = held["order"][len(held["order"]) // 2]
            met = held["marks"][pk]["A00"] = not held["marks"][pk]["A00"]
            cursor.execute(sql, [json.dumps(met), pk])


def recompute_from_db(finals) -> float:
    from zhenxing.judging.models import Final
    from zhenxing.results.recompute import recompute

    started = time.perf_counter()
    for final in finals:
        recompute(Final.objects.select_related("event__edition").get(pk=final.pk))
    return time.perf_counter() - started


def compute_plain(finals, plain) -> tuple[float, dict]:
    """The rules-core arithmetic over the held marks: (seconds, final id → (totals, placings))."""
    from zhenxing.rules import marking, ranking, scoring

    rulebook = finals[0].event.edition.rulebook()
    parsed = marking.scheme_from_dict(scheme_data())
    full = {
        "current_affairs": Decimal(100),
        "knowledge": Decimal(100),
        "practical": parsed.full_mark,
    }
    out = {}
    started = time.perf_counter()
    for final in finals:
        held = plain[final.pk]
        totals = []
        for pk in held["order"]:
            practical = marking.scheme_total(parsed, held["marks"][pk], rulebook.scoring).total
            ca, knowledge = held["theory"][pk]
            scores = {"current_affairs": ca, "knowledge": knowledge, "practical": practical}
            totals.append(scoring.compute_total(scores, full, rulebook.scoring))
        out[final.pk] = (totals, ranking.rank_totals(totals, rulebook.scoring))
    return time.perf_counter() - started, out


def bare_loop(finals, plain) -> tuple[float, dict]:
    """The floor: the same arithmetic written out by hand in Decimal over the held lists, with no
    rules-core call, no validation and no reasons: (seconds, final id → {competitor id: (total ×
    1,500, published total, rank)}).

    A 0–3 mark is sum / 5 judges / 3 × max, and 2/15 has no finite decimal, so each contestant's
    practical score is summed in fifteenths (exact); with every full mark 100 the total is that
    sum weighted, over 1,500, quantized once. Held to at most 5 decimals, a total exactly at a
    half cent is exact and any other lies far from one, so quantize rounds as the rules core
    does. Ranks: highest total, then practical part, then written part; equals share a rank."""
    from decimal import ROUND_HALF_UP

    scoring = finals[0].event.edition.rulebook().scoring
    aspects = [a for module in scheme_data()["modules"] for a in module["aspects"]]
    kinds = [(a["key"], a["kind"], Decimal(a["max"])) for a in aspects]
    assert sum(top for _, _, top in kinds) == 100  # the practical full mark, as the theory's
    fifteen, cent = Decimal(3 * JUDGES), Decimal("0.01")
    weight_ca, weight_k = scoring.current_affairs_weight, scoring.knowledge_weight
    weight_p = scoring.practical_weight
    out = {}
    started = time.perf_counter()
    for final in finals:
        held = plain[final.pk]
        rows = []
        for pk in held["order"]:
            given = held["marks"][pk]
            practical = Decimal(0)  # in fifteenths
            for key, kind, top in kinds:
                marks = given[key]
                if kind == "scale_0_3":  # mean / 3 × max
                    practical += sum(marks) * top
                elif kind == "points_trimmed":  # the middle three, averaged
                    practical += (sum(marks) - max(marks) - min(marks)) * 5
                elif kind == "all_or_nothing":
                    practical += top * fifteen if marks else 0
                else:  # deductions, floored at zero
                    practical += max(top - sum(marks), 0) * fifteen
            ca, knowledge = held["theory"][pk]
            written = weight_ca * ca + weight_k * knowledge
            scaled = written * fifteen + weight_p * practical  # the total × 1,500
            published = (scaled / 1500).quantize(cent, ROUND_HALF_UP)
            rows.append((published, practical, written, scaled, pk))
        rows.sort(key=lambda row: row[:3], reverse=True)
        ranks, rank, previous = {}, 0, None
        for place, (published, practical, written, scaled, pk) in enumerate(rows, start=1):
            if (published, practical, written) != previous:
                rank, previous = place, (published, practical, written)
            ranks[pk] = (scaled, published, rank)
        out[final.pk] = ranks
    return time.perf_counter() - started, out


def check_bare_loop(finals, plain, computed, bare) -> None:
    """The bare loop's exact and published totals and ranks are the rules core's, contestant by
    contestant: the floor does the same work."""
    from fractions import Fraction

    for final in finals:
        totals, placings = computed[final.pk]
        ranks = {p.index: p.rank for p in placings}
        for index, pk in enumerate(plain[final.pk]["order"]):
            scaled, published, rank = bare[final.pk][pk]
            total = totals[index]
            assert Fraction(scaled) / 1500 == total.exact, (pk, scaled, total.exact)
            assert published == total.published, (pk, published, total.published)
            assert rank == ranks[index], (pk, rank, ranks[index])


def check_same(finals, plain, computed) -> None:
    """The stored results are the baseline's: exact totals and ranks, competitor by competitor."""
    from zhenxing.judging.models import Final
    from zhenxing.results.models import Result

    for final in finals:
        totals, placings = computed[final.pk]
        order = plain[final.pk]["order"]
        want = {order[p.index]: (totals[p.index].exact, p.rank) for p in placings}
        got = {
            r.competitor_id: (r.total_exact, r.rank)
            for r in Result.objects.filter(competitor__final_id=final.pk)
        }
        for pk, (exact, rank) in want.items():
            text, stored_rank = got[pk]
            assert text == f"{exact.numerator}/{exact.denominator}", (pk, text, exact)
            assert stored_rank == rank, (pk, stored_rank, rank)
        problems = Final.objects.get(pk=final.pk).problems
        assert not problems, problems[:3]


def traced_peak_mb(final) -> float:
    """Peak Python allocation of one final's recompute (tracemalloc; not part of the timing)."""
    from zhenxing.judging.models import Final
    from zhenxing.results.recompute import recompute

    final = Final.objects.select_related("event__edition").get(pk=final.pk)
    tracemalloc.start()
    recompute(final)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def profile_one(final) -> None:
    import cProfile
    import pstats

    from zhenxing.judging.models import Final
    from zhenxing.results.recompute import recompute

    final = Final.objects.select_related("event__edition").get(pk=final.pk)
    profiler = cProfile.Profile()
    profiler.runcall(recompute, final)
    stats = pstats.Stats(profiler, stream=sys.stdout).strip_dirs()
    print("\ncProfile: results.recompute of one final (cumulative, top 30)")
    stats.sort_stats("cumulative").print_stats(30)
    print("cProfile: same, by own time (top 20)")
    stats.sort_stats("tottime").print_stats(20)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    env = os.environ.get
    parser.add_argument("--events", type=int, default=int(env("BENCH_EVENTS", "19")))
    parser.add_argument("--contestants", type=int, default=int(env("BENCH_CONTESTANTS", "500")))
    parser.add_argument("--runs", type=int, default=int(env("BENCH_RUNS", "3")))
    parser.add_argument("--profile", action="store_true", help="cProfile one final's recompute")
    return parser.parse_args()


def main() -> None:
    args = arguments()
    folder = tempfile.mkdtemp(prefix="zx-bench-recompute-")
    try:
        run(args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(args: argparse.Namespace, folder: str) -> None:
    fresh_site(folder)
    from zhenxing.judging.models import Mark
    from zhenxing.results.models import Result

    started = time.perf_counter()
    finals, plain = generate(args.events, args.contestants, random.Random(1_900_000))
    marks = Mark.objects.count()
    size = Path(os.environ["ZHENXING_SQLITE"]).stat().st_size / 1e6
    print(
        f"数据：{len(finals)} 个项目 × {args.contestants} 名选手 × 40 个评分项，{marks:,} 条评分"
        f"（数据库 {size:.0f} MB，生成 {time.perf_counter() - started:.1f} s，不计时）"
    )
    before = rss_mb()
    db_times, core_times, bare_times, computed, bare = [], [], [], {}, {}
    gc.collect()
    gc.disable()  # for all three sides alike: see the module's docstring
    for number in range(args.runs):
        if number:
            change_one_mark(finals, plain)
        db_times.append(recompute_from_db(finals))
        if number == 0:
            after_db = rss_mb()
        seconds, computed = compute_plain(finals, plain)
        core_times.append(seconds)
        seconds, bare = bare_loop(finals, plain)
        bare_times.append(seconds)
        print(
            f"  第 {number + 1} 次：数据库端到端 {db_times[-1]:.2f} s；规则核心（内存中的列表）"
            f"{core_times[-1]:.2f} s；手写 Decimal 循环 {bare_times[-1]:.3f} s"
        )
    gc.enable()
    assert Result.objects.filter(rank__isnull=False).count() == len(finals) * args.contestants
    check_same(finals, plain, computed)
    check_bare_loop(finals, plain, computed, bare)
    traced = traced_peak_mb(finals[0])
    db, core = statistics.median(db_times), statistics.median(core_times)
    bare_seconds = statistics.median(bare_times)
    # each ratio is taken within a run (the machine is shared: its speed drifts between runs)
    engine = statistics.median(c / b for c, b in zip(core_times, bare_times, strict=True))
    end_to_end = statistics.median(d / c for d, c in zip(db_times, core_times, strict=True))
    print(f"重算（数据库：读取 + 计算 + 保存）中位数 {db:.2f} s，{marks / db:,.0f} 条评分/秒")
    print(f"规则核心（内存中的列表）中位数 {core:.2f} s，{marks / core:,.0f} 条评分/秒")
    print(
        f"手写 Decimal 循环（同样的列表，无校验、无计分依据）中位数 {bare_seconds:.3f} s，"
        f"{marks / bare_seconds:,.0f} 条评分/秒"
    )
    print(
        f"内存：进程峰值 RSS 生成后 {before:.0f} MB，首次重算后 {after_db:.0f} MB；"
        f"单个项目重算的 Python 分配峰值（tracemalloc）{traced:.0f} MB"
    )
    print(
        "存储的成绩与规则核心一致，规则核心与手写循环一致（精确总分、公布总分、名次），无待处理问题"
    )
    if args.profile:
        profile_one(finals[0])
    print(
        f"RESULT recompute_engine ratio={engine:.2f} (median of each run's rules core / bare "
        f"loop; medians: rules core {core:.2f} s, bare loop {bare_seconds:.3f} s)"
    )
    print(
        f"RESULT recompute ratio={end_to_end:.2f} (median of each run's end to end / rules core; "
        f"medians: end to end {db:.2f} s, rules core {core:.2f} s)"
    )


if __name__ == "__main__":
    sys.exit(main())
