"""The fault and load test's site side (make bench-scale): run inside the production layout's
settings (scripts/serve-prod.sh run …) to prepare the site before the load and to check it after.

    scale_site.py setup PLAN.json      # demo data, load accounts, a final ready for many marks
    scale_site.py verify PLAN.json LOG.json   # every answered write is stored, once, and audited
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenxing.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402

from zhenxing.editions.models import Edition, Event  # noqa: E402
from zhenxing.formats.entry_template import COLUMNS, header_in  # noqa: E402
from zhenxing.judging import demo as judging_demo  # noqa: E402
from zhenxing.judging.marks import parse_value  # noqa: E402
from zhenxing.judging.models import Final, Mark  # noqa: E402
from zhenxing.judging.schemes import current_scheme, rules_scheme  # noqa: E402
from zhenxing.orgs.audit import SYSTEM  # noqa: E402
from zhenxing.orgs.demo import DEMO_PASSWORD, demo_organizations  # noqa: E402
from zhenxing.orgs.models import AuditEntry, Membership, Role  # noqa: E402
from zhenxing.registration import services as registration  # noqa: E402
from zhenxing.registration.models import Entry, ImportJob, Person  # noqa: E402
from zhenxing.results.models import Result  # noqa: E402
from zhenxing.results.recompute import recompute  # noqa: E402

CODE = "2020-nmg"
FINALISTS = int(os.environ.get("SCALE_FINALISTS", "60"))
JUDGES = int(os.environ.get("SCALE_JUDGES", "4"))


def setup(plan_path: str) -> None:
    call_command("demo", verbosity=0)
    edition = Edition.objects.get(code=CODE)
    host = get_user_model().objects.get(username="host")
    used = set(Final.objects.filter(competitors__isnull=False).values_list("event", flat=True))
    events = Event.objects.filter(edition=edition, group="worker").exclude(pk__in=used)
    final_event = events.filter(host_unit=Event.objects.get(pk=min(used)).host_unit).first()
    entry_event = events.exclude(pk=final_event.pk).order_by("pk").first()
    judges = [judging_demo._account(f"load-judge-{n}", Role.JUDGE) for n in range(JUDGES)]
    keeper = judging_demo._account("load-encryption", Role.ENCRYPTION_OFFICER)
    rng = random.Random(2020)  # noqa: S311 — load data, not security
    panel = [*judges, keeper]
    final = judging_demo._prepare(edition, final_event, host, panel, keeper[0], FINALISTS, rng)
    registrars = []
    for number, organization in enumerate(demo_organizations(), start=1):
        user, _ = get_user_model().objects.get_or_create(username=f"load-registrar-{number}")
        user.set_password(DEMO_PASSWORD)
        user.save()
        Membership.objects.get_or_create(
            user=user, edition=edition, organization=organization, role=Role.REGISTRAR
        )
        delegation = registration.delegation_of(edition, organization, actor=SYSTEM)
        registrars.append(
            {"username": user.username, "delegation": delegation.pk, "region": "150102"}
        )
    published = Final.objects.filter(published_at__isnull=False).first()
    window = edition.rulebook().groups["worker"]
    plan = {
        "code": CODE,
        "password": DEMO_PASSWORD,
        "registrars": registrars,
        "entry_event": entry_event.pk,
        "occupation": entry_event.occupation.name,
        "group_label": edition.rulebook().groups["worker"].label,
        "born_from": max(window.born_from, dt.date(1990, 1, 1)).isoformat(),
        "headers": [header_in(c, edition.rulebook()) for c in COLUMNS],
        "final": {
            "event": final_event.pk,
            "numbers": list(final.competitors.order_by("number").values_list("number", flat=True)),
            "judges": [user.username for user, _ in judges],
        },
        "public_results": f"/editions/{CODE}/events/{published.event_id}/results/"
        if published
        else "/",
    }
    with open(plan_path, "w", encoding="utf-8") as out:
        json.dump(plan, out, ensure_ascii=False, indent=1)
    print(f"已准备：{len(registrars)} 个报名联络员，决赛 {len(plan['final']['numbers'])} 名选手")


def _wait_for_background(final: Final, seconds: int) -> None:
    """Until no import is checking or writing and the final's results are current."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        busy = ImportJob.objects.filter(state__in=["checking", "writing"]).count()
        final.refresh_from_db()
        if not busy and final.recompute_queued_at is None and final.results_current:
            return
        time.sleep(2)


