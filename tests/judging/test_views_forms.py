"""What users of the scoring forms notice: the score sheet (direct, htmx, paper double entry),
the scheme editor and its Excel round trip, theory scores, and the panel."""

import html
import io
import os
import re

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.support import actor, score_all
from zhenxing.formats import marking_sheets as sheets
from zhenxing.judging.marks import save_sheet, set_absent
from zhenxing.judging.models import Final, Mark, Scheme, TheoryScore
from zhenxing.judging.views.common import XLSX
from zhenxing.orgs.models import AuditEntry, Membership, Organization

from .test_views import as_, url

pytestmark = pytest.mark.django_db


def _checked(body, key):
    """The value of the radio button checked for aspect `key`, or None."""
    found = re.search(rf'name="v_{key}" id="v_{key}_\w+" value="(\w+)" checked', body)
    return found and found.group(1)


def _field(body, key):
    return html.unescape(re.search(rf'name="v_{key}" value="([^"]*)"', body).group(1))


def _xlsx(rows):
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.close()
    return out.getvalue()


def _upload(data, name="upload.xlsx"):
    return SimpleUploadedFile(name, data, content_type=XLSX)


# ---------------------------------------------------------------- the score sheet


def test_judge_saves_the_sheet_and_sees_the_values(client, final, numbers):
    judge = final.people["judge"]
    client = as_(client, judge)
    sheet = url(final, f"scoring/{numbers['李娜']}/")
    form = client.get(sheet).content.decode()
    assert "裁判 judge 直接评分" in form and "评分标准第 1 版" in form
    assert _checked(form, "A1") is None and _field(form, "A2") == ""
    # a judge cannot slip in another judge's mark by posting that judge's id
    data = {"judge": str(final.people["judge2"].pk), "v_A1": "1", "v_A2": "2, 0.5", "v_A3": "3"}
    response = client.post(sheet, data)
    body = response.content.decode()
    assert response.status_code == 200 and body.count("已保存") == 3
    assert _checked(body, "A1") == "1" and _field(body, "A2") == "2, 0.5"
    assert _checked(body, "A3") == "3"
    a3 = Mark.objects.get(aspect_key="A3")
    assert (a3.slot, a3.value, a3.status) == (str(judge.pk), 3, Mark.Status.CONFIRMED)
    index = client.get(url(final, "scoring/")).content.decode()
    assert re.search(rf'btn-success" href="{re.escape(sheet)}">{numbers["李娜"]}<', index)


def test_htmx_save_returns_only_the_sheet(client, final, numbers):
    client = as_(client, final.people["judge2"])
    sheet = url(final, f"scoring/{numbers['王芳']}/")
    response = client.post(sheet, {"v_A3": "2"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith('<form id="sheet"') and body.rstrip().endswith("</form>")
    assert "<html" not in body and "返回编号列表" not in body
    # htmx leaves 4xx answers unswapped unless told: a refused save would show nothing
    assert 'data-swap-status="409"' in body
    assert 'data-state="saved">已保存' in body and _checked(body, "A3") == "2"
    # saving again without a change is said so, and the revision the form carries moved on
    revision = re.search(r'name="r_A3" value="(\d+)"', body).group(1)
    again = client.post(sheet, {"v_A3": "2", "r_A3": revision}, headers={"HX-Request": "true"})
    assert again.status_code == 200 and 'data-state="unchanged">未修改' in again.content.decode()


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("A3", "abc", "“abc”不是普通数字"),
        ("A3", "4", "0–3 分制只能评 0、1、2、3"),
        ("A3", "2.5", "0–3 分制只能评 0、1、2、3"),
        ("A3", "NaN", "“NaN”不是普通数字"),
        ("A3", "1e0", "“1e0”不是普通数字：请写成 8、7.5 这样的数"),
        ("A2", "-1", "扣分不能为负数"),
        ("A2", "1, x", "“x”不是普通数字"),
        ("A2", " , ,", "请填写各项扣分；没有扣分请填 0"),
        ("A2", "0.00001", "“0.00001”不是普通数字"),
        ("A1", "2", "请选择“达到”或“未达到”"),
    ],
)
def test_a_bad_value_is_refused_with_a_message_and_nothing_is_stored(
    client, final, numbers, key, value, message
):
    client = as_(client, final.people["judge"])
    sheet = url(final, f"scoring/{numbers['李娜']}/")
    for headers in ({}, {"HX-Request": "true"}):
        response = client.post(sheet, {f"v_{key}": value}, headers=headers)
        body = response.content.decode()
        assert response.status_code == 409
        assert f'data-state="error">{html.escape(message)}' in body
        if key == "A2":  # what was typed stays in the box to be corrected
            assert _field(body, "A2") == value
    assert not Mark.objects.exists()
    assert final.revision == type(final).objects.get(pk=final.pk).revision


