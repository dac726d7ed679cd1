"""What Excel, WPS and LibreOffice do to the platform's files, and to the files they give it:
ID and phone numbers in a CSV export are text formulas (="150102…") a spreadsheet shows as
typed; the importer reads such cells, .ods files and the two-digit years LibreOffice writes into
a CSV; the import error report writes ID and phone numbers as text cells."""

import csv
import datetime as dt
import io

from python_calamine import CalamineWorkbook
from stdnum.cn import ric

from tests.formats.test_ods import ods, row, text
from tests.support import make_id
from zhenxing.orgs.audit import SYSTEM
from zhenxing.registration.exports import as_text
from zhenxing.registration.models import ImportJob, Person

from .test_import import HEADERS, upload
from .test_import import row as template_row


def id_ending_in_x(birth: dt.date) -> str:
    for seq in range(100):
        body = f"150102{birth:%Y%m%d}{seq:02d}3"
        if ric.calc_check_digit(body + "0") == "X":
            return body + "X"
    raise AssertionError("no sequence gives X")


def enter(delegation, name: str, id_number: str, phone: str = "13900001111"):
    from zhenxing.registration.services import EntryData, save_entry

    birth = dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    data = EntryData(
        name=name,
        occupation="数控车工",
        group="worker",
        birth_date=birth,
        gender="男",
        id_number=id_number,
        phone=phone,
    )
    return save_entry(delegation, data, actor=SYSTEM)[0]


DIGITS_ID = make_id(dt.date(1990, 11, 11), seq="11")
X_ID = id_ending_in_x(dt.date(1991, 2, 3))
assert DIGITS_ID[-1].isdigit()  # a number to a spreadsheet: what loses its last digits


def export_rows(client, delegation, full=True) -> list[list[str]]:
    url = f"/office/2020-nmg/delegations/{delegation.pk}/export.csv" + ("?full=1" if full else "")
    return list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))


def test_the_csv_export_writes_id_and_phone_numbers_as_text_formulas(login, delegations):
    enter(delegations["A"], "张伟", DIGITS_ID)
    enter(delegations["A"], "李娜", X_ID, phone="")
    alice = login("alice")
    header, *rows = export_rows(alice, delegations["A"])
    by_name = {r[header.index("姓名")]: r for r in rows}
    number, phone = header.index("证件号码"), header.index("手机号码")
    # a spreadsheet shows ="…" as the text between the quotes: all 18 characters, as typed
    assert by_name["张伟"][number] == f'="{DIGITS_ID}"' and by_name["李娜"][number] == f'="{X_ID}"'
    assert by_name["张伟"][phone] == '="13900001111"' and by_name["李娜"][phone] == ""
    assert by_name["张伟"][header.index("出生日期")] == "1990-11-11"  # others as they were
    masked = export_rows(alice, delegations["A"], full=False)[1:]
    assert {r[number] for r in masked} == {f'="150102********{i[-4:]}"' for i in (DIGITS_ID, X_ID)}


def test_an_exported_number_pasted_into_the_template_is_imported_as_the_text_it_shows(
    login, delegations
):
    """The importer reads ="…" (the export's text formula, kept in a CSV saved by WPS or a
    copy of the export's columns) as the text between the quotes."""
    values = template_row("张伟", dt.date(1990, 11, 11), id_number=as_text(DIGITS_ID))
    values[HEADERS.index("手机号码")] = as_text("13900001111")
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADERS, values])
    upload(login("alice"), delegations["A"], buffer.getvalue().encode("utf-8-sig"), "报名.csv")
    job = ImportJob.objects.get()
    assert job.report["counts"] == {"create": 1}, job.report["rows"]
    login("alice").post(f"/office/2020-nmg/imports/{job.pk}/confirm/")
    person = Person.objects.get()
    assert (person.document_number, person.phone) == (DIGITS_ID, "13900001111")


def test_the_error_report_writes_id_and_phone_numbers_as_text(login, delegations):
    """A number Excel made of an ID (its last digits lost) and a phone typed as a number come
    back in the error report as text cells: what the registrar retypes there stays text."""
    values = template_row("张伟", dt.date(1990, 11, 11), id_number=DIGITS_ID)
    values[HEADERS.index("手机号码")] = "13900001111"
    alice = login("alice")
    upload(alice, delegations["A"], _with_numbers(values))
    job = ImportJob.objects.get()
    assert job.report["counts"] == {"error": 1}
    report = alice.get(f"/office/2020-nmg/imports/{job.pk}/errors.xlsx").content
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(report)).get_sheet_by_index(0).to_python()
    number, phone = sheet[1][HEADERS.index("证件号码")], sheet[1][HEADERS.index("手机号码")]
    assert number == "150102199011111000"  # the 15 digits the number kept, as text
    assert phone == "13900001111"
    assert sheet[1][HEADERS.index("姓名")] == "张伟"


def _with_numbers(values: list) -> bytes:
    """The row as an xlsx whose ID and phone cells are number cells."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADERS)
    for column, value in enumerate(values):
        if HEADERS[column] in ("证件号码", "手机号码"):
            sheet.write_number(1, column, float(value))
        else:
            sheet.write_string(1, column, value)
    book.close()
    return buffer.getvalue()


def test_an_ods_file_is_imported(login, delegations):
    values = template_row("张伟", dt.date(1990, 11, 11), id_number=DIGITS_ID)
    data = ods(row(*map(text, HEADERS)) + row(*map(text, values)))
    alice = login("alice")
    upload(alice, delegations["A"], data, "报名.ods")
    job = ImportJob.objects.get()
    assert job.report["counts"] == {"create": 1}, job.error
    alice.post(f"/office/2020-nmg/imports/{job.pk}/confirm/")
    assert Person.objects.get().document_number == DIGITS_ID


def test_a_two_digit_year_is_read_when_the_id_number_settles_the_century(login, delegations):
    born_2000, born_1990 = dt.date(2000, 7, 1), dt.date(1990, 7, 1)
    rows = [
        template_row(
            "张二千",
            born_2000,
            occupation="模具工(冲压)",
            group="学生组",
            **{"出生日期": "00年7月1日", "全日制在籍学生": "是"},
        ),  # fmt: skip
        template_row("李九十", born_1990, **{"出生日期": "90年7月1日"}),
        template_row("王英文", born_1990, **{"出生日期": "7/1/90"}),  # an English Calc
        template_row("赵不符", born_1990, **{"出生日期": "00年7月1日"}),
        template_row(
            "孙护照",
            born_1990,
            **{"出生日期": "90年7月1日", "证件类型": "护照", "证件号码": "E12345678"},
        ),  # fmt: skip
    ]
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADERS, *rows])
    alice = login("alice")
    upload(alice, delegations["A"], buffer.getvalue().encode("utf-8-sig"), "报名.csv")
    job = ImportJob.objects.get()
    errors = {r["name"]: "".join(r["errors"]) for r in job.report["rows"]}
    assert errors["张二千"] == errors["李九十"] == errors["王英文"] == ""
    for name in ("赵不符", "孙护照"):  # nothing settles the century: say how to write it
        assert "出生日期：“" in errors[name] and "的年份只有两位" in errors[name]
        assert "请写成四位年份，如 1995-07-01" in errors[name]
    page = alice.get(f"/office/2020-nmg/imports/{job.pk}/").content.decode()
    assert "请写成四位年份" in page
    alice.post(f"/office/2020-nmg/imports/{job.pk}/confirm/")
    born = dict(Person.objects.values_list("name", "birth_date"))
    assert born == {"张二千": born_2000, "李九十": born_1990, "王英文": born_1990}
