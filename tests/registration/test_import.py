"""Bulk import: preview and row errors first, one atomic write, idempotent, hostile files refused."""

import datetime as dt
import io
import os

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook

from tests.support import make_id
from zhenxing.formats.entry_template import COLUMNS, header_in, write_blank
from zhenxing.orgs.audit import SYSTEM
from zhenxing.orgs.models import AuditEntry
from zhenxing.registration import importing
from zhenxing.registration.models import Entry, ImportFile, ImportJob, Person
from zhenxing.rules.rulebook import load_edition
from zhenxing.rules.text import REPLACEMENT_MESSAGE

HEADERS = [header_in(c, load_edition("2020-nmg")) for c in COLUMNS]


def row(name, birth, *, occupation="数控车工", group="职工组", id_number=None, **extra):
    values = {
        "姓名": name,
        "性别": "男",
        "证件号码": id_number or make_id(birth, seq=f"{sum(map(ord, name)) % 100:02d}"),
        "出生日期": birth.isoformat(),
        "职业（工种）": occupation,
        "组别": group,
    }
    values.update(extra)
    return [values.get(h, "") for h in HEADERS]


def xlsx(rows, *, title=True, headers=HEADERS, numeric_id=False):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"strings_to_numbers": False})
    sheet = book.add_worksheet()
    start = 0
    if title:
        sheet.write(0, 0, "呼和浩特市代表队报名表")
        start = 1
    sheet.write_row(start, 0, headers)
    for index, values in enumerate(rows, start=start + 1):
        for column, value in enumerate(values):
            if numeric_id and headers[column] == "证件号码":
                sheet.write_number(index, column, float(value))
            else:
                sheet.write_string(index, column, str(value))
    book.close()
    return buffer.getvalue()


def upload(client, delegation, content, name="报名.xlsx"):
    return client.post(
        f"/office/2020-nmg/delegations/{delegation.pk}/import/",
        {"file": SimpleUploadedFile(name, content)},
    )


GOOD = [
    row("张伟", dt.date(1990, 3, 1)),
    row("李娜", dt.date(1992, 5, 6)),
    row(
        "王芳",
        dt.date(2000, 1, 1),
        occupation="模具工(冲压)",
        group="学生组",
        **{"全日制在籍学生": "是"},
    ),
]