def test_stale_form_is_refused_with_what_is_there_now(client, final, numbers):
    client = as_(client, final.people["judge"])
    sheet = url(final, f"scoring/{numbers['李娜']}/")
    client.post(sheet, {"v_A1": "1", "r_A1": "0"})
    # the same form, opened before that save, still says revision 0
    response = client.post(sheet, {"v_A1": "0", "r_A1": "0"}, headers={"HX-Request": "true"})
    assert response.status_code == 409
    assert "他人已在您之后保存了此项（现为 达到）" in response.content.decode()
    assert Mark.objects.get(aspect_key="A1").value is True


def test_absent_finalist_cannot_be_scored(client, final, numbers):
    chief = as_(client, final.people["chief"])
    competitor = final.competitors.get(number=numbers["孙丽"])
    chief.post(url(final, f"competitors/{competitor.pk}/absent/"), {"absent": "1"})
    client = as_(client, final.people["judge"])
    index = client.get(url(final, "scoring/")).content.decode()
    assert f"{numbers['孙丽']} 缺考" in index
    response = client.post(url(final, f"scoring/{numbers['孙丽']}/"), {"v_A1": "1"}, follow=True)
    assert response.status_code == 409 and "已登记缺考，不能评分" in response.content.decode()
    assert not Mark.objects.exists()


def test_paper_sheet_needs_a_second_clerk_who_keys_blind(client, final, numbers):
    people = final.people
    judge2 = people["judge2"]
    sheet = url(final, f"scoring/{numbers['李娜']}/") + f"?judge={judge2.pk}"
    client = as_(client, people["clerk"])
    # no judge chosen: back to the list to choose one
    response = client.get(url(final, f"scoring/{numbers['李娜']}/"), follow=True)
    assert response.redirect_chain[-1][0] == url(final, "scoring/")
    assert "请先选择这份纸质评分表的裁判" in response.content.decode()
    index = client.get(url(final, "scoring/"), {"judge": judge2.pk}).content.decode()
    assert f'href="{html.escape(sheet)}"' in index
    body = client.post(sheet, {"judge": judge2.pk, "v_A3": "2"}).content.decode()
    assert "已录入，待另一人二次录入确认" in body
    mark = Mark.objects.get()
    assert (mark.status, mark.slot, mark.source) == ("awaiting", str(judge2.pk), "paper")
    page = client.get(sheet).content.decode()
    assert "纸质评分表录入 · 裁判 judge2" in page and "待二次录入" in page
    assert _checked(page, "A3") == "2"  # the clerk sees what the clerk keyed
    # the same clerk cannot confirm the entry: not offered, and refused when posted anyway
    assert "二次录入 " + numbers["李娜"] not in client.get(url(final, "scoring/")).content.decode()
    confirm = url(final, f"marks/{mark.pk}/confirm/")
    assert client.post(confirm, {"value": "2"}).status_code == 403
    again = client.post(sheet, {"judge": judge2.pk, "v_A3": "2", "r_A3": "1"}).content.decode()
    assert "未修改" in again
    mark.refresh_from_db()
    assert (mark.status, mark.second_by) == ("awaiting", None)

    offered = f'aria-label="二次录入 {numbers["李娜"]} A3"'
    assert offered in as_(client, people["chief"]).get(url(final, "scoring/")).content.decode()
    assert offered not in as_(client, people["judge"]).get(url(final, "scoring/")).content.decode()
    client = as_(client, people["clerk2"])
    page = client.get(sheet).content.decode()
    assert "待二次录入" in page and _checked(page, "A3") is None  # blind
    index = client.get(url(final, "scoring/")).content.decode()
    assert f'aria-label="二次录入 {numbers["李娜"]} A3"' in index
    response = client.post(confirm, {"value": "2"}, follow=True)
    assert f"参赛号 {numbers['李娜']} A3：二次录入一致，已确认" in response.content.decode()
    mark.refresh_from_db()
    assert (mark.status, mark.second_by) == ("confirmed", people["clerk2"])


