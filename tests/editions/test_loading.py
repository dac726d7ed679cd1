"""Loading an edition into the database: idempotent, audited, never losing records."""

from importlib import resources

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhenxing.editions.models import Edition, Event, Occupation
from zhenxing.editions.services import EditionLoadRefused, load_rulebook
from zhenxing.orgs.models import AuditEntry, Membership, Organization

TEXT = resources.files("zhenxing.rulebooks").joinpath("2020-nmg.toml").read_text("utf-8")

FOREST_EVENT = '[[events]]\noccupation = "森林抚育"\ngroup = "worker"\nhost_unit = "nmg-forest"\n\n'


def test_first_load_creates_the_edition_and_its_bodies(edition):
    assert Event.objects.count() == 19 and Occupation.objects.count() == 16
    kinds = {
        k: Organization.objects.filter(kind=k).count() for k in ["league_city", "city", "host_unit"]
    }
    assert kinds == {"league_city": 12, "city": 2, "host_unit": 4}
    assert Organization.objects.filter(name="非公经济组织团工委").exists()
    assert Organization.objects.filter(body="包头市人力资源和社会保障局").exists()
    assert Organization.objects.get(kind="hrss").name == "内蒙古自治区人力资源和社会保障厅"
    assert AuditEntry.objects.filter(action="edition.created", edition=edition).exists()


def test_loading_twice_changes_nothing(edition):
    count = AuditEntry.objects.count()
    report = load_rulebook(TEXT, "again")
    assert not report.changed and AuditEntry.objects.count() == count


def test_edited_file_updates_and_is_audited(edition):
    load_rulebook(TEXT.replace("0470-7428674", "0470-7000000"), "edited")
    forest = Organization.objects.get(name="内蒙古森工集团（林管局）")
    assert forest.contact_phone == "0470-7000000"
    entry = AuditEntry.objects.get(action="org.changed", object_repr=str(forest))
    assert entry.changes["contact_phone"] == ["0470-7428674", "0470-7000000"]


def test_removing_an_event_without_records_deletes_it(edition):
    report = load_rulebook(TEXT.replace(FOREST_EVENT, ""), "edited")
    assert Event.objects.count() == 18
    assert any("森林抚育" in line for line in report.changes)
    assert AuditEntry.objects.filter(action="edition.event.deleted").exists()


def test_removing_an_event_with_records_is_refused_naming_it(edition, personas):
    assert Membership.objects.filter(event__occupation__name="数控车工").exists()
    cnc = '[[events]]\noccupation = "数控车工"\ngroup = "worker"\nhost_unit = "casic-6"\n\n'
    edited = TEXT.replace(cnc, "").replace("0470-7428674", "0470-7000000")
    with pytest.raises(EditionLoadRefused) as caught:
        load_rulebook(edited, "edited")
    assert "数控车工（职工组）" in str(caught.value)
    assert Event.objects.count() == 19  # nothing half written
    forest = Organization.objects.get(name="内蒙古森工集团（林管局）")
    assert forest.contact_phone == "0470-7428674"


def test_management_command_reports_errors_without_traceback(no_edition, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(TEXT.replace('group = "student"', 'group = "x"', 1), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("load_edition", str(bad))
    assert "events[3].group" in str(caught.value)
    assert not Edition.objects.exists()


def test_load_by_code(db, capsys):
    call_command("load_edition", "2020-nmg")
    call_command("load_edition", "2020-nmg")
    assert "未作修改" in capsys.readouterr().out