def test_check_preview_then_write_then_reimport_changes_nothing(login, delegations):
    client = login("alice")
    response = upload(client, delegations["A"], xlsx(GOOD))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.state == "checked"
    assert job.report["counts"] == {"create": 3}
    assert not Entry.objects.exists()  # nothing written before confirming
    page = client.get(f"/office/2020-nmg/imports/{job.pk}/").content.decode()
    assert "将新增 <strong>3</strong>" in page and "写入有效的行（3 条）" in page
    client.post(f"/office/2020-nmg/imports/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.state == "done" and Entry.objects.count() == 3
    entry = AuditEntry.objects.get(action="registration.import.written")
    assert job.file_sha256 in entry.changes["file"][1] and entry.changes["created_rows"][1] == [
        3,
        4,
        5,
    ]
    assert entry.actor_name == "alice"
    dashboard = client.get(f"/office/2020-nmg/delegations/{delegations['A'].pk}/")
    assert "alice 批量导入" in dashboard.content.decode()  # the import, on the delegation's page
    upload(client, delegations["A"], xlsx(GOOD))
    again = ImportJob.objects.latest("pk")
    assert again.report["counts"] == {"unchanged": 3}
    client.post(f"/office/2020-nmg/imports/{again.pk}/confirm/")
    assert (
        Entry.objects.count() == 3
        and AuditEntry.objects.filter(action="registration.import.written").count() == 1
    )


def test_bad_rows_are_reported_and_the_rest_can_be_written(login, delegations):
    rows = [
        *GOOD,
        row("赵六", dt.date(1980, 1, 1)),
        row("钱七", dt.date(1991, 1, 1), id_number="150102199101011239"),
        row("孙八", dt.date(1991, 2, 2), **{"出生日期": "2020年13月1日"}),
    ]
    client = login("alice")
    upload(client, delegations["A"], xlsx(rows))
    job = ImportJob.objects.get()
    errors = {r["row"]: r["errors"] for r in job.report["rows"] if r["errors"]}
    assert list(errors) == [7, 8]
    assert "证件号码：身份证号码校验位不正确" in errors[7][0]  # not written: a person of its own
    assert "出生日期" in errors[8][0]
    ineligible = [r for r in job.report["rows"] if r["eligible"] is False]
    assert {r["name"] for r in ineligible} == {"赵六"}
    report = client.get(f"/office/2020-nmg/imports/{job.pk}/errors.xlsx")
    sheet = (
        CalamineWorkbook.from_filelike(io.BytesIO(report.content)).get_sheet_by_index(0).to_python()
    )
    width = len(HEADERS)
    assert sheet[0] == [*HEADERS, "原行号", "错误说明"]
    assert sheet[1][:width] == rows[4] and sheet[1][width] == 7  # 钱七, as uploaded
    assert sheet[2][0] == "孙八" and sheet[2][width] == 8 and "出生日期" in sheet[2][width + 1]
    client.post(f"/office/2020-nmg/imports/{job.pk}/confirm/", {"include_ineligible": "1"})
    assert Entry.objects.count() == 4
    assert Entry.objects.filter(eligible=False).count() == 1
    # the registrar fixes the two rows in the report and uploads it as it is
    sheet[1][HEADERS.index("证件号码")] = make_id(dt.date(1991, 1, 1), seq="77")
    sheet[2][HEADERS.index("出生日期")] = "1991-02-02"
    fixed = xlsx([r[:width] + [str(r[width]), ""] for r in sheet[1:]], title=False,
                 headers=sheet[0])  # fmt: skip
    upload(client, delegations["A"], fixed)
    assert ImportJob.objects.latest("pk").report["counts"] == {"create": 2}


def test_csv_in_gbk_and_utf8(login, delegations):
    import csv

    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(HEADERS)
    writer.writerows(GOOD)
    for encoding in ("gbk", "utf-8-sig"):
        upload(login("alice"), delegations["A"], text.getvalue().encode(encoding), "报名.csv")
        assert ImportJob.objects.latest("pk").report["counts"] == {"create": 3}


def test_dates_in_every_accepted_form(login, delegations):
    forms = ["1990-03-01", "1990/3/1", "1990年3月1日"]
    rows = [
        row(f"张{n}", dt.date(1990, 3, 1), **{"出生日期": f})
        for n, f in zip("一二三", forms, strict=True)
    ]
    upload(login("alice"), delegations["A"], xlsx(rows))
    assert ImportJob.objects.get().report["counts"] == {"create": 3}


def test_a_replacement_character_is_refused_not_stored(login, delegations):
    # what the error report shows for a control character, uploaded again as it is
    upload(login("alice"), delegations["A"], xlsx([row("控制\ufffd字符", dt.date(1990, 3, 1))]))
    [shown] = ImportJob.objects.get().report["rows"]
    assert shown["errors"] == [f"第 3 行 姓名：{REPLACEMENT_MESSAGE}"]


@pytest.mark.parametrize(
    ("name", "message"),
    [("张伟\u202e试测", "含有改变文字显示方向的隐藏字符"), ("张\u200b伟", "含有看不见的零宽字符")],
)
def test_a_name_with_hidden_characters_is_refused(login, delegations, name, message):
    upload(login("alice"), delegations["A"], xlsx([row(name, dt.date(1990, 3, 1))]))
    [shown] = ImportJob.objects.get().report["rows"]
    assert len(shown["errors"]) == 1 and shown["errors"][0].startswith(f"第 3 行 姓名：{message}")
    assert "create" not in ImportJob.objects.get().report["counts"]


def test_a_birth_date_after_today_is_refused(login, delegations):
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    passport = {"证件类型": "护照", "证件号码": "E1234567", "出生日期": tomorrow.isoformat()}
    upload(login("alice"), delegations["A"], xlsx([row("未来人", tomorrow, **passport)]))
    [shown] = ImportJob.objects.get().report["rows"]
    assert shown["errors"] == [f"第 3 行 出生日期：{tomorrow.isoformat()} 晚于今天，请核对出生日期"]


def test_a_certificate_dated_after_today_is_refused(login, delegations):
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    qualified = {"本职业国家职业资格": "三级/高级工"}
    rows = [
        row("张一", dt.date(1990, 3, 1), **qualified, **{"资格证书颁发日期": tomorrow.isoformat()}),
        row("张二", dt.date(1990, 3, 2), **qualified, **{"资格证书颁发日期": "2018-05-01"}),
    ]
    upload(login("alice"), delegations["A"], xlsx(rows))
    report = ImportJob.objects.get().report
    errors = [r["errors"] for r in report["rows"] if r["errors"]]
    assert errors == [
        [f"第 3 行 资格证书颁发日期：{tomorrow.isoformat()} 晚于今天，证书不可能在这天颁发，请核对"]
    ]
    assert report["counts"] == {"error": 1, "create": 1}


def _far_cell(row_index, column):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADERS)
    sheet.write_row(1, 0, GOOD[0])
    sheet.write(row_index, column, "x")  # a stray value far away
    book.close()
    return buffer.getvalue()


