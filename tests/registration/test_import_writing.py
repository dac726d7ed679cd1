"""Bulk import, the fast paths: the stored plan, the direct inserts, progress, the GC guard."""

import datetime as dt
import gc
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.support import make_id
from zhenxing.registration import importing, tasks
from zhenxing.registration.models import Entry, ImportFile, ImportJob, Person

from .test_import import GOOD, row, upload, xlsx

VARIED = [
    *GOOD,
    row("赵六", dt.date(1980, 1, 1)),  # too old: written, not eligible
    row("钱七", dt.date(1991, 1, 1), id_number="150102199101011239"),  # bad check digit
    row("孙八", dt.date(1990, 6, 1), **{"其他荣誉": "市劳模；优秀青年", "已获全国技术能手": "是"}),
    row(
        "周九",
        dt.date(1991, 7, 1),
        **{"2020年国家级竞赛类别": "一类", "赛项人数": "5", "名次": "2", "手机号码": "13912345678"},
    ),
    row("吴十", dt.date(1993, 2, 3), **{"本职业国家职业资格": "二级/技师"}),
    row(
        "冯二",
        dt.date(1992, 2, 2),
        **{"本职业国家职业资格": "三级/高级工", "资格证书颁发日期": "2018年5月1日"},
    ),
    row("Anna", dt.date(1994, 4, 4), **{"证件类型": "护照", "证件号码": "E1234567"}),
    row("郑一", dt.date(1995, 5, 5), **{"所在单位/学校": "包钢集团", "非公经济组织青年": "是"}),
]


def _confirm(client, job, include_ineligible=False):
    data = {"include_ineligible": "1"} if include_ineligible else {}
    client.post(f"/office/2020-nmg/imports/{job.pk}/confirm/", data)
    job.refresh_from_db()
    return job


def test_the_stored_plan_is_what_checking_the_file_again_finds(login, delegations):
    upload(login("alice"), delegations["A"], xlsx(VARIED))
    job = ImportJob.objects.get()
    stored = importing._plan_from_store(job, job.delegation.edition)
    again = importing._plan_file(job)
    assert stored is not None and len(stored) == len(again) == len(VARIED) - 1  # 钱七's bad ID
    for kept, fresh in zip(stored, again, strict=True):
        assert (kept.number, kept.event, kept.verdict) == (fresh.number, fresh.event, fresh.verdict)
        assert kept.values == {key: fresh.values[key] for key in kept.values}
    verdicts = importing.stored_plan_of(job)["verdicts"]
    assert len(verdicts) < len(stored)  # one copy of each distinct verdict


def test_written_rows_are_what_the_orm_would_store(login, delegations):
    client = login("alice")
    upload(client, delegations["A"], xlsx(VARIED))
    job = _confirm(client, ImportJob.objects.get(), include_ineligible=True)
    assert job.state == "done"  # the file and the checked rows are deleted once written
    assert not ImportFile.objects.filter(job=job).exists()
    entry = Entry.objects.get(person__name="周九")
    assert entry.status == "draft" and entry.return_reason == "" and entry.eligible
    assert entry.placings == [{"year": 2020, "class": 1, "team_size": 5, "rank": 2}]
    assert entry.verdict["flags"][0]["code"] == "MANUAL_REVIEW"
    assert entry.created_at == entry.updated_at and entry.created_at is not None
    assert entry.person.phone == "13912345678" and not entry.person.document_verified
    assert entry.person.birth_date == dt.date(1991, 7, 1)
    honors = Entry.objects.get(person__name="孙八").honors
    assert honors == ["全国技术能手", "市劳模", "优秀青年"]
    plain = Entry.objects.get(person__name="郑一")  # no extras: those columns are the database's
    assert plain.employer == "包钢集团"
    assert plain.honors == plain.placings == plain.qualifications == plain.title_rights == []
    assert (plain.school_enrolled_on, plain.school_province, plain.team, plain.version) == (
        None,
        "",
        None,
        1,
    )
    passport = Person.objects.get(name="Anna")
    assert (passport.document_type, passport.document_number) == ("passport", "E1234567")
    assert not Entry.objects.get(person__name="赵六").eligible
    certified = Entry.objects.get(person__name="冯二")
    assert certified.qualifications == [
        {"occupation": "数控车工", "level": 3, "issued_on": "2018-05-01"}
    ]
    assert "PRIORITY_QUALIFICATION" in [f["code"] for f in certified.verdict["flags"]]


