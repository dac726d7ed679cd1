"""Masking per role, audited full views and exports, CSV formula neutralising, private uploads."""

import csv
import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook

from zhenxing.orgs.audit import SYSTEM
from zhenxing.orgs.models import AuditEntry
from zhenxing.registration.exports import neutralize
from zhenxing.registration.models import ImportJob

from .test_import import row, upload, xlsx


def url(kind, pk, suffix=""):
    return f"/office/2020-nmg/{kind}/{pk}/{suffix}"


@pytest.mark.parametrize("persona", ["alice", "office", "hrss", "host"])
def test_pages_show_masked_numbers_to_everyone(login, entry_of, persona):
    entry = entry_of("A")
    full = entry.person.document_number
    page = login(persona).get(url("entries", entry.pk)).content.decode()
    assert full not in page and full[:6] + "********" + full[-4:] in page
    assert "13900001111" not in page and "139****1111" in page
    born = entry.person.birth_date  # beside the masked number, the date would be its hidden digits
    assert born.isoformat() not in page and f"{born.year}年" in page


@pytest.mark.parametrize("persona", ["host", "office"])
def test_an_age_reason_shows_the_birth_year_only_where_the_number_is_masked(
    login, entry_of, persona
):
    import datetime as dt

    entry = entry_of("A", name="老张", birth=dt.date(1980, 6, 30))  # too old for the group
    assert entry.verdict["reasons"][0]["code"] == "BIRTH_OUT_OF_WINDOW"
    page = login(persona).get(url("entries", entry.pk)).content.decode()
    assert "1980年6月30日" not in page and "1980年" in page  # the full date: only on reveal
    assert "不符合参赛资格" in page
    api = login(persona).get(f"/api/editions/2020-nmg/entries/{entry.pk}")  # numbers masked
    message = api.json()["reasons"][0]["message"]
    assert "1980年6月30日" not in message and "1980年" in message


@pytest.mark.parametrize("persona", ["host", "office"])
def test_an_id_mismatch_reason_does_not_spell_the_ids_birth_date(login, delegations, persona):
    import datetime as dt

    from tests.support import make_id
    from zhenxing.registration.services import EntryData, save_entry

    data = EntryData(
        name="王五",
        occupation="数控车工",
        group="worker",
        birth_date=dt.date(1996, 1, 1),  # not the date the ID encodes
        gender="男",
        id_number=make_id(dt.date(1995, 3, 15)),
    )
    entry, _ = save_entry(delegations["A"], data, actor=SYSTEM)
    assert "1995-03-15" in str(entry.verdict)  # the reason names the ID's date…
    page = login(persona).get(url("entries", entry.pk)).content.decode()
    api = str(login(persona).get(f"/api/editions/2020-nmg/entries/{entry.pk}").json())
    for shown in (page, api):  # …which beside the masked number would be its hidden digits
        assert "1995-03-15" not in shown and "1995年3月15日" not in shown
        assert "1995年" in shown


@pytest.mark.parametrize(
    ("persona", "status"),
    [("alice", 200), ("office", 200), ("hrss", 200), ("host", 403), ("bob", 404)],
)
def test_full_numbers_on_request_audited(login, entry_of, persona, status):
    entry = entry_of("A")
    response = login(persona).post(url("entries", entry.pk, "reveal/"))
    assert response.status_code == status
    viewed = AuditEntry.objects.filter(action="privacy.person.viewed_full", actor_name=persona)
    if status == 200:
        assert entry.person.document_number in response.content.decode()
        assert entry.person.birth_date.isoformat() in response.content.decode()
        assert viewed.exists()
    else:
        assert not viewed.exists()


def test_exports_are_masked_unless_full_is_asked_and_allowed(login, entry_of, delegations):
    entry = entry_of("A")
    client = login("alice")
    masked = client.get(url("delegations", delegations["A"].pk, "export.csv")).content.decode(
        "utf-8-sig"
    )
    assert entry.person.document_number not in masked and "李娜" in masked
    assert entry.person.birth_date.isoformat() not in masked
    full = client.get(url("delegations", delegations["A"].pk, "export.csv") + "?full=1")
    assert entry.person.document_number in full.content.decode("utf-8-sig")
    assert entry.person.birth_date.isoformat() in full.content.decode("utf-8-sig")
    assert AuditEntry.objects.filter(action="privacy.export.full", actor_name="alice").exists()


def test_host_exports_its_event_masked_only(login, entry_of, cnc):
    entry = entry_of("A")
    client = login("host")
    book = client.get(url("events", cnc.pk, "entries.xlsx"))
    assert book.status_code == 200
    sheet = (
        CalamineWorkbook.from_filelike(io.BytesIO(book.content)).get_sheet_by_index(0).to_python()
    )
    assert sheet[1][4] == "证件号码" and sheet[2][1] == "李娜"
    assert sheet[2][4] != entry.person.document_number
    assert client.get(url("events", cnc.pk, "entries.xlsx") + "?full=1").status_code == 403
    assert login("alice").get(url("events", cnc.pk, "entries.csv")).status_code == 404