def _without_cell_refs(data):
    """The workbook with its cells' r attributes taken out (python-calamine then places each
    cell after the previous one, on its row's r)."""
    import re
    import zipfile

    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in source.infolist():
            part = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                part = re.sub(rb'(<c\b[^>]*?) r="[A-Z]+[0-9]+"', rb"\1", part)
                assert b'<c r="' not in part
            archive.writestr(item, part)
    return buffer.getvalue()


def _far_right_row():
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADERS)
    sheet.write_row(1, 0, GOOD[0] + ["x"] * 1000)
    book.close()
    return buffer.getvalue()


def _zip_of_text():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return buffer.getvalue()


def _bad_relationship():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "xl/workbook.xml", '<workbook><sheets><sheet r:id="rId1"/></sheets></workbook>'
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            b'<Relationships><Relationship Id="rId1" Target="\xff\xfe.xml"/></Relationships>',
        )
    return buffer.getvalue()


HOSTILE = [
    (
        "wrong headers",
        lambda: xlsx(GOOD, headers=["名字", *HEADERS[1:]]),
        "无法识别的列标题：“名字”",
    ),
    ("numeric ID", lambda: xlsx(GOOD[:1], numeric_id=True), None),
    ("empty file", lambda: b"", "文件是空的"),
    ("random bytes", lambda: b"PK" + os.urandom(4000), "无法读取这个表格文件"),
    ("binary junk", lambda: os.urandom(4000), None),
    (
        "a web page named .xlsx",
        lambda: b"<html><body>" + b"x" * 100 + b"</body></html>",
        "既不是表格文件（.xlsx、.ods）",
    ),
    ("no header row", lambda: xlsx([], headers=["a", "b", "c"]), "找不到列标题行"),
    ("a value far down", lambda: _far_cell(250_000, 0), "表格范围太大"),
    ("a value far right", lambda: _far_cell(5, 1000), "表格范围太大"),
    ("far down, no cell refs", lambda: _without_cell_refs(_far_cell(250_000, 0)), "表格范围太大"),
    ("far right, no cell refs", lambda: _without_cell_refs(_far_right_row()), "表格范围太大"),
    ("old .xls", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(4000), "旧版 Excel"),
    (
        "a zip, not a workbook",
        _zip_of_text,
        "无法读取这个表格文件：请在 Excel、WPS 或 LibreOffice 中打开",
    ),
    (
        "a workbook's broken parts",
        _bad_relationship,
        "无法读取这个表格文件：请在 Excel、WPS 或 LibreOffice 中打开",
    ),
    (
        "CSV with a runaway quote",
        lambda: ",".join(HEADERS).encode() + b'\n"' + b"x" * 200_000,
        "CSV 文件第 2 行有一个单元格跨了多行",
    ),
    ("CSV with a quote left open mid-file", lambda: _quote_left_open(), "CSV 文件第 3 行有一个"),
]


def _quote_left_open():
    good = [",".join(r) for r in ([HEADERS[0], *HEADERS[1:]], *[map(str, g) for g in GOOD])]
    swallowing = '"引号开头' + good[1][len(GOOD[0][0]) :]
    # the rows after it become one cell, closed by a later quote: none of them must be read
    return "\n".join([good[0], good[1], swallowing, *good[2:], '"x",']).encode()