def verify(plan_path: str, log_path: str) -> int:
    plan = json.loads(Path(plan_path).read_text("utf-8"))
    log = json.loads(Path(log_path).read_text("utf-8"))
    final = Final.objects.get(event_id=plan["final"]["event"])
    _wait_for_background(final, int(os.environ.get("SCALE_SETTLE_SECONDS", "300")))
    problems = []
    problems += _check_entries(plan["entry_event"], log)
    problems += _check_imports(log["imports"])
    problems += _check_marks(final, log["sheets"])
    problems += _check_results(final)
    for problem in problems[:40]:
        print("  ✗", problem)
    print(f"RESULT scale_lost count={len(problems)}")
    return 1 if problems else 0


def _check_entries(event_id: int, log) -> list[str]:
    answered = {a["id_number"] for a in log["entries"] if a["status"] == 302}
    stored = {}  # the load's ID numbers (the form's and the imports') → their entries
    for entry in Entry.objects.filter(event_id=event_id).select_related("person"):
        stored.setdefault(entry.person.document_number, []).append(entry.pk)
    problems = [f"报名 {n} 已答复成功却不在数据库中" for n in answered if n not in stored]
    problems += [f"证件号 {n} 有 {len(pks)} 条报名" for n, pks in stored.items() if len(pks) > 1]
    audited = set(
        AuditEntry.objects.filter(action="registration.entry.created").values_list(
            "object_id", flat=True
        )
    )
    mine = [pk for n in answered for pk in stored.get(n, [])]
    problems += [f"报名 #{pk} 没有审计记录" for pk in mine if str(pk) not in audited]
    print(
        f"  报名：答复成功 {len(answered)}，已存 {len(mine)}，审计缺失 {len(mine) - sum(str(p) in audited for p in mine)}"
    )
    return problems


def _check_imports(imports) -> list[str]:
    problems, whole, absent = [], 0, 0
    audit = AuditEntry.objects.filter(action="registration.import.written")
    written = " ".join(str(changes) for changes in audit.values_list("changes", flat=True))
    for item in imports:
        if not item.get("job"):
            continue
        job = ImportJob.objects.get(pk=item["job"])
        present = Person.objects.filter(document_number__in=item["id_numbers"]).count()
        if job.state == ImportJob.State.DONE and present == len(item["id_numbers"]):
            whole += 1
        elif job.state != ImportJob.State.DONE and present == 0:
            absent += 1
        else:
            problems.append(
                f"导入 #{job.pk}：状态 {job.state}，{present}/{len(item['id_numbers'])} 行在库"
            )
        if job.state == ImportJob.State.DONE and job.file_sha256 not in written:
            problems.append(f"导入 #{job.pk} 没有审计记录")
    print(f"  导入：完整写入 {whole}，未写入 {absent}，不一致 {len(problems)}")
    return problems


def _check_marks(final, sheets) -> list[str]:
    problems, checked = [], 0
    aspects = {a.key: a for a in rules_scheme(current_scheme(final)).aspects}
    marks = {
        (m.competitor.number, m.judge.username if m.judge else "", m.aspect_key): m
        for m in Mark.objects.filter(competitor__final=final).select_related("competitor", "judge")
    }
    audited = set(
        AuditEntry.objects.filter(action__startswith="judging.mark.").values_list(
            "object_id", flat=True
        )
    )
    for sheet in sheets:
        if sheet["status"] != 200:
            continue
        for aspect, value in sheet["values"].items():  # as the form posted them
            judge = sheet["judge"] if aspect in sheet["judged"] else ""
            mark = marks.get((sheet["number"], judge, aspect))
            checked += 1
            aspect_rule = aspects[aspect]
            if mark is None or mark.value != parse_value(aspect_rule.kind, value, aspect_rule):
                problems.append(
                    f"参赛号 {sheet['number']} {aspect}（{sheet['judge']}）未按答复保存"
                )
            elif str(mark.pk) not in audited:
                problems.append(f"评分 #{mark.pk} 没有审计记录")
    print(f"  评分：已答复保存的分项 {checked}，数据库中评分 {len(marks)}")
    return problems


def _check_results(final) -> list[str]:
    final.refresh_from_db()
    problems = []
    if final.recompute_queued_at is not None or not final.results_current:
        problems.append(
            f"成绩重算未完成：评分版本 {final.revision}，成绩所依据版本 {final.results_revision}"
        )
    stored = _results(final)
    recompute(final)
    if _results(final) != stored:
        problems.append("库中成绩与按现有评分重算的不一致")
    print(
        f"  重算：评分版本 {final.revision}，成绩版本 {final.results_revision}，选手 {len(stored)}"
    )
    return problems


def _results(final):
    rows = Result.objects.filter(competitor__final=final).order_by("competitor__number")
    return [(r.competitor.number, r.total_exact, r.rank) for r in rows.select_related("competitor")]


if __name__ == "__main__":
    if sys.argv[1] == "setup":
        setup(sys.argv[2])
    else:
        sys.exit(verify(sys.argv[2], sys.argv[3]))