def test_clerk_list_marks_done_per_judge_sheet(client, final, numbers):
    people = final.people
    client = as_(client, people["clerk"])
    sheet = url(final, f"scoring/{numbers['李娜']}/")
    client.post(sheet, {"judge": people["judge2"].pk, "v_A3": "2"})
    done = rf'btn-success" href="{re.escape(sheet)}\?judge={{}}">{numbers["李娜"]}<'
    index = client.get(url(final, "scoring/"), {"judge": people["judge2"].pk}).content.decode()
    assert re.search(done.format(people["judge2"].pk), index)
    # judge3's paper sheet for 李娜 has not been keyed: it must not look done
    index = client.get(url(final, "scoring/"), {"judge": people["judge3"].pk}).content.decode()
    assert not re.search(done.format(people["judge3"].pk), index)
    assert f'btn-outline-primary" href="{sheet}?judge={people["judge3"].pk}"' in index


def _keyed_once(final, numbers) -> Mark:
    """A clerk keys judge's paper mark A2 = 1, 0.5 for 王芳: it awaits a second entry."""
    people = final.people
    save_sheet(
        final, final.competitors.get(number=numbers["王芳"]), people["judge"], {"A2": "1, 0.5"},
        {}, actor=actor(people["clerk"]), paper=True,
    )  # fmt: skip
    return Mark.objects.get()


def test_second_entry_that_differs_goes_to_the_chief_judge(client, final, numbers):
    people = final.people
    mark = _keyed_once(final, numbers)
    client = as_(client, people["clerk2"])
    response = client.post(url(final, f"marks/{mark.pk}/confirm/"), {"value": "1"}, follow=True)
    assert "与第一次录入（1、0.5）不一致，已提交裁判长核对" in response.content.decode()
    client = as_(client, people["chief"])
    problems = client.get(url(final, "problems/")).content.decode()
    assert 'data-code="MISMATCH"' in problems
    assert re.search(rf"<td>{numbers['王芳']}</td><td>A2</td><td>测量</td>", problems)
    resolve = url(final, f"marks/{mark.pk}/resolve/")
    response = client.post(resolve, {"value": "1, 0.5"}, follow=True)
    assert f"参赛号 {numbers['王芳']} A2 已按纸质评分表裁定" in response.content.decode()
    mark.refresh_from_db()
    assert (mark.status, mark.value) == ("confirmed", ["1", "0.5"])
    assert 'data-code="MISMATCH"' not in client.get(url(final, "problems/")).content.decode()


# ---------------------------------------------------------------- the scheme


def _textarea(body):
    return html.unescape(re.search(r'<textarea name="text"[^>]*>(.*?)</textarea>', body, re.S)[1])


