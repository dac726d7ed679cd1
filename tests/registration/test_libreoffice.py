"""The platform's files opened in a real office program: LibreOffice Calc (headless, zh-CN, a fresh
profile) opens the exports and the import error report and saves them again, and the ID numbers
(one not ending in X among them) and Chinese names are what they were; a template Calc saved as
.ods or as CSV (two-digit years and all) is imported. One soffice call converts all of a test's
files. `make system-deps` installs Debian's libreoffice-calc-nogui; without soffice these skip."""

import csv
import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
import xlsxwriter

from zhenxing.registration.exports import as_text
from zhenxing.registration.models import ImportJob, Person

from .test_import import HEADERS, upload
from .test_import import row as template_row
from .test_spreadsheet_programs import DIGITS_ID, X_ID, _with_numbers, enter

SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice 未安装（PATH 中没有 soffice）：运行 make system-deps，"
    "或 apt-get install libreoffice-calc-nogui",
)
UTF8_CSV = "44,34,76,1"  # comma, double quote, UTF-8, from the first line
# Calc's language as a Chinese user has it: it decides how dates are shown (and saved in CSV)
ZH_CN = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">
<value>zh-CN</value></prop></item>
</oor:items>
"""


def calc(files: dict[str, bytes], to: str, tmp_path: Path) -> dict[str, bytes]:
    """Each file opened in LibreOffice Calc and saved as `to` ("csv" in UTF-8, or "ods"), all
    in one soffice call; the saved files by the names given (their extension replaced)."""
    source, out, profile = tmp_path / "in", tmp_path / "out", tmp_path / "profile"
    source.mkdir()
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(ZH_CN, "utf-8")
    for name, data in files.items():
        (source / name).write_bytes(data)
    target = f"csv:Text - txt - csv (StarCalc):{UTF8_CSV}" if to == "csv" else to
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         f"--infilter=CSV:{UTF8_CSV}", "--convert-to", target, "--outdir", str(out),
         *(str(source / name) for name in files)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return {name: (out / f"{Path(name).stem}.{to}").read_bytes() for name in files}


def cells(saved: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(saved.decode("utf-8-sig"))))


def test_ids_and_names_survive_libreoffice_saving_the_exports_as_csv(login, delegations, tmp_path):
    """Calc opens the full CSV and xlsx exports and the error report, and saves each as CSV (what
    a user who edits a list and sends it on does): every ID number whole, names intact. A
    template saved from Calc as CSV has its dates as Calc shows them (00年7月1日): imported."""
    enter(delegations["A"], "张伟", DIGITS_ID)
    enter(delegations["A"], "李娜", X_ID)
    alice = login("alice")
    base = f"/office/2020-nmg/delegations/{delegations['A'].pk}/"
    values = template_row("王芳", dt.date(1992, 5, 6), id_number=DIGITS_ID)
    values[HEADERS.index("手机号码")] = "13900001111"
    upload(alice, delegations["A"], _with_numbers(values))  # Excel turned both into numbers
    job = ImportJob.objects.get()
    saved = calc(
        {
            "export-csv.csv": alice.get(base + "export.csv?full=1").content,
            "export-xlsx.xlsx": alice.get(base + "export.xlsx?full=1").content,
            "report.xlsx": alice.get(f"/office/2020-nmg/imports/{job.pk}/errors.xlsx").content,
            "dates.csv": _dated_template(),
        },
        "csv",
        tmp_path,
    )
    for name in ("export-csv.csv", "export-xlsx.xlsx"):
        rows = cells(saved[name])
        header = next(r for r in rows if "证件号码" in r)
        shown = {r[header.index("姓名")]: r for r in rows[rows.index(header) + 1 :]}
        number, phone = header.index("证件号码"), header.index("手机号码")
        assert shown["张伟"][number] == DIGITS_ID, name  # not 1.50102199011111E+017
        assert shown["李娜"][number] == X_ID and shown["张伟"][phone] == "13900001111", name
    header, report = cells(saved["report.xlsx"])
    assert report[header.index("姓名")] == "王芳"
    # the digits Excel kept, as text: shown whole, and what is typed over them stays text
    assert report[header.index("证件号码")] == "150102199011111000"
    assert report[header.index("手机号码")] == "13900001111"

    assert "00年7月1日" in saved["dates.csv"].decode("utf-8-sig")  # as zh-CN Calc shows it
    upload(alice, delegations["A"], saved["dates.csv"], "报名.csv")
    job = ImportJob.objects.latest("pk")
    assert job.report["counts"] == {"create": 1}, job.report["rows"]
    alice.post(f"/office/2020-nmg/imports/{job.pk}/confirm/")
    assert Person.objects.get(name="张二千").birth_date == dt.date(2000, 7, 1)


def _dated_template() -> bytes:
    """A template row with the birth date typed as 2000年7月1日 in a General cell, its ID number
    in a text cell (as the export writes it)."""
    student = {"全日制在籍学生": "是", "出生日期": "2000年7月1日"}
    values = template_row(
        "张二千", dt.date(2000, 7, 1), occupation="模具工(冲压)", group="学生组", **student
    )
    values[HEADERS.index("证件号码")] = as_text(values[HEADERS.index("证件号码")])
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADERS, values])
    return buffer.getvalue().encode("utf-8-sig")


def test_a_template_libreoffice_saved_as_ods_is_imported(login, delegations, tmp_path):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"strings_to_numbers": False})
    sheet = book.add_worksheet("报名表")
    sheet.write_row(0, 0, HEADERS)
    sheet.write_row(1, 0, template_row("李娜", dt.date(1990, 11, 11), id_number=DIGITS_ID))
    sheet.write_row(2, 0, template_row("王芳", dt.date(1991, 2, 3), id_number=X_ID))
    book.add_worksheet("选项").write_column(0, 0, ["数控车工", "模具工(冲压)"])
    book.close()
    saved = calc({"template.xlsx": buffer.getvalue()}, "ods", tmp_path)["template.xlsx"]
    alice = login("alice")
    upload(alice, delegations["A"], saved, "报名.ods")
    job = ImportJob.objects.get()
    assert job.report["counts"] == {"create": 2}, job.error
    alice.post(f"/office/2020-nmg/imports/{job.pk}/confirm/")
    people = dict(Person.objects.values_list("name", "document_number"))
    assert people == {"李娜": DIGITS_ID, "王芳": X_ID}
