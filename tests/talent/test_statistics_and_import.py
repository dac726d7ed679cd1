"""The statistics against a hand-built database, and the xlsx import through its page: the
template, the spreadsheet guard, row errors with row numbers, all-or-nothing."""

import datetime as dt
import io

import pytest
import xlsxwriter

from tests.support import actor, make_id
from zhenxing.registration.models import Person
from zhenxing.rules import talent as checks
from zhenxing.showcase.models import Nomination
from zhenxing.talent import services, sheets, statistics
from zhenxing.talent.models import Keeping

from .conftest import org

pytestmark = pytest.mark.django_db
E = "/office/2020-nmg/talent/"
TODAY = dt.date(2021, 6, 30)


def _stage(person, value, day, personas, edition, by="alice"):
    organization = org("呼和浩特市" if by == "alice" else "包头市")
    services.record_follow_up(
        person, organization, checks.FollowUpData("stage", value, day),
        actor=actor(personas[by]), edition=edition,
    )  # fmt: skip


def test_the_tables_count_a_hand_built_database(edition, personas, added, entry_of):
    a = added("周强", birth=dt.date(2000, 1, 1), occupation="焊工")  # 21
    b = added(
        "吴敏", birth=dt.date(1990, 7, 1), male=False, occupation="焊工", region="包头市"
    )  # 30
    c = added("郑阳", birth=dt.date(1995, 6, 30), occupation="电工")  # 26 on the day
    entry_of(
        "B", name="王芳", birth=dt.date(1992, 5, 6), status="submitted"
    )  # 数控车工, 包头市, 29
    entry_of("A", name="李雪", birth=dt.date(1993, 5, 6))  # a draft: not in the database
    _stage(a, "entry", dt.date(2020, 1, 1), personas, edition)
    _stage(a, "growth", dt.date(2020, 6, 1), personas, edition)
    _stage(a, "mature", dt.date(2021, 1, 1), personas, edition)
    _stage(b, "entry", dt.date(2020, 1, 1), personas, edition)
    _stage(b, "growth", dt.date(2020, 3, 1), personas, edition)
    _stage(c, "growth", dt.date(2020, 3, 1), personas, edition)
    Nomination.objects.create(
        edition=edition, organization=org(), person=a, title="一刀准", occupation="焊工",
        workplace="呼和浩特某厂", region="呼和浩特市", description="x", status="approved",
    )  # fmt: skip
    Nomination.objects.create(
        edition=edition, organization=org(), person=c, title="草稿", occupation="电工",
        workplace="x", region="呼和浩特市", description="x", status="draft",
    )  # fmt: skip

    assert statistics.by_occupation().rows == [["焊工", 2], ["数控车工", 1], ["电工", 1]]
    assert statistics.by_region().rows == [["包头市", 2], ["呼和浩特市", 2]]
    ages = dict(statistics.by_age(TODAY).rows)
    assert ages == {"18岁以下": 0, "18–22岁": 1, "23–28岁": 1, "29–35岁": 2, "36岁及以上": 0}
    assert statistics.stage_transitions().rows == [["入门期 → 成长期", 2], ["成长期 → 成熟期", 1]]
    assert statistics.nominations_by_region().rows == [["呼和浩特市", 1, 1]]
    assert statistics.awards_by_edition().rows == [[edition.name, 0, 0]]
    chart = statistics.by_occupation().as_chart()
    assert chart["labels"] == ["焊工", "数控车工", "电工"] and chart["series"][0]["values"] == [
        2,
        1,
        1,
    ]


def test_the_statistics_page_shows_each_table_with_its_chart_data(login, added):
    added("周强", occupation="焊工")
    page = login("office").get(f"{E}statistics/").content.decode()
    assert 'id="talent-charts"' in page and 'data-chart="occupation"' in page
    assert "<td>焊工</td><td>1</td>" in page
    assert "echarts-6.1.0.common.min.js" in page and "<script>" not in page
    rows = login("office").get(f"{E}statistics/occupation.xlsx")
    assert rows.status_code == 200 and rows["Content-Type"].startswith("application/vnd.openxml")
    assert login("office").get(f"{E}statistics/nonsense.xlsx").status_code == 404


def _sheet(rows, header=sheets.HEADER) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, header)
    for index, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            sheet.write_string(index, column, value) if isinstance(value, str) else sheet.write(
                index, column, value
            )
    book.close()
    return out.getvalue()


def _row(name, birth, male=True, **changes):
    number = make_id(birth, male=male, seq=f"{sum(map(ord, name)) % 100:02d}")
    values = {"姓名": name, "性别": "男" if male else "女", "出生日期": birth.isoformat(),
              "证件类型": "", "证件号码": number, "手机号码（可空）": "", "职业（工种）": "焊工",
              "所在盟市": "呼和浩特市", "工作单位/学校": "某厂"}  # fmt: skip
    values.update(changes)
    return [values[h] for h in sheets.HEADER]


def _upload(client, data, name="人才.xlsx"):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(f"{E}org/{org().pk}/import/", {"file": upload})


def test_the_template_downloads_and_reads_back_as_its_header(login):
    response = login("alice").get(f"{E}template.xlsx")
    assert response.status_code == 200
    with pytest.raises(sheets.SheetError, match="名单是空的"):
        sheets.read(response.content)


def test_an_import_with_row_errors_writes_nothing_and_names_each_row(login):
    data = _sheet([
        _row("周强", dt.date(1996, 4, 2)),
        _row("吴敏", dt.date(1990, 7, 1), male=False, 出生日期="1990-07-02"),
        _row("郑阳", dt.date(1995, 6, 30), 证件号码=150102199506301234),
        _row("钱多", dt.date(1995, 6, 30), 出生日期="去年"),
    ])  # fmt: skip
    response = _upload(login("alice"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "第 3 行" in page and "不一致" in page
    assert "第 4 行" in page and "文本" in page and "第 5 行" in page and "不是有效日期" in page
    assert not Keeping.objects.exists() and not Person.objects.filter(name="周强").exists()


def test_a_good_import_adds_everyone_once(login):
    data = _sheet(
        [_row("周强", dt.date(1996, 4, 2)), _row("吴敏", dt.date(1990, 7, 1), male=False)]
    )
    assert _upload(login("alice"), data).status_code == 302
    assert Keeping.objects.filter(organization=org(), source="import").count() == 2
    assert _upload(login("alice"), data).status_code == 302  # again: nothing new
    assert Keeping.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "请上传 .xlsx"),
        (b"PK\x03\x04broken", "无法读取"),
        (None, "第 1 行应为表头"),
    ],
)
def test_a_broken_or_hostile_file_is_refused_with_a_message(login, data, message):
    data = data or _sheet([["x"]], header=["姓名", "电话"])
    response = _upload(login("alice"), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Keeping.objects.exists()


def test_a_far_away_cell_is_stopped_by_the_spreadsheet_guard(login):
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, sheets.HEADER)
    sheet.write(1_000_000, 0, "远处")
    book.close()
    response = _upload(login("alice"), out.getvalue())
    assert response.status_code == 400 and "表格范围太大" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "expected"), [("office", 403), ("bob", 404), ("hrss", 404), ("charlie", 404)]
)
def test_only_the_organizations_registrar_imports(login, persona, expected):
    assert login(persona).get(f"{E}org/{org().pk}/import/").status_code == expected