def test_scheme_shown_as_text_saves_back_unchanged(client, final):
    client = as_(client, final.people["host"])
    text = _textarea(client.get(url(final, "scheme/")).content.decode())
    assert 'key = "A3"' in text
    response = client.post(url(final, "scheme/"), {"text": text}, follow=True)
    assert "评分标准没有变化" in response.content.decode()
    assert Scheme.objects.filter(final=final).count() == 1


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (('max = "10"', 'max = "0"'), "modules[0].aspects[0].max: 应大于 0"),
        (('max = "10"', "max = 2.5"), "modules[0].aspects[0].max: 应为整数或写成文本的小数"),
        (('key = "A2"', 'key = "A1"'), "modules[0].aspects[1].key:"),
        (("aspects = [", "aspects = [[["), "格式错误：结尾处不符合评分标准的写法"),
        pytest.param(
            ("aspects = [", "aspects = " + "[" * 5000), "评分标准嵌套层数过多", id="too-deep"
        ),
        (('name = "', "name "), "格式错误：第 1 行第 6 列附近"),
        (
            ('kind = "deduction"', 'kind = "扣"'),
            "应为 all_or_nothing（全对或零分）、deduction（扣分）",
        ),
    ],
)
def test_scheme_with_an_error_names_where_and_stores_nothing(client, final, change, error):
    before = Scheme.objects.get(final=final).fingerprint
    audited = AuditEntry.objects.count()
    client = as_(client, final.people["host"])
    text = _textarea(client.get(url(final, "scheme/")).content.decode())
    assert change[0] in text
    response = client.post(url(final, "scheme/"), {"text": text.replace(change[0], change[1], 1)})
    body = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert "评分标准有误，未保存" in body and error in body
    assert change[1] in _textarea(response.content.decode())  # what was typed is kept
    assert list(Scheme.objects.values_list("version", "fingerprint")) == [(1, before)]
    assert AuditEntry.objects.count() == audited


