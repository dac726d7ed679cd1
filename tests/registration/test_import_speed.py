"""Bulk import, issue 18's fast paths: the write reads the stored plan without the uploaded file,
and rows without honours, placings or qualifications share one prepared empty value."""

from zhenxing.registration import importing
from zhenxing.registration.models import Entry, ImportJob

from .test_import import upload, xlsx
from .test_import_writing import VARIED, _confirm


def test_the_plan_read_without_the_file_is_the_plan_read_with_it(login, delegations):
    upload(login("alice"), delegations["A"], xlsx(VARIED))
    alone = ImportJob.objects.get()
    assert not ImportJob.upload.is_cached(alone)
    without_file = importing._plan_from_store(alone, alone.delegation.edition)
    with_file = ImportJob.objects.select_related("upload").get()
    assert ImportJob.upload.is_cached(with_file)
    loaded = importing._plan_from_store(with_file, with_file.delegation.edition)
    assert without_file and len(without_file) == len(loaded)
    for fast, general in zip(without_file, loaded, strict=True):
        assert (fast.number, fast.event, fast.verdict, fast.values) == (
            general.number,
            general.event,
            general.verdict,
            general.values,
        )


def test_rows_with_and_without_extras_store_what_the_file_says(login, delegations):
    client = login("alice")
    upload(client, delegations["A"], xlsx(VARIED))
    job = _confirm(client, ImportJob.objects.get(), include_ineligible=True)
    assert job.state == "done"
    plain = Entry.objects.get(person__name="郑一")
    assert (plain.honors, plain.placings, plain.qualifications) == ([], [], [])
    assert Entry.objects.get(person__name="孙八").honors == ["全国技术能手", "市劳模", "优秀青年"]
    assert Entry.objects.get(person__name="周九").placings[0]["rank"] == 2
    assert Entry.objects.get(person__name="冯二").qualifications[0]["level"] == 3