@pytest.mark.parametrize(("case", "make", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_files_get_a_clear_error_and_write_nothing(login, delegations, case, make, message):
    client = login("alice")
    upload(client, delegations["A"], make())
    job = ImportJob.objects.get()
    page = client.get(f"/office/2020-nmg/imports/{job.pk}/").content.decode()
    if case == "numeric ID":
        assert "把号码当成了数字" in page and job.report["counts"] == {"error": 1}
    elif message:
        assert job.state == "failed" and message in job.error and message in page
    else:
        assert job.state == "failed" and job.error
    assert "Traceback" not in page
    if job.state == "failed":  # nothing to write: the uploaded file is not kept
        assert not ImportFile.objects.filter(job=job).exists()
    client.post(f"/office/2020-nmg/imports/{job.pk}/confirm/")
    assert not Entry.objects.exists() and not Person.objects.exists()


def test_merged_cells_and_title_rows_are_tolerated(login, delegations):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    sheet.merge_range(0, 0, 0, 5, "2020年报名表（合并单元格标题）")
    sheet.write_row(1, 0, HEADERS)
    sheet.write_row(2, 0, [str(v) for v in GOOD[0]])
    sheet.merge_range(3, 0, 3, 3, "")
    book.close()
    upload(login("alice"), delegations["A"], buffer.getvalue())
    assert ImportJob.objects.get().report["counts"] == {"create": 1}


def test_a_17_mb_file_is_refused_before_reading(login, delegations):
    # over the import's 16 MB, under the 20 MB every request may carry (web.upload_limit)
    response = upload(login("alice"), delegations["A"], b"x" * (17 * 1024 * 1024), "big.xlsx")
    assert response.status_code == 400 and "超过 16 MB" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_other_delegations_cannot_see_or_confirm_an_import(login, delegations):
    upload(login("alice"), delegations["A"], xlsx(GOOD))
    job = ImportJob.objects.get()
    bob = login("bob")
    assert bob.get(f"/office/2020-nmg/imports/{job.pk}/").status_code == 404
    assert bob.post(f"/office/2020-nmg/imports/{job.pk}/confirm/").status_code == 404
    assert bob.get(f"/office/2020-nmg/imports/{job.pk}/errors.xlsx").status_code == 404
    assert upload(bob, delegations["A"], xlsx(GOOD)).status_code == 404
    assert not Entry.objects.exists()


def test_template_download_has_text_id_column_and_instructions(login, tmp_path):
    response = login("alice").get("/office/2020-nmg/template.xlsx")
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names[0] == "报名表" and "说明" in book.sheet_names
    assert book.get_sheet_by_index(0).to_python()[1][:4] == HEADERS[:4]
    target = tmp_path / "blank.xlsx"
    write_blank(str(target), load_edition("2020-nmg"))
    assert target.stat().st_size > 1000


def test_one_person_in_two_events_in_one_file(login, delegations):
    birth = dt.date(1990, 3, 1)
    number = make_id(birth)
    rows = [
        row("张伟", birth, id_number=number),
        row("张伟", birth, id_number=number, occupation="机械设计"),
    ]
    client = login("alice")
    upload(client, delegations["A"], xlsx(rows))
    job = ImportJob.objects.get()
    client.post(f"/office/2020-nmg/imports/{job.pk}/confirm/")
    assert Person.objects.count() == 1 and Entry.objects.count() == 2


def test_full_width_digits_are_the_same_person_as_half_width(login, delegations, entry_form, cnc):
    birth = dt.date(1990, 3, 1)
    number = make_id(birth)
    wide = number.translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789X"})  # １５０１…
    client = login("alice")
    upload(client, delegations["A"], xlsx([row("张伟", birth, id_number=wide)]))
    client.post(f"/office/2020-nmg/imports/{ImportJob.objects.get().pk}/confirm/")
    assert Person.objects.get().document_number == number

    client.post(
        f"/office/2020-nmg/delegations/{delegations['A'].pk}/entries/new/",
        entry_form(cnc.pk, name="张伟", birth=birth, id_number=wide),
    )
    assert Person.objects.count() == 1 and Entry.objects.count() == 1  # the same entry


def test_quotas_from_the_rulebook_apply_to_imports_and_forms(login, delegations, edition):
    from importlib import resources

    from zhenxing.editions.services import load_rulebook

    text = resources.files("zhenxing.rulebooks").joinpath("2020-nmg.toml").read_text("utf-8")
    quota = 'quotas = [{ occupation = "数控车工", group = "worker", per_delegation = 1 }]'
    load_rulebook(text.replace("quotas = []", quota, 1), "quota.toml")
    client = login("alice")
    upload(client, delegations["A"], xlsx(GOOD))
    job = ImportJob.objects.get()
    assert job.report["counts"] == {"create": 3 - 1, "error": 1}
    errors = " ".join(e for r in job.report["rows"] for e in r["errors"])
    assert "数控车工（职工组） 每个代表队限报 1 人，已报满（含本文件前面的行）" in errors


def test_three_hundred_contestants_from_template_to_approved(login, delegations):
    start = dt.date(1986, 1, 1)
    rows = [
        row(
            f"选手{n}",
            start + dt.timedelta(days=n),
            id_number=make_id(start + dt.timedelta(days=n)),
        )
        for n in range(300)
    ]
    alice = login("alice")
    upload(alice, delegations["A"], xlsx(rows))
    job = ImportJob.objects.get()
    assert job.report["counts"] == {"create": 300}
    alice.post(f"/office/2020-nmg/imports/{job.pk}/confirm/")
    alice.post(f"/office/2020-nmg/delegations/{delegations['A'].pk}/submit/")
    assert Entry.objects.filter(status="submitted").count() == 300
    login("office").post("/office/2020-nmg/review/approve-clean/")
    assert Entry.objects.filter(status="approved").count() == 300


def test_while_writing_the_page_says_how_many_rows_and_keeps_asking(login, delegations):
    alice = login("alice")
    upload(alice, delegations["A"], xlsx(GOOD))
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.WRITING)
    page = alice.get(f"/office/2020-nmg/imports/{job.pk}/").content.decode()
    assert "正在写入 3 条报名" in page and 'aria-label="写入进度"' in page
    assert 'hx-trigger="every 1s"' in page


def test_confirming_uses_the_checked_rows_and_sees_what_changed_since(
    login, delegations, monkeypatch
):
    from zhenxing.registration import importing

    client = login("alice")
    upload(client, delegations["A"], xlsx(GOOD))
    job = ImportJob.objects.get()
    assert len(importing.stored_plan_of(job)["rows"]) == 3
    # someone else entered 李娜 for the same event between the check and the confirmation
    # the file is not read again: reading it would fail now
    monkeypatch.setattr(importing, "read_rows", lambda *args: pytest.fail("file read again"))
    li = next(r for r in GOOD if r[HEADERS.index("姓名")] == "李娜")
    from zhenxing.registration.services import EntryData, save_entry

    save_entry(
        delegations["B"],
        EntryData(name="李娜", occupation="数控车工", group="worker",
                  birth_date=dt.date(1992, 5, 6), gender="男", id_number=li[HEADERS.index("证件号码")]),
        actor=SYSTEM,
    )  # fmt: skip
    client.post(f"/office/2020-nmg/imports/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.state == "done"
    assert Entry.objects.filter(delegation=delegations["A"]).count() == 2  # 李娜 not taken twice


def test_a_rulebook_change_between_check_and_confirm_checks_the_file_again(login, delegations):
    client = login("alice")
    upload(client, delegations["A"], xlsx(GOOD))
    job = ImportJob.objects.get()
    plan = importing.stored_plan_of(job)
    importing.keep_plan(job.upload, plan | {"rulebook_sha256": "changed since"})
    job.upload.save(update_fields=["checked_rows"])
    client.post(f"/office/2020-nmg/imports/{job.pk}/confirm/")
    assert Entry.objects.filter(delegation=delegations["A"]).count() == 3


def test_a_job_checked_before_the_upgrade_reads_its_file_again(login, delegations, monkeypatch):
    client = login("alice")
    upload(client, delegations["A"], xlsx(GOOD))
    job = ImportJob.objects.get()
    ImportFile.objects.filter(job=job).update(checked_rows=b"")  # as migration 0010 leaves it
    reads = []
    read_rows = importing.read_rows
    monkeypatch.setattr(importing, "read_rows", lambda *args: reads.append(1) or read_rows(*args))
    client.post(f"/office/2020-nmg/imports/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.state == "done" and reads == [1]
    assert Entry.objects.filter(delegation=delegations["A"]).count() == 3


def test_a_long_file_lists_its_problem_rows_and_only_the_first_good_ones(
    login, delegations, monkeypatch
):
    monkeypatch.setattr(importing, "PREVIEW_ROWS", 2)
    people = [row(f"选手{n}", dt.date(1990, 1, n + 1)) for n in range(5)]
    people.append(row("赵六", dt.date(1980, 1, 1)))  # too old: listed, though not an error
    people.append(row("孙八", dt.date(1991, 2, 2), **{"出生日期": "2020年13月1日"}))
    client = login("alice")
    upload(client, delegations["A"], xlsx(people))
    job = ImportJob.objects.get()
    counts = {"create": 5, "ineligible": 1, "error": 1}
    assert job.report["total"] == 7 and job.report["counts"] == counts
    assert [r["name"] for r in job.report["rows"]] == ["选手0", "选手1", "赵六", "孙八"]
    page = client.get(f"/office/2020-nmg/imports/{job.pk}/").content.decode()
    assert "共 7 行" in page and "另有 3 行未在上表列出" in page


def _csv(rows, headers=HEADERS):
    import csv

    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(headers)
    writer.writerows(rows)
    return text.getvalue().encode("utf-8-sig")


def test_row_problems_a_user_makes_get_a_message_on_their_row(login, delegations):
    born = dt.date(1990, 3, 1)
    rows = [
        row("无号码", born, **{"证件类型": "护照", "证件号码": ""}),
        row("长号码", born, **{"手机号码": "13812345678；13900001111；13700002222"}),
        row("科学计数", born, id_number="1.50102E+17"),
        row("上标", born, **{"2020年国家级竞赛类别": "一类", "赛项人数": "1", "名次": "²"}),
        row("序列日期", born, **{"出生日期": "32933"}),  # 1990-03-01 as Excel counts days
        row("丢了末位", born, id_number="150102199003011000"),
    ]
    client = login("alice")
    upload(client, delegations["A"], _csv(rows), "报名.csv")
    job = ImportJob.objects.get()
    errors = {r["name"]: "".join(r["errors"]) for r in job.report["rows"]}
    assert "证件号码：必填" in errors["无号码"]
    assert "手机号码：“13812345678；13900001111；137000”不是电话号码" in errors["长号码"]
    assert "把号码当成了数字" in errors["科学计数"]
    assert "名次：“²”应为 1 到 1000 之间的整数" in errors["上标"]
    assert errors["序列日期"] == ""
    assert "可能是表格软件把它当成数字" in errors["丢了末位"]
    assert job.report["counts"] == {"error": 5, "create": 1}
    _confirm = client.post(f"/office/2020-nmg/imports/{job.pk}/confirm/")
    assert _confirm.status_code == 302
    assert list(Person.objects.values_list("name", "birth_date")) == [("序列日期", born)]


def test_a_nan_cell_in_a_bad_row_is_reported_not_stuck(login, delegations):
    import zipfile

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADERS)
    bad = row("孙八", dt.date(1991, 2, 2), **{"出生日期": "2020年13月1日"})
    sheet.write_row(1, 0, bad)
    sheet.write_number(1, HEADERS.index("名次（二）"), 12345.5)
    book.close()
    source, patched = zipfile.ZipFile(buffer), io.BytesIO()
    with zipfile.ZipFile(patched, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data.replace(b"<v>12345.5</v>", b"<v>NaN</v>"))
    client = login("alice")
    upload(client, delegations["A"], patched.getvalue())
    job = ImportJob.objects.get()
    assert job.state == "checked" and job.report["counts"] == {"error": 1}
    report = client.get(f"/office/2020-nmg/imports/{job.pk}/errors.xlsx")
    assert report.status_code == 200


def _with_extra(extra):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADERS)
    sheet.write_row(1, 0, GOOD[0])
    extra(book, sheet)
    book.close()
    return buffer.getvalue()


HARMLESS = [
    ("a styled blank far down", lambda b, s: s.write_blank(250_000, 0, None, b.add_format())),
    ("a tall empty row far down", lambda b, s: s.set_row(250_000, 30)),
    ("a value in column CV", lambda b, s: s.write(1, 99, "备注")),
    ("a far value on a second sheet", lambda b, s: b.add_worksheet().write(250_000, 0, "x")),
]


def test_a_workbook_without_cell_refs_is_read_where_calamine_places_its_cells(login, delegations):
    upload(login("alice"), delegations["A"], _without_cell_refs(xlsx(GOOD)))
    assert ImportJob.objects.get().report["counts"] == {"create": 3}


@pytest.mark.parametrize(("case", "extra"), HARMLESS, ids=[h[0] for h in HARMLESS])
def test_harmless_far_reaching_sheets_are_read(login, delegations, case, extra):
    upload(login("alice"), delegations["A"], _with_extra(extra))
    job = ImportJob.objects.get()
    assert (job.state, job.report["counts"]) == ("checked", {"create": 1})


def _report(client, job):
    content = client.get(f"/office/2020-nmg/imports/{job.pk}/errors.xlsx").content
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


def test_an_error_report_uploaded_again_unfixed_gives_the_same_report(login, delegations):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADERS)
    sheet.write_row(1, 0, row("孙八", dt.date(1991, 2, 2), **{"组别": "老年组"}))
    born = HEADERS.index("出生日期")  # a date cell with a time of day, as Excel may keep it
    stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    sheet.write_datetime(1, born, dt.datetime(1991, 2, 2, 8, 30), stamp)
    book.close()
    client = login("alice")
    upload(client, delegations["A"], buffer.getvalue())
    first = _report(client, ImportJob.objects.get())
    assert first[1][born] == "1991-02-02" and first[0][-2:] == ["原行号", "错误说明"]
    upload(client, delegations["A"], xlsx([[str(c) for c in r] for r in first[1:]],
                                          title=False, headers=first[0]))  # fmt: skip
    second = _report(client, ImportJob.objects.latest("pk"))
    assert second[0] == first[0] and second[1][: len(HEADERS)] == first[1][: len(HEADERS)]
    assert "老年组" in second[1][-1]