def test_entries_are_numbered_in_the_files_order_rows_with_extras_or_not(login, delegations):
    client = login("alice")
    upload(client, delegations["A"], xlsx(VARIED))
    _confirm(client, ImportJob.objects.get(), include_ineligible=True)
    written = [r[0] for r in VARIED if r[0] != "钱七"]  # 钱七's ID is refused
    assert list(Entry.objects.order_by("pk").values_list("person__name", flat=True)) == written


def test_a_column_an_import_leaves_out_must_have_a_database_default():
    importing._unset(Entry, [f.name for f in Entry._meta.concrete_fields if f.name != "status"])
    with pytest.raises(ImproperlyConfigured, match="employer"):
        importing._unset(Entry, ["delegation", "event", "person"])


def test_a_person_named_twice_ends_with_the_last_rows_values_a_blank_phone_kept(login, delegations):
    number = make_id(dt.date(1990, 3, 1))
    rows = [
        row("张伟", dt.date(1990, 3, 1), id_number=number, **{"手机号码": "13900000001"}),
        row("张伟", dt.date(1990, 3, 1), id_number=number, occupation="机械设计"),
    ]
    client = login("alice")
    upload(client, delegations["A"], xlsx(rows))
    _confirm(client, ImportJob.objects.get())
    assert Person.objects.get().phone == "13900000001" and Entry.objects.count() == 2
    rows[1] = row(
        "张伟",
        dt.date(1990, 3, 1),
        id_number=number,
        occupation="机械设计",
        **{"手机号码": "13900000002"},
    )
    upload(client, delegations["A"], xlsx(rows))
    job = ImportJob.objects.latest("pk")
    assert job.report["counts"] == {"unchanged": 1, "update": 1}  # only the second row differs
    _confirm(client, job)
    assert Person.objects.get().phone == "13900000002"


def test_progress_is_stored_at_most_twice_a_second(delegations, monkeypatch):
    job = ImportJob.start(delegations["A"], None, "a.xlsx", b"")
    clock = iter([0.0, 0.1, 0.2, 0.7, 0.8])
    monkeypatch.setattr(tasks, "time", SimpleNamespace(monotonic=lambda: next(clock)))
    report = tasks._progress(job.pk)
    stored = []
    for done in (0, 500, 1000, 1500, 2000):
        report(done, 5000)
        stored.append(ImportJob.objects.get(pk=job.pk).done_rows)
    assert stored == [0, 0, 0, 1500, 1500]


def test_the_cyclic_collector_is_back_on_after_an_import_even_a_failed_one(delegations):
    job = ImportJob.start(delegations["A"], None, "a.xlsx", b"")
    assert gc.isenabled()
    with pytest.raises(importing.TemplateError):
        importing.check(job)
    assert gc.isenabled()
    gc.disable()
    try:
        with pytest.raises(importing.TemplateError):
            importing.check(job)
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


def test_a_row_without_birth_date_takes_it_from_the_id_even_when_ineligible(login, delegations):
    born = dt.date(1980, 1, 1)  # outside the worker group's window
    too_old = row("陈老", born, **{"出生日期": ""})
    client = login("alice")
    upload(client, delegations["A"], xlsx([too_old]))
    job = _confirm(client, ImportJob.objects.get(), include_ineligible=True)
    assert job.report["counts"] == {"ineligible": 1}
    entry = Entry.objects.get()
    assert entry.person.birth_date == born and not entry.eligible
    assert entry.verdict["reasons"][0]["code"] == "BIRTH_OUT_OF_WINDOW"


def test_another_delegations_contestant_cannot_be_renamed_by_import(login, delegations):
    number = make_id(dt.date(1992, 5, 6))
    theirs = row("李娜", dt.date(1992, 5, 6), id_number=number, **{"手机号码": "13900000002"})
    client_b = login("bob")
    upload(client_b, delegations["B"], xlsx([theirs]))
    _confirm(client_b, ImportJob.objects.get())
    mine = dict(id_number=number, occupation="机械设计", **{"手机号码": "13811112222"})
    client_a = login("alice")
    upload(client_a, delegations["A"], xlsx([row("冒名", dt.date(1992, 5, 6), **mine)]))
    job = ImportJob.objects.latest("pk")
    assert job.report["counts"] == {"error": 1}
    assert "已由其他代表队报名" in job.report["rows"][0]["errors"][0]
    upload(client_a, delegations["A"], xlsx([row("李娜", dt.date(1992, 5, 6), **mine)]))
    job = _confirm(client_a, ImportJob.objects.latest("pk"))  # the same person: entered, and
    assert job.report["counts"] == {"create": 1}
    person = Person.objects.get()  # their name and phone are as B entered them
    assert (person.name, person.phone, person.entries.count()) == ("李娜", "13900000002", 2)
    blank = row("李娜", dt.date(1992, 5, 6), **(mine | {"性别": "", "职业（工种）": "森林抚育"}))
    upload(client_a, delegations["A"], xlsx([blank]))  # a blank gender is no mismatch
    job = _confirm(client_a, ImportJob.objects.latest("pk"))
    assert job.report["counts"] == {"create": 1} and Person.objects.get().gender == "男"