def test_scheme_excel_export_imports_back_unchanged(client, final):
    client = as_(client, final.people["host"])
    before = Scheme.objects.get(final=final).fingerprint
    response = client.get(url(final, "scheme.xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="scheme-' in response["Content-Disposition"]
    page = client.get(url(final, "scheme/")).content.decode()
    name = re.search(r'id="scheme-name" name="name" class="[^"]*" value="([^"]*)"', page)[1]
    assert html.unescape(name) == "数控车工实际操作"  # the import form keeps the scheme's name
    data = {"file": _upload(response.content), "name": html.unescape(name)}
    page = client.post(url(final, "scheme/"), data, follow=True).content.decode()
    assert "评分标准没有变化" in page
    assert list(Scheme.objects.filter(final=final).values_list("fingerprint", flat=True)) == [
        before
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (os.urandom(2000).replace(b"PK", b"pk"), "请上传 .xlsx 文件"),
        (b"PK\x03\x04" + os.urandom(2000), "无法读取这个表格文件"),
        (
            _xlsx(
                [
                    ["模块", "名称", "代码", "评分项", "满分", "方式"],
                    ["A", "甲", "A1", "乙", 5, "扣分"],
                ]
            ),
            "表头应为：模块代码、模块名称、评分项代码、评分项名称、满分、评分方式",
        ),
        (
            _xlsx([sheets.SCHEME_HEADER, ["A", "甲", "A1", "乙", 5, "平均分"]]),
            "第 2 行：评分方式“平均分”应为 全对或零分、扣分、0-3分制、去掉最高最低分",
        ),
        (_xlsx([sheets.SCHEME_HEADER, ["A", "甲", "A1", "乙", 0, "扣分"]]), "应大于 0"),
    ],
)
def test_a_bad_scheme_workbook_gets_a_clear_message(client, final, data, message):
    client = as_(client, final.people["host"])
    response = client.post(url(final, "scheme/"), {"file": _upload(data), "name": "新标准"})
    body = response.content.decode()
    assert response.status_code == 400 and message in body
    assert 'key = "A3"' in html.unescape(_textarea(body))  # the editor still shows the scheme
    assert Scheme.objects.get(final=final).data["name"] == "数控车工实际操作"


def test_changing_the_scheme_after_marking_makes_version_2(client, final, numbers):
    people = final.people
    as_(client, people["judge"]).post(url(final, f"scoring/{numbers['李娜']}/"), {"v_A3": "3"})
    mark = Mark.objects.get()
    client = as_(client, people["host"])
    text = _textarea(client.get(url(final, "scheme/")).content.decode())
    changed = text.replace('max = "60"', 'max = "50"')
    response = client.post(url(final, "scheme/"), {"text": changed}, follow=True)
    page = response.content.decode()
    assert "评分标准已保存（第 2 版）" in page and "历史版本" in page
    assert list(Scheme.objects.filter(final=final).values_list("version", flat=True)) == [2, 1]
    mark.refresh_from_db()
    assert mark.scheme.version == 1 and mark.value == 3
    problems = as_(client, people["chief"]).get(url(final, "problems/")).content.decode()
    assert f"参赛号 {numbers['李娜']}：按旧版评分标准评的分，须按新版重评：A3" in problems
    sheet = as_(client, people["judge"]).get(url(final, f"scoring/{numbers['李娜']}/"))
    assert "评分标准第 2 版" in sheet.content.decode()


# ---------------------------------------------------------------- theory scores


def test_theory_scores_saved_from_the_form(client, final, numbers):
    client = as_(client, final.people["clerk"])
    first = numbers["李娜"]
    data = {f"ca_{first}": "90", f"k_{first}": "80.5"}
    response = client.post(url(final, "theory/"), data, follow=True)
    body = response.content.decode()
    assert "理论成绩已保存（1 名选手有变化）" in body
    assert f'name="k_{first}" class="form-control form-control-sm" value="80.50"' in body
    score = TheoryScore.objects.get()
    assert (str(score.current_affairs), str(score.knowledge)) == ("90.00", "80.50")
    assert score.entered_by == final.people["clerk"]


def test_theory_scores_imported_from_excel_and_exported_again(client, final, numbers):
    from python_calamine import CalamineWorkbook

    client = as_(client, final.people["host"])
    rows = [
        (number, "9" + str(i), "8" + str(i)) for i, number in enumerate(sorted(numbers.values()))
    ]
    response = client.post(
        url(final, "theory/"), {"file": _upload(sheets.theory_xlsx(rows))}, follow=True
    )
    assert "理论成绩已保存（4 名选手有变化）" in response.content.decode()
    assert TheoryScore.objects.count() == 4
    exported = client.get(url(final, "theory.xlsx"))
    cells = CalamineWorkbook.from_filelike(io.BytesIO(exported.content))
    table = cells.get_sheet_by_index(0).to_python()
    assert table[0] == sheets.THEORY_HEADER
    assert sorted(tuple(row) for row in table[1:]) == [
        (number, f"{ca}.00", f"{k}.00") for number, ca, k in rows
    ]


@pytest.mark.parametrize(
    ("how", "bad", "message"),
    [
        ("form", ("90", "101"), "业务知识：分数 101 超过满分 100"),
        ("form", ("90.123", "80"), "时事政治：最多保留两位小数"),
        ("form", ("-1", "80"), "时事政治：分数不能为负数"),
        ("form", ("九十", "80"), "时事政治：“九十”不是普通数字"),
        ("excel", ("90", "101"), "业务知识：分数 101 超过满分 100"),
        ("excel-unknown", ("90", "80"), "参赛号 999：没有参赛号 999"),
    ],
)
def test_theory_all_or_nothing(client, final, numbers, how, bad, message):
    client = as_(client, final.people["host"])
    good, other = sorted(numbers.values())[:2]
    if how == "form":
        data = {f"ca_{good}": "90", f"k_{good}": "80", f"ca_{other}": bad[0], f"k_{other}": bad[1]}
    else:
        number = "999" if how == "excel-unknown" else other
        workbook = sheets.theory_xlsx([(good, "90", "80"), (number, *bad)])
        data = {"file": _upload(workbook)}
    response = client.post(url(final, "theory/"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "未保存，请改正" in body and html.escape(message) in body
    assert not TheoryScore.objects.exists()


def test_theory_workbook_with_a_wrong_header(client, final):
    client = as_(client, final.people["host"])
    data = {"file": _upload(_xlsx([["编号", "时政", "业务"], ["001", 90, 80]]))}
    response = client.post(url(final, "theory/"), data)
    assert response.status_code == 400
    assert "表头应为：参赛号、时事政治、业务知识" in response.content.decode()
    assert not TheoryScore.objects.exists()


# ---------------------------------------------------------------- the panel


def _org(name):
    kind = "league_city" if name.endswith("市") else "host_unit"
    return Organization.objects.get(kind=kind, name=name)


def test_host_appoints_a_panel_member(client, final):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("newjudge")
    host_org = _org("中国航天科工集团第六研究院")
    client = as_(client, final.people["host"])
    data = {"username": "newjudge", "role": "judge", "organization": host_org.pk}
    page = client.post(url(final, "panel/"), data, follow=True).content.decode()
    assert "已将 newjudge 任命为裁判" in page
    assert re.search(r"<td>裁判</td><td>newjudge</td><td>中国航天科工集团第六研究院</td>", page)
    assert Membership.objects.filter(user__username="newjudge", event=final.event).exists()
    entry = AuditEntry.objects.get(action="judging.panel.added")
    assert entry.changes["user"] == [None, "newjudge"] and entry.actor_name == "host"
    # the new judge can open the scoring pages now
    newjudge = get_user_model().objects.get(username="newjudge")
    assert as_(client, newjudge).get(url(final, "scoring/")).status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "nobody", "role": "judge"}, "请填写已有的用户名"),
        ({"username": "charlie", "role": "supervisor"}, "请填写已有的用户名"),
        ({"username": "charlie", "role": "judge", "organization": "x"}, "请填写已有的用户名"),
        ({"username": "charlie", "role": "judge", "org": "呼和浩特市"}, "不得为其评分"),
    ],
)
def test_panel_refuses_what_it_cannot_appoint(client, final, data, message):
    data = dict(data)
    org = data.pop("org", "中国航天科工集团第六研究院")
    data.setdefault("organization", _org(org).pk)
    client = as_(client, final.people["host"])
    before = Membership.objects.count()
    page = client.post(url(final, "panel/"), data, follow=True).content.decode()
    assert "alert-danger" in page and message in page
    assert Membership.objects.count() == before
    assert not AuditEntry.objects.filter(action="judging.panel.added").exists()