@pytest.mark.parametrize(
    ("persona", "page", "start", "report", "confirm"),
    [
        ("alice", 200, 200, 200, 302),
        ("office", 200, 200, 200, 302),
        ("hrss", 200, 403, 403, 403),  # reads the preview, changes nothing, no full numbers
        ("host", 404, 404, 404, 404),
        ("bob", 404, 404, 404, 404),
        ("judge", 404, 404, 404, 404),
    ],
)
def test_import_pages_per_persona(login, delegations, persona, page, start, report, confirm):
    bad = row("孙八", dt.date(1991, 2, 2), **{"出生日期": "2020年13月1日"})
    upload(login("alice"), delegations["A"], xlsx([*GOOD, bad]))
    job = ImportJob.objects.get()
    client, base = login(persona), f"/office/2020-nmg/imports/{job.pk}/"
    assert client.get(base).status_code == page
    assert (
        client.get(f"/office/2020-nmg/delegations/{delegations['A'].pk}/import/").status_code
        == start
    )
    response = client.get(base + "errors.xlsx")
    assert response.status_code == report
    if report == 200:
        assert (
            "%E9%94%99%E8%AF%AF%E6%8A%A5%E5%91%8A-%E6%8A%A5%E5%90%8D.xlsx"
            in response["Content-Disposition"]
        )  # 错误报告-报名.xlsx
    downloads = AuditEntry.objects.filter(action="privacy.export.error_report", actor_name=persona)
    assert downloads.exists() == (report == 200)  # the rows carry full numbers: audited
    assert client.post(base + "confirm/").status_code == confirm
    assert Entry.objects.exists() == (confirm == 302)