def test_exports_order_by_surname_strokes_and_pinyin(login, entry_of, delegations):
    for name in ["曾明", "丁一", "王五"]:
        entry_of("A", name=name)
    client = login("alice")
    base = url("delegations", delegations["A"].pk, "export.csv")

    def names(order):
        text = client.get(base + f"?order={order}").content.decode("utf-8-sig")
        return [r[1] for r in csv.reader(io.StringIO(text))][1:]

    assert names("strokes") == ["丁一", "王五", "曾明"]
    assert names("pinyin") == ["丁一", "王五", "曾明"]


def test_formula_cells_are_neutralised(login, delegations, cnc):
    import datetime as dt

    from tests.support import make_id
    from zhenxing.registration.services import EntryData, save_entry

    birth = dt.date(1990, 1, 1)
    save_entry(
        delegations["A"],
        EntryData(
            name='=HYPERLINK("x")',
            occupation="数控车工",
            group="worker",
            birth_date=birth,
            id_number=make_id(birth),
            employer="@SUM(1+1)",
        ),
        actor=SYSTEM,
    )
    text = (
        login("alice")
        .get(url("delegations", delegations["A"].pk, "export.csv"))
        .content.decode("utf-8-sig")
    )
    assert "'=HYPERLINK" in text and "'@SUM" in text
    assert (
        neutralize("+86") == "'+86" and neutralize("-1") == "'-1" and neutralize("张三") == "张三"
    )
    # in xlsx every cell is a string cell, never a formula: the text stays as typed
    book = login("alice").get(url("delegations", delegations["A"].pk, "export.xlsx")).content
    archive = zipfile.ZipFile(io.BytesIO(book))
    sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    rows = CalamineWorkbook.from_filelike(io.BytesIO(book)).get_sheet_by_index(0).to_python()
    assert rows[2][1] == '=HYPERLINK("x")' and rows[2][10] == "@SUM(1+1)"


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_upload_a_pdf_and_download_it_privately(login, entry_of, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    entry = entry_of("A")
    client = login("alice")
    response = client.post(
        url("entries", entry.pk, "documents/"),
        {"kind": "身份证扫描件", "file": SimpleUploadedFile("id.pdf", PDF)},
    )
    assert response.status_code == 302
    document = entry.documents.get()
    assert document.content_type == "application/pdf"
    download = client.get(f"/office/2020-nmg/documents/{document.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert "sandbox" in download["Content-Security-Policy"]
    assert b"".join(download.streaming_content) == PDF
    assert login("host").get(f"/office/2020-nmg/documents/{document.pk}/").status_code == 200
    assert login("office").get(f"/office/2020-nmg/documents/{document.pk}/").status_code == 200
    # the HR department's reviewers see the entry, not its files: those stay with the delegation,
    # the event's host unit and the committee office
    assert login("hrss").get(f"/office/2020-nmg/documents/{document.pk}/").status_code == 403
    page = login("hrss").get(url("entries", entry.pk)).content.decode()
    assert "id.pdf" in page and f"/documents/{document.pk}/" not in page
    assert login("bob").get(f"/office/2020-nmg/documents/{document.pk}/").status_code == 404
    assert login("judge").get(f"/office/2020-nmg/documents/{document.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("evil.pdf", b"MZ\x90\x00 not a pdf", "不是 PDF、JPG 或 PNG"),
        ("page.html.png", b"<html><script>alert(1)</script>", "不是 PDF、JPG 或 PNG"),
        ("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "超过 10 MB"),
        ("empty.pdf", b"", "材料未上传：所选文件是空的（0 字节）"),
    ],
)
def test_wrong_type_or_size_is_refused(login, entry_of, tmp_path, settings, name, content, message):
    settings.MEDIA_ROOT = tmp_path
    entry = entry_of("A")
    response = login("alice").post(
        url("entries", entry.pk, "documents/"),
        {"kind": "其他", "file": SimpleUploadedFile(name, content)},
        follow=True,
    )
    assert message in response.content.decode()
    assert not entry.documents.exists()


def test_others_cannot_upload(login, entry_of, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    entry = entry_of("A")
    response = login("bob").post(
        url("entries", entry.pk, "documents/"),
        {"kind": "其他", "file": SimpleUploadedFile("a.pdf", PDF)},
    )
    assert response.status_code == 404 and not entry.documents.exists()


def _upload(client, entry, name="id.pdf", content=PDF):
    return client.post(
        url("entries", entry.pk, "documents/"),
        {"kind": "身份证扫描件", "file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize(
    ("persona", "status", "deleted"),
    [
        ("alice", 302, True),
        ("office", 302, True),
        ("host", 403, False),
        ("hrss", 403, False),
        ("bob", 404, False),
        ("judge", 404, False),
        ("charlie", 404, False),
        (None, 302, False),  # to the login page
    ],
)
def test_a_wrong_document_can_be_deleted_by_its_delegation_and_its_file_goes(
    login,
    entry_of,
    tmp_path,
    settings,
    django_capture_on_commit_callbacks,
    persona,
    status,
    deleted,
):
    settings.MEDIA_ROOT = tmp_path
    entry = entry_of("A")
    _upload(login("alice"), entry)
    document = entry.documents.get()
    stored = tmp_path / document.file.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(persona).post(f"/office/2020-nmg/documents/{document.pk}/delete/")
    assert response.status_code == status
    assert entry.documents.exists() is not deleted and stored.exists() is not deleted
    logged = AuditEntry.objects.filter(action="registration.document.deleted").exists()
    assert logged is deleted


def test_an_approved_entrys_documents_stay_unless_the_office_deletes_them(
    login, entry_of, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    entry = entry_of("A")
    _upload(login("alice"), entry)
    entry.status = "approved"
    entry.save()
    document = entry.documents.get()
    page = login("alice").post(f"/office/2020-nmg/documents/{document.pk}/delete/", follow=True)
    assert "已审核通过的报名的材料不能删除" in page.content.decode() and entry.documents.exists()
    login("office").post(f"/office/2020-nmg/documents/{document.pk}/delete/")
    assert not entry.documents.exists()
    delete_entry = url("entries", entry.pk, "delete/")  # nor is deleting it offered
    assert delete_entry not in login("alice").get(url("entries", entry.pk)).content.decode()
    assert delete_entry in login("office").get(url("entries", entry.pk)).content.decode()


def test_deleting_an_entry_deletes_its_files(
    login, entry_of, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    entry = entry_of("A")
    _upload(login("alice"), entry)
    stored = tmp_path / entry.documents.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        login("alice").post(url("entries", entry.pk, "delete/"))
    assert not stored.exists()


@pytest.mark.parametrize(
    ("uploaded", "shown"),
    [
        ("x.html", "x.pdf"),  # what the file is, not what it was called
        ("扫描件.PDF", "扫描件.pdf"),
        ("长" * 300 + ".pdf", "长" * 196 + ".pdf"),
        ("C:\\Users\\张\\身份证.pdf", "身份证.pdf"),
    ],
)
def test_a_document_downloads_under_its_name_with_the_extension_of_its_type(
    login, entry_of, tmp_path, settings, uploaded, shown
):
    settings.MEDIA_ROOT = tmp_path
    entry = entry_of("A")
    _upload(login("alice"), entry, name=uploaded)
    assert entry.documents.get().original_name == shown


@pytest.mark.parametrize(
    ("number", "masked"),
    [("13812345678", "138****5678"), ("6222333", "***2333"), ("04716222333", "047****2333")],
)
def test_every_phone_is_masked_whatever_its_length(number, masked):
    from zhenxing.registration.privacy import mask_phone

    assert mask_phone(number) == masked


def test_a_phone_another_delegation_entered_stays_masked_for_this_one(
    login, delegations, entry_of, entry_form
):
    """Knowing a contestant's ID number must not be enough to read the phone another
    delegation entered: entering the same person in another event leaves it masked."""
    from zhenxing.editions.models import Event
    from zhenxing.registration.models import Entry

    theirs = entry_of("B")  # phone 13900001111, entered by 包头市
    other_event = Event.objects.get(occupation__name="机械设计", group="worker")
    person = theirs.person
    alice = login("alice")
    form = entry_form(
        other_event.pk,
        name=person.name,
        gender=person.gender,
        birth=person.birth_date,
        id_number=person.document_number,
        phone="",
    )
    alice.post(url("delegations", delegations["A"].pk, "entries/new/"), form)
    mine = Entry.objects.get(delegation=delegations["A"])
    assert mine.person == person

    revealed = alice.post(url("entries", mine.pk, "reveal/")).content.decode()
    assert person.document_number in revealed and "13900001111" not in revealed
    assert "139****1111" in revealed and "由其他代表队填写" in revealed
    export = alice.get(url("delegations", delegations["A"].pk, "export.csv") + "?full=1")
    assert "13900001111" not in export.content.decode("utf-8-sig")
    edit = alice.get(url("entries", mine.pk, "edit/")).content.decode()
    assert "13900001111" not in edit

    office = login("office").post(url("entries", mine.pk, "reveal/")).content.decode()
    assert "13900001111" in office  # the committee office sees every phone
    bob = login("bob").post(url("entries", theirs.pk, "reveal/")).content.decode()
    assert "13900001111" in bob  # and so does the delegation that entered it

    theirs.delete()  # the phone stays theirs: no one else's by default
    revealed = login("alice").post(url("entries", mine.pk, "reveal/")).content.decode()
    assert "13900001111" not in revealed and "139****1111" in revealed


def test_an_imported_phone_belongs_to_the_importing_delegation(login, delegations):
    import datetime as dt

    from tests.support import make_id
    from zhenxing.registration.models import Entry, ImportJob, Person

    number = make_id(dt.date(1990, 3, 1))
    bob = login("bob")
    upload(
        bob,
        delegations["B"],
        xlsx([row("张伟", dt.date(1990, 3, 1), id_number=number, **{"手机号码": "13900002222"})]),
    )
    bob.post(f"/office/2020-nmg/imports/{ImportJob.objects.get().pk}/confirm/")
    assert Person.objects.get().phone_owner == delegations["B"].organization
    alice = login("alice")
    upload(
        alice,
        delegations["A"],
        xlsx([row("张伟", dt.date(1990, 3, 1), id_number=number, occupation="机械设计")]),
    )
    alice.post(f"/office/2020-nmg/imports/{ImportJob.objects.latest('pk').pk}/confirm/")
    mine = Entry.objects.get(delegation=delegations["A"])
    revealed = alice.post(url("entries", mine.pk, "reveal/")).content.decode()
    assert "13900002222" not in revealed and "139****2222" in revealed


def test_deleting_a_document_needs_a_post_and_the_registration_open(
    login, entry_of, edition, tmp_path, settings
):
    import datetime as dt

    settings.MEDIA_ROOT = tmp_path
    entry = entry_of("A")
    _upload(login("alice"), entry)
    document = entry.documents.get()
    delete = f"/office/2020-nmg/documents/{document.pk}/delete/"
    assert login("alice").get(delete).status_code == 405
    edition.registration_deadline = dt.date(2020, 10, 31)
    edition.save()
    page = login("alice").post(delete, follow=True).content.decode()
    assert "报名已于 2020年10月31日 截止" in page and entry.documents.exists()


def test_a_phone_typed_for_another_delegations_person_is_said_not_to_be_saved(
    login, delegations, entry_of, entry_form
):
    from zhenxing.editions.models import Event

    theirs = entry_of("B")  # phone 13900001111, entered by 包头市
    person = theirs.person
    form = entry_form(
        Event.objects.get(occupation__name="机械设计", group="worker").pk,
        name=person.name,
        gender=person.gender,
        birth=person.birth_date,
        id_number=person.document_number,
        phone="13812345678",
    )
    page = login("alice").post(
        url("delegations", delegations["A"].pk, "entries/new/"), form, follow=True
    )
    assert "手机号码没有改：该选手的手机号码由其他单位登记" in page.content.decode()
    person.refresh_from_db()
    assert person.phone == "13900001111"


def _uncacheable(response) -> bool:
    """Whether the browser and any proxy between are told to keep no copy of the response."""
    said = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= said


def test_responses_with_full_numbers_are_uncacheable(
    login, entry_of, entry_form, delegations, cnc, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    entry = entry_of("A")
    number = entry.person.document_number
    alice = login("alice")
    alice.post(
        url("entries", entry.pk, "documents/"),
        {"kind": "身份证扫描件", "file": SimpleUploadedFile("id.pdf", PDF)},
    )
    full_export = url("delegations", delegations["A"].pk, "export.xlsx") + "?full=1"
    responses = {
        "full export": alice.get(full_export),
        "full CSV": alice.get(url("delegations", delegations["A"].pk, "export.csv") + "?full=1"),
        "edit form": alice.get(url("entries", entry.pk, "edit/")),
        "reveal": alice.post(url("entries", entry.pk, "reveal/")),
        "document": alice.get(f"/office/2020-nmg/documents/{entry.documents.get().pk}/"),
        "event export": login("office").get(url("events", cnc.pk, "entries.csv") + "?full=1"),
    }
    assert number in responses["edit form"].content.decode()
    assert number in responses["reveal"].content.decode()
    for what, response in responses.items():
        assert response.status_code == 200, what
        assert _uncacheable(response), what
    refused = alice.post(  # a new entry's form, sent back with what was typed
        url("delegations", delegations["A"].pk, "entries/new/"), entry_form(cnc.pk, name="")
    )
    assert refused.status_code == 400 and _uncacheable(refused)


def test_the_import_error_report_is_uncacheable(login, delegations):
    alice = login("alice")
    upload(alice, delegations["A"], xlsx([row("钱七", dt.date(1991, 1, 1), id_number="1501")]))
    job = ImportJob.objects.get()
    report = alice.get(f"/office/2020-nmg/imports/{job.pk}/errors.xlsx")
    assert report.status_code == 200 and _uncacheable(report)
