"""The marking scheme edited as rows in a form (modules, aspects, kinds in Chinese; add, remove,
reorder), each problem said on its field; the TOML stays as the advanced view."""

import html

import pytest

from zhenxing.judging.locking import final_of
from zhenxing.judging.models import Scheme
from zhenxing.judging.schemes import current_scheme, rules_scheme
from zhenxing.orgs.models import AuditEntry

pytestmark = pytest.mark.django_db


def _page(cnc):
    return f"/office/2020-nmg/events/{cnc.pk}/final/scheme/"


def _post(rows, name="数控车工实际操作", action="save"):
    data = {"rows": str(len(rows)), "name": name, "action": action}
    for index, row in enumerate(rows):
        order, module_key, module_label, key, label, full, kind, *delete = row
        values = dict(
            order=order, module_key=module_key, module_label=module_label, key=key,
            label=label, max=full, kind=kind,
        )  # fmt: skip
        data |= {f"row-{index}-{field}": value for field, value in values.items()}
        if delete:
            data[f"row-{index}-delete"] = "1"
    return data


def test_a_clerk_builds_a_scheme_in_rows_reorders_and_removes(login, cnc):
    host = login("host")
    page = host.get(_page(cnc)).content.decode()
    assert 'id="scheme-rows"' in page and page.count('name="row-') >= 3 * 8
    assert "0-3分制（评价分：0–3 分制（至少 3 名裁判））" in page  # kinds in Chinese
    assert "高级：以 TOML 文本编辑" in page
    rows = [
        ("10", "A", "零件加工", "A1", "安全防护", "10", "all_or_nothing"),
        ("20", "A", "", "A2", "尺寸精度", "30", "deduction"),
        ("30", "B", "职业素养", "B1", "文明生产", "5", "scale_0_3"),
        ("15", "A", "", "A3", "表面质量", "55", "scale_0_3"),  # put between A1 and A2
        ("40", "B", "", "B2", "废弃项", "1", "deduction", "delete"),
        ("50", "", "", "", "", "", "scale_0_3"),  # an empty row: ignored
    ]
    response = host.post(_page(cnc), _post(rows), follow=True)
    assert "评分标准已保存（第 1 版）" in response.content.decode()
    scheme = rules_scheme(current_scheme(final_of(cnc)))
    assert scheme.name == "数控车工实际操作"  # the name typed, not a field's
    assert [(m.key, m.label) for m in scheme.modules] == [("A", "零件加工"), ("B", "职业素养")]
    assert [a.key for a in scheme.aspects] == ["A1", "A3", "A2", "B1"]
    assert str(scheme.full_mark) == "100"
    assert AuditEntry.objects.filter(action="judging.scheme.created").count() == 1
    again = host.get(_page(cnc)).content.decode()
    assert 'value="表面质量"' in again and 'value="废弃项"' not in again


def test_each_problem_is_said_on_its_row_and_field_and_nothing_is_saved(login, cnc):
    host = login("host")
    rows = [
        ("10", "A", "零件加工", "A1", "安全防护", "", "all_or_nothing"),
        ("20", "A", "另一个名称", "A1", "尺寸精度", "abc", "deduction"),
        ("30", "B", "", "B1", "文明生产", "5", "magic"),
        ("x", "C", "职业素养", "C1", "工具摆放", "5", "deduction"),
    ]
    response = host.post(_page(cnc), _post(rows))
    body = html.unescape(response.content.decode())
    assert response.status_code == 400 and "评分标准有误，未保存：请按表中标出的提示修改" in body
    assert 'id="row-0-max-error">请填写满分<' in body
    assert 'aria-describedby="row-0-max-error"' in body
    assert 'id="row-1-module_label-error">模块 A 的名称前面写的是“零件加工”' in body
    assert 'id="row-1-key-error">评分项代码 A1 与' in body
    assert 'id="row-1-max-error">不是普通数字' in body
    assert 'id="row-2-module_label-error">请填写模块名称' in body
    assert 'id="row-2-kind-error">请选择评分方式' in body
    assert 'id="row-3-order-error">顺序应为数字' in body
    assert 'value="另一个名称"' in body  # what was typed is kept
    assert not Scheme.objects.exists()


def test_more_rows_are_added_without_saving(login, cnc):
    host = login("host")
    rows = [("10", "A", "零件加工", "A1", "安全防护", "10", "all_or_nothing")]
    response = host.post(_page(cnc), _post(rows, action="more"))
    body = response.content.decode()
    assert response.status_code == 200 and 'name="rows" value="6"' in body
    assert 'name="row-5-order" id="row-5-order" value="60"' in body
    assert 'value="安全防护"' in body and not Scheme.objects.exists()
    assert login("alice").post(_page(cnc), _post(rows)).status_code in (403, 404)


def test_a_problem_of_the_scheme_itself_is_said_above_the_table(login, cnc):
    rows = [("10", "A", "零件加工", "A1", "安全防护", "10", "all_or_nothing")]
    response = login("host").post(_page(cnc), _post(rows, name="名" * 101))
    body = html.unescape(response.content.decode())
    assert response.status_code == 400 and "评分标准名称：最多 100 个字，现有 101 个" in body
    assert not Scheme.objects.exists()