def test_import_pages_need_a_login(client, login, delegations):
    upload(login("alice"), delegations["A"], xlsx(GOOD))
    job = ImportJob.objects.get()
    client.logout()
    for path in ("", "errors.xlsx"):
        response = client.get(f"/office/2020-nmg/imports/{job.pk}/{path}")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_out_of_range_numbers_and_long_names_get_one_clear_message(login, delegations):
    born = dt.date(1990, 3, 1)
    placing = {"2020年国家级竞赛类别": "一类", "赛项人数": "3"}
    rows = [
        row("大名次", born, **placing, **{"名次": "99999999999999999999"}),
        row("长" * 60, born),
        row("座机", born, **{"手机号码": "0471-6222333"}),
        row("乱号", born, **{"手机号码": "abc<b>"}),
    ]
    upload(login("alice"), delegations["A"], xlsx(rows))
    report = ImportJob.objects.get().report
    errors = {r["name"][:3]: "".join(r["errors"]) for r in report["rows"] if r["errors"]}
    assert "名次：“99999999999999999999”应为 1 到 1000 之间的整数" in errors["大名次"]
    assert "姓名：最多 50 个字，现有 60 个" in errors[""]
    assert "姓名：必填" not in errors[""]
    assert "座机" not in errors  # a landline with its area code is a phone number
    assert "手机号码：“abc<b>”不是电话号码" in errors["乱号"]