def test_the_panel_is_not_changed_once_the_scores_are_locked(client, final):
    from django.utils import timezone

    Final.objects.filter(pk=final.pk).update(locked_at=timezone.now())
    client = as_(client, final.people["host"])
    before = Membership.objects.count()
    data = {
        "username": "charlie",
        "role": "judge",
        "organization": _org("中国航天科工集团第六研究院").pk,
    }
    page = client.post(url(final, "panel/"), data, follow=True).content.decode()
    assert "成绩已锁定，评判组不能再调整" in page and Membership.objects.count() == before
    encryption = Membership.objects.get(user=final.people["encryption"], event=final.event)
    page = client.post(url(final, "panel/"), {"remove": encryption.pk}, follow=True)
    assert "成绩已锁定，评判组不能再调整" in page.content.decode()
    assert Membership.objects.count() == before  # the decryption still has its officer


def test_removal_from_the_panel_is_audited_and_ends_access(client, final):
    judge3 = final.people["judge3"]
    membership = Membership.objects.get(user=judge3, event=final.event)
    client = as_(client, final.people["host"])
    page = client.post(url(final, "panel/"), {"remove": membership.pk}, follow=True)
    assert "已移出评判组" in page.content.decode()
    assert not Membership.objects.filter(pk=membership.pk).exists()
    entry = AuditEntry.objects.get(action="judging.panel.removed")
    assert entry.changes == {"role": ["judge", None], "user": ["judge3", None]}
    assert entry.actor_name == "host"
    assert as_(client, judge3).get(url(final)).status_code == 404
    # an appointment outside this event's panel cannot be removed from here
    office = Membership.objects.get(user=final.people["office"])
    client = as_(client, final.people["host"])
    assert client.post(url(final, "panel/"), {"remove": office.pk}).status_code == 404
    assert client.post(url(final, "panel/"), {"remove": "１"}).status_code == 404
    assert Membership.objects.filter(pk=office.pk).exists()


