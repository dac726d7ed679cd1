"""Helpers the tests share (plain functions and data; the fixtures are in conftest.py)."""

from __future__ import annotations

import datetime as dt

from stdnum.cn import ric

PASSWORD = "correct-horse-battery-9"
HOST = ("host_unit", "中国航天科工集团第六研究院")
SCHEME = {
    "name": "数控车工实际操作",
    "modules": [
        {
            "key": "A",
            "label": "零件加工",
            "aspects": [
                {"key": "A1", "label": "安全防护", "max": "10", "kind": "all_or_nothing"},
                {"key": "A2", "label": "尺寸精度", "max": "30", "kind": "deduction"},
                {"key": "A3", "label": "表面质量", "max": "60", "kind": "scale_0_3"},
            ],
        }
    ],
}
NAMES = {"李娜": "A", "王芳": "A", "赵敏": "B", "孙丽": "B"}  # the final's four finalists


def make_id(birth: dt.date, male: bool = True, region: str = "150102", seq: str = "12") -> str:
    body = f"{region}{birth:%Y%m%d}{seq}{3 if male else 4}"
    return body + ric.calc_check_digit(body + "0")


def actor(user):
    """What services take: the user, from the loopback address (for the audit log)."""
    from zhenxing.orgs.audit import Actor

    return Actor(user, "127.0.0.1")


def member(username, edition, role, event=None, org=HOST):
    """A user with one role in the edition (for a panel role: on `event`)."""
    from django.contrib.auth import get_user_model

    from zhenxing.orgs.models import Membership, Organization

    user = get_user_model().objects.create_user(username, password=PASSWORD)
    organization = Organization.objects.get(kind=org[0], name=org[1])
    Membership.objects.create(
        user=user, edition=edition, organization=organization, role=role, event=event
    )
    return user


def score_all(final, marks_by_name: dict, numbers: dict, theory=("90", "80")):
    """Every judge scores directly: marks_by_name[name] = (A1 bool text, A2 text, [A3 per judge]);
    the competitors without theory scores get `theory` (current affairs, knowledge) unless None."""
    from zhenxing.judging.models import TheoryScore
    from zhenxing.judging.theory import save_theory

    people = final.people
    for name, (a1, a2, a3) in marks_by_name.items():
        competitor = final.competitors.get(number=numbers[name])
        if theory and not TheoryScore.objects.filter(competitor=competitor).exists():
            save_theory(final, {competitor.number: theory}, actor=actor(people["host"]))
        mark_by_judges(final, competitor, [people[j] for j in ("judge", "judge2", "judge3")],
                       (a1, a2, a3))  # fmt: skip


def mark_by_judges(final, competitor, judges: list, marks: tuple, skip=()) -> None:
    """Each judge saves a sheet on a tablet: the first A1 and A2, every one its A3 of
    marks = (A1 bool text, A2 text, [A3 per judge]); the judges in `skip` save nothing."""
    from zhenxing.judging.marks import save_sheet

    a1, a2, a3 = marks
    for index, (judge, scale) in enumerate(zip(judges, a3, strict=True)):
        if judge in skip:
            continue
        values = {"A3": str(scale)} | ({"A1": a1, "A2": a2} if index == 0 else {})
        save_sheet(final, competitor, judge, values, {}, actor=actor(judge), paper=False)


def decrypt_and_recheck(final, people) -> None:
    """Every decryption step, asked by the encryption officer and confirmed by a supervisor; then
    a re-check in which every item is found right."""
    from zhenxing.judging.anonymity import confirm_decryption, next_layer, request_decryption
    from zhenxing.results.recheck import record_recheck, start_recheck

    final.refresh_from_db()
    while next_layer(final):
        step = request_decryption(final, actor=actor(people["encryption"]))
        confirm_decryption(step, actor=actor(people["supervisor"]))
    record = start_recheck(final, actor=actor(people["supervisor"]))
    for item in record.items.all():
        record_recheck(item, True, "", actor=actor(people["supervisor"]))


# marks that rank the four finalists 李娜, 王芳, 赵敏, 孙丽 in that order, nothing to flag
RANKED_MARKS = {
    "李娜": ("1", "0", [3, 3, 3]),
    "王芳": ("1", "2, 1", [2, 2, 3]),
    "赵敏": ("0", "0", [2, 2, 2]),
    "孙丽": ("1", "5", [1, 1, 2]),
}


def finish(final, numbers, days_ago: int = 10) -> None:
    """Take the final to final results: scored, locked, decrypted, re-checked, published and its
    publication period over (the event ended `days_ago` days ago)."""
    import datetime as dt

    from django.utils import timezone

    from zhenxing.judging.anonymity import set_final_settings
    from zhenxing.judging.lock import lock
    from zhenxing.results.publication import publish

    people = final.people
    score_all(final, RANKED_MARKS, numbers)
    ended = timezone.now() - dt.timedelta(days=days_ago)
    set_final_settings(final, final.judged_by, ended, actor=actor(people["host"]))
    lock(final, actor=actor(people["chief"]))
    decrypt_and_recheck(final, people)
    final.refresh_from_db()
    publish(final, actor=actor(people["office"]), at=ended + dt.timedelta(hours=3))
    final.refresh_from_db()


def at_once(*jobs):
    """Run the jobs in threads released together; return what each returned (or raised)."""
    import threading

    from django.db import connections

    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as exc:  # reported to the test, not swallowed
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results