def test_csv_files_are_held_to_the_same_extent_as_workbooks(login, delegations):
    client = login("alice")
    header = ",".join(HEADERS)
    too_long = (header + "\n" + "x\n" * 200_000).encode()
    too_wide = (header + "\n" + ",".join(GOOD[0]) + "," * 150 + "备注\n").encode()
    blank_right = (header + "\n" + ",".join(GOOD[0]) + "," * 150 + "\n").encode()
    for content, expected in [(too_long, "表格范围太大"), (too_wide, "表格范围太大")]:
        upload(client, delegations["A"], content, "报名.csv")
        job = ImportJob.objects.latest("pk")
        assert job.state == ImportJob.State.FAILED and expected in job.error
    upload(client, delegations["A"], blank_right, "报名.csv")
    assert ImportJob.objects.latest("pk").report["counts"] == {"create": 1}


def test_a_huge_number_gets_the_range_message(login, delegations):
    placing = {"2020年国家级竞赛类别": "一类", "赛项人数": "3", "名次": "9" * 5000}
    upload(login("alice"), delegations["A"], xlsx([row("张伟", dt.date(1990, 3, 1), **placing)]))
    errors = ImportJob.objects.get().report["rows"][0]["errors"]
    assert errors == ["第 3 行 名次：“99999999999999999999”应为 1 到 1000 之间的整数"]