def test_final_home_counts_what_the_panel_needs(client, final, numbers):
    score_all(final, {"李娜": ("1", "0", [3, 3, 3])}, numbers)
    page = as_(client, final.people["chief"]).get(url(final)).content.decode()
    assert "4 名决赛选手" in page and "第 1 版" in page
    assert "待处理问题（6）" in page  # three finalists not scored yet, nor their theory
    assert 'action="/office/2020-nmg/events/' in page and "锁定成绩" in page
    judge_page = as_(client, final.people["judge"]).get(url(final)).content.decode()
    assert "锁定成绩" not in judge_page and "录入评分" in judge_page


# ---------------------------------------------------------------- values as people read them


def test_values_read_as_entered_in_the_second_entry_mismatch_and_correction_lists(
    client, final, numbers
):
    people = final.people
    first = final.competitors.get(number=numbers["李娜"])
    for values in ({"A1": "1"}, {"A2": "1, 0.5"}):
        save_sheet(
            final, first, people["judge"], values, {},
            actor=actor(people["clerk"]), paper=True,
        )  # fmt: skip
    a1, a2 = Mark.objects.order_by("aspect_key")
    client = as_(client, people["clerk2"])
    index = client.get(url(final, "scoring/")).content.decode()
    # pass/fail is chosen, not typed (the form does not say what to type for 达到)
    choice = re.search(rf'<select name="value"[^>]*aria-label="二次录入 {first.number} A1"', index)
    assert choice and '<option value="1">达到</option><option value="0">未达到</option>' in index
    assert "各项扣分，用逗号分隔" in index  # the deduction box says how to key it
    client.post(url(final, f"marks/{a1.pk}/confirm/"), {"value": "0"})
    client.post(url(final, f"marks/{a2.pk}/confirm/"), {"value": "1"})

    client = as_(client, people["chief"])
    problems = client.get(url(final, "problems/")).content.decode()
    assert (
        f"<td>{first.number}</td><td>A1</td><td>测量</td><td>达到</td><td>未达到</td>" in problems
    )
    assert f"<td>{first.number}</td><td>A2</td><td>测量</td><td>1、0.5</td><td>1</td>" in problems
    assert "True" not in problems and "[&#x27;" not in problems
    client.post(url(final, f"marks/{a1.pk}/resolve/"), {"value": "1"})
    client.post(url(final, f"marks/{a2.pk}/resolve/"), {"value": "1, 0.5"})
    score_all(final, {"李娜": ("", "", [3, 3, 3])}, numbers)
    for name in ("王芳", "赵敏", "孙丽"):
        competitor = final.competitors.get(number=numbers[name])
        set_absent(competitor, True, actor=actor(people["chief"]))
    response = client.post(url(final, "lock/"), {"confirm": "yes"}, follow=True)
    assert "成绩已锁定" in response.content.decode()
    data = {"number": first.number, "aspect": "A1", "value": "0", "reason": "核对纸质表"}
    page = client.post(url(final, "corrections/"), data, follow=True).content.decode()
    assert "更正已提出" in page
    assert f"<td>{first.number}</td><td>A1</td><td>测量</td><td>达到</td><td>未达到</td>" in page