def test_unconfirmed_and_interrupted_imports_are_closed_and_their_files_deleted(delegations):
    import io as _io

    from django.core.management import call_command
    from django.utils import timezone

    def job(state, days_ago):
        made = ImportJob.start(delegations["A"], None, "a.xlsx", b"PK")
        ImportJob.objects.filter(pk=made.pk).update(
            state=state, touched_at=timezone.now() - dt.timedelta(days=days_ago)
        )
        return made

    old, fresh = job("checked", 8), job("checked", 2)
    stuck, done = job("writing", 2), job("done", 30)
    confirmed_late = job("writing", 0)  # uploaded long ago, confirmed just now: still writing
    ImportJob.objects.filter(pk=confirmed_late.pk).update(
        created_at=timezone.now() - dt.timedelta(days=6)
    )
    out = _io.StringIO()
    call_command("purge_imports", stdout=out)
    assert "已结束 2 个导入" in out.getvalue()
    states = dict(ImportJob.objects.values_list("pk", "state"))
    assert (states[old.pk], states[fresh.pk], states[stuck.pk]) == ("failed", "checked", "failed")
    assert states[done.pk] == "done"
    assert states[confirmed_late.pk] == "writing"
    kept = {fresh.pk, confirmed_late.pk}  # a finished import's file is deleted too
    assert set(ImportFile.objects.values_list("job_id", flat=True)) == kept
    assert "超过 7 天没有确认写入" in ImportJob.objects.get(pk=old.pk).error
    row_copy = {"row": 3, "name": "孙八", "errors": ["第 3 行 出生日期：…"], "cells": ["孙八"]}
    ImportJob.objects.filter(pk=done.pk).update(report={"rows": [row_copy]})
    call_command("purge_imports", stdout=out)  # the report's copies of uploaded rows go too
    assert ImportJob.objects.get(pk=done.pk).report["rows"] == [
        {k: v for k, v in row_copy.items() if k != "cells"}
    ]


def test_a_blank_gender_is_read_from_the_id_number(login, delegations):
    woman = make_id(dt.date(1990, 3, 1), male=False)
    rows = [row("李娜", dt.date(1990, 3, 1), id_number=woman, **{"性别": ""})]
    client = login("alice")
    upload(client, delegations["A"], xlsx(rows))
    _confirm(client, ImportJob.objects.get())
    assert Person.objects.get().gender == "女"


def test_an_import_whose_worker_died_is_closed_after_the_lease_and_never_half_written(
    login, delegations, settings
):
    from django.utils import timezone

    settings.ZHENXING_JOB_LEASE_SECONDS = 300

    client = login("alice")
    upload(client, delegations["A"], xlsx(GOOD))
    job = ImportJob.objects.get()
    assert job.state == "checked"
    # confirmed, then the worker that took the write died before finishing (its transaction,
    # and so every row, went with it): the job says "writing" and nothing moves
    recent = timezone.now() - dt.timedelta(minutes=1)
    ImportJob.objects.filter(pk=job.pk).update(state="writing", touched_at=recent)
    page = client.get(f"/office/2020-nmg/imports/{job.pk}/").content.decode()
    assert "正在写入" in page  # within the lease: still taken as running
    overdue = timezone.now() - dt.timedelta(minutes=6)
    ImportJob.objects.filter(pk=job.pk).update(touched_at=overdue)
    page = client.get(f"/office/2020-nmg/imports/{job.pk}/").content.decode()
    assert "后台处理已中断（超过 5 分钟没有进展" in page and "请重新上传文件" in page
    assert not ImportFile.objects.filter(job=job).exists()  # its ID numbers are not kept
    tasks.write_import.call(job.pk)  # the lost task, run late by a worker that came back
    assert ImportJob.objects.get(pk=job.pk).state == "failed" and Entry.objects.count() == 0
    upload(client, delegations["A"], xlsx(GOOD))  # uploading again works as usual
    again = _confirm(client, ImportJob.objects.latest("pk"))
    assert again.state == "done" and Entry.objects.count() == again.report["counts"]["create"]
