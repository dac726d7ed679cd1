"""Judges, clerks, the chief judge and supervisors know finalists by contest number only: every
page and htmx answer they can get is scanned for names, delegations and ID numbers."""

import io

import pytest

from tests.support import actor, score_all
from zhenxing.judging.anonymity import confirm_decryption, next_layer, request_decryption
from zhenxing.judging.lock import lock as lock_final
from zhenxing.judging.lock import propose_correction
from zhenxing.judging.marks import confirm, resolve_mismatch, save_sheet, set_absent
from zhenxing.judging.models import Mark
from zhenxing.judging.theory import save_theory

from .test_views import as_, url

pytestmark = pytest.mark.django_db

PAGES = ["", "scheme/", "panel/", "scoring/", "problems/", "corrections/", "results/"]
PAGES += ["theory/", "recheck/", "appeals/", "decryption/", "scheme.xlsx", "theory.xlsx"]


def _secrets(final):
    """Everything that would tell who a finalist is."""
    found = {"呼和浩特市", "包头市"}
    for competitor in final.competitors.select_related("entry__person"):
        person = competitor.entry.person
        number = person.document_number
        assert len(number) == 18
        found |= {person.name, number, number[:14], number[:6] + "*" * 8 + number[-4:]}
        found |= {number[6:14], person.phone}
    return found


def _text(response) -> str:
    """What the user gets, as text: an HTML page or the cells of a workbook."""
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        return "\n".join(
            str(cell)
            for name in book.sheet_names
            for row in book.get_sheet_by_name(name).to_python()
            for cell in row
        )
    return response.content.decode()


@pytest.fixture
def busy(final, numbers):
    """李娜 and 王芳 scored directly; 赵敏 by judge directly and from paper for judge2 (awaiting
    its second entry) and judge3 (two entries that differ); 孙丽 not scored; theory for all."""
    people = final.people
    score_all(final, {"李娜": ("1", "0", [3, 3, 3]), "王芳": ("1", "2, 1", [2, 2, 3])}, numbers)
    zhao = final.competitors.get(number=numbers["赵敏"])
    values = {"A1": "1", "A2": "0", "A3": "2"}
    save_sheet(
        final, zhao, people["judge"], values, {},
        actor=actor(people["judge"]), paper=False,
    )  # fmt: skip
    for judge, clerk in (("judge2", "clerk2"), ("judge3", "clerk")):
        save_sheet(
            final, zhao, people[judge], {"A3": "2"}, {},
            actor=actor(people[clerk]), paper=True,
        )  # fmt: skip
    mark = Mark.objects.get(competitor=zhao, slot=str(people["judge3"].pk))
    confirm(mark, "3", actor=actor(people["clerk2"]))  # a mismatch
    rows = {number: ("90", "80") for number in numbers.values()}
    save_theory(final, rows, actor=actor(people["host"]))
    return final


def _scan(client, final, secrets, judge_pk):
    """GET every page there is for the final and return how many opened; assert none leaks."""
    query = f"?judge={judge_pk}"
    pages = [url(final, page) for page in PAGES] + [url(final, "scoring/") + query]
    pages += [url(final, f"scoring/{c.number}/") + query for c in final.competitors.all()]
    pages += [url(final, "numbers/")]
    opened = 0
    for page in pages:
        response = client.get(page, follow=True)
        opened += response.status_code == 200
        _assert_clean(_text(response), secrets, page)
    return opened


def _assert_clean(body, secrets, where):
    for secret in secrets:
        assert secret not in body, (where, secret)


def _lock_with_a_pending_correction(final, numbers):
    people = final.people
    chief = actor(people["chief"])
    zhao = final.competitors.get(number=numbers["赵敏"])
    resolve_mismatch(zhao.marks.get(status="mismatch"), "2", actor=chief)
    confirm(zhao.marks.get(status="awaiting"), "2", actor=actor(people["clerk"]))
    sun = final.competitors.get(number=numbers["孙丽"])
    sun.marks.all().delete()  # what the scan saved for 孙丽
    set_absent(sun, True, actor=chief)
    lock_final(final, actor=chief)
    mark = Mark.objects.get(competitor__number=numbers["李娜"], aspect_key="A1")
    propose_correction(mark, "0", "复核发现录入错误", actor=chief)


@pytest.mark.parametrize(
    ("persona", "pages"),
    [("judge", 14), ("clerk", 16), ("chief", 14), ("supervisor", 10)],  # appeals: after decryption
)
def test_no_page_or_htmx_answer_names_a_finalist(client, busy, numbers, persona, pages):
    people = busy.people
    secrets = _secrets(busy)
    client = as_(client, people[persona])
    judge_pk = people["judge"].pk
    assert _scan(client, busy, secrets, judge_pk) == pages
    # the numbers (sign-in) page is not theirs
    assert client.get(url(busy, "numbers/")).status_code == 403
    # htmx saves of a sheet: bad values for everyone, a good one for 孙丽 (not scored yet)
    statuses = {}
    for name, number in numbers.items():
        values = {"v_A1": "x", "v_A2": "-1", "v_A3": "9"}
        if name == "孙丽":
            values = {"v_A3": "1"}
        data = values | {"judge": judge_pk}
        sheet = url(busy, f"scoring/{number}/")
        response = client.post(sheet, data, headers={"HX-Request": "true"})
        statuses[name] = response.status_code
        _assert_clean(response.content.decode(), secrets, (sheet, values))
    refused = 403 if persona == "supervisor" else 409
    assert statuses == {"李娜": refused, "王芳": refused, "赵敏": refused} | {
        "孙丽": 403 if persona == "supervisor" else 200
    }

    # after the lock, with a correction waiting for a supervisor: the same pages again
    _lock_with_a_pending_correction(busy, numbers)
    client = as_(client, people[persona])
    assert _scan(client, busy, secrets, judge_pk) == pages
    sheet = url(busy, f"scoring/{numbers['李娜']}/")
    data = {"v_A1": "0", "judge": judge_pk}
    response = client.post(sheet, data, headers={"HX-Request": "true"})
    assert response.status_code == (403 if persona == "supervisor" else 409)
    _assert_clean(response.content.decode(), secrets, "locked sheet")

    # after decryption names appear beside results for the chief judge and supervisors only
    while next_layer(busy):
        step = request_decryption(busy, actor=actor(people["encryption"]))
        confirm_decryption(step, actor=actor(people["supervisor"]))
    client = as_(client, people[persona])
    if persona in ("judge", "clerk"):  # and now the appeals page too
        assert _scan(client, busy, secrets, judge_pk) == pages + 1
    else:
        results = client.get(url(busy, "results/")).content.decode()
        assert f"<td>{numbers['李娜']}</td>\n    <td>李娜</td><td>呼和浩特市</td>" in results