def test_a_file_with_too_many_problem_rows_lists_the_first_and_says_so(
    login, delegations, monkeypatch
):
    monkeypatch.setattr(importing, "LISTED_PROBLEMS", 2)
    bad = [row(f"错{n}", dt.date(1990, 3, 1), **{"组别": "老年组"}) for n in range(5)]
    client = login("alice")
    upload(client, delegations["A"], xlsx([*GOOD, *bad]))
    job = ImportJob.objects.get()
    assert job.report["counts"] == {"create": 3, "error": 5}
    assert [r["name"] for r in job.report["rows"] if r["errors"]] == ["错0", "错1"]
    assert job.report["unlisted_problems"] == 3
    page = client.get(f"/office/2020-nmg/imports/{job.pk}/").content.decode()
    assert "只记录了前 2 行" in page and "另有 3 行有错误或不符合资格未列出" in page


def test_a_placing_class_is_read_by_the_forms_and_the_notices_names_too(login, delegations):
    born = dt.date(1990, 3, 1)
    rows = [
        row(
            f"名{n}",
            born + dt.timedelta(days=n),
            **{"2020年国家级竞赛类别": klass, "赛项人数": "3", "名次": "20"},
        )
        for n, klass in enumerate(["一类", "一类大赛", "国家级二类竞赛"])
    ]
    rows.append(
        row("错类", born, **{"2020年国家级竞赛类别": "三类", "赛项人数": "3", "名次": "20"})
    )
    upload(login("alice"), delegations["A"], xlsx(rows))
    report = ImportJob.objects.get().report
    assert report["counts"] == {"create": 3, "error": 1}
    [bad] = [r for r in report["rows"] if r["errors"]]
    assert "“三类”不是可选值（一类、二类）" in bad["errors"][0]


def test_ineligible_rows_are_counted_apart_and_written_only_when_chosen(login, delegations):
    too_old = row("赵六", dt.date(1980, 1, 1))  # past the age limit: ineligible, not an error
    client = login("alice")
    upload(client, delegations["A"], xlsx([*GOOD, too_old]))
    job = ImportJob.objects.get()
    assert job.report["counts"] == {"create": 3, "ineligible": 1}
    page = client.get(f"/office/2020-nmg/imports/{job.pk}/").content.decode()
    assert "将新增 <strong>3</strong>" in page and "不符合参赛资格 <strong>1</strong>" in page
    assert "也写入不符合参赛资格的 1 行" in page
    client.post(f"/office/2020-nmg/imports/{job.pk}/confirm/")
    assert sorted(Entry.objects.values_list("person__name", flat=True)) == ["张伟", "李娜", "王芳"]
    upload(client, delegations["A"], xlsx([*GOOD, too_old]))
    again = ImportJob.objects.latest("pk")
    assert again.report["counts"] == {"unchanged": 3, "ineligible": 1}
    client.post(f"/office/2020-nmg/imports/{again.pk}/confirm/", {"include_ineligible": "1"})
    kept = Entry.objects.get(person__name="赵六")
    assert (kept.eligible, kept.status) == (False, "draft")