def test_second_entry_of_the_same_number_written_differently_confirms(client, final, numbers):
    people = final.people
    mark = _keyed_once(final, numbers)
    client = as_(client, people["clerk2"])
    response = client.post(
        url(final, f"marks/{mark.pk}/confirm/"), {"value": "1.0, 0.50"}, follow=True
    )
    assert "二次录入一致，已确认" in response.content.decode()
    mark.refresh_from_db()
    assert mark.status == "confirmed"


def test_second_entry_of_the_same_deductions_in_another_order_confirms(client, final, numbers):
    mark = _keyed_once(final, numbers)  # 1, 0.5
    client = as_(client, final.people["clerk2"])
    response = client.post(
        url(final, f"marks/{mark.pk}/confirm/"), {"value": "0.5, 1"}, follow=True
    )
    assert "二次录入一致，已确认" in response.content.decode()


@pytest.mark.parametrize("page", ["scheme/", "theory/"])
def test_a_workbook_over_5_mb_is_refused_unread(client, final, page, monkeypatch):
    from django.core.files.uploadedfile import TemporaryUploadedFile

    def never(*args):
        raise AssertionError("a file over the limit is refused before it is read")

    client = as_(client, final.people["host"])
    too_big = _upload(b"PK" + b"\0" * (sheets.MAX_BYTES + 1), "big.xlsx")
    monkeypatch.setattr(TemporaryUploadedFile, "read", never, raising=False)  # the server's copy
    response = client.post(url(final, page), {"file": too_big, "name": "新标准"})
    assert response.status_code == 400 and sheets.TOO_LARGE in response.content.decode()
    assert not TheoryScore.objects.exists()
    assert Scheme.objects.get(final=final).data["name"] == "数控车工实际操作"


def test_two_judges_with_one_name_are_told_apart(client, final):
    people = final.people
    for name in ("judge", "judge2"):
        people[name].first_name = "演示·裁判"
        people[name].save()
    page = as_(client, people["host"]).get(url(final, "panel/")).content.decode()
    assert "演示·裁判（judge）" in page and "演示·裁判（judge2）" in page


def test_a_sheet_saved_with_nothing_filled_in_says_so(client, final, numbers):
    client = as_(client, final.people["judge"])
    sheet = url(final, f"scoring/{numbers['李娜']}/")
    page = client.post(sheet, {"v_A2": "   ", "v_A3": ""}, follow=True).content.decode()
    assert "没有填写任何评分，未保存" in page and not Mark.objects.exists()


def test_the_theory_page_after_the_lock_is_read_only(client, final, numbers):
    from django.utils import timezone

    Final.objects.filter(pk=final.pk).update(locked_at=timezone.now())
    page = as_(client, final.people["host"]).get(url(final, "theory/")).content.decode()
    assert "成绩已锁定，理论成绩只供查看" in page and "<fieldset disabled>" in page
    assert "从 Excel 导入" not in page


def test_the_admin_keeps_the_panel_rules(client, final, numbers):
    from django.utils import timezone

    from zhenxing.orgs.demo import office_group
    from zhenxing.orgs.models import Role

    office = final.people["office"]
    office.is_staff = True
    office.save()
    office.groups.add(office_group())
    client = as_(client, office)
    hohhot = _org("呼和浩特市")  # 李娜's delegation
    data = {
        "user": final.people["charlie"].pk,
        "edition": final.event.edition_id,
        "organization": hohhot.pk,
        "role": Role.JUDGE,
        "event": final.event.pk,
        "created_at_0": "2020-09-01",
        "created_at_1": "08:00:00",
    }
    before = Membership.objects.count()
    page = client.post("/admin/orgs/membership/add/", data).content.decode()
    assert "不得为其评分" in page and Membership.objects.count() == before
    Final.objects.filter(pk=final.pk).update(locked_at=timezone.now())
    data["organization"] = _org("中国航天科工集团第六研究院").pk
    page = client.post("/admin/orgs/membership/add/", data).content.decode()
    assert "该项目成绩已锁定，评判组不能再调整" in page and Membership.objects.count() == before
