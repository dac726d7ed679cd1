"""Results, re-checks and appeals moved from the finals' app to results': the rows stay, and so does
the appeal each correction carried out."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("judging", "0003_chinese_field_names"), ("results", None)]
AFTER = [("judging", "0004_results_moved_out"), ("results", "0002_table_names")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1]]).apps


def _finals_with_an_upheld_appeal(old):
    users = old.get_model("auth", "User").objects
    user = users.create(username="office")
    organization = old.get_model("orgs", "Organization").objects.create(
        name="呼和浩特市", kind="league_city"
    )
    edition = old.get_model("editions", "Edition").objects.create(
        code="t", name="t", level="t", period_start="2020-09-01", period_end="2020-10-31"
    )
    occupation = old.get_model("editions", "Occupation").objects.create(
        edition=edition, name="数控车工", level="regional"
    )
    event = old.get_model("editions", "Event").objects.create(
        edition=edition, occupation=occupation, group="worker"
    )
    delegation = old.get_model("registration", "Delegation").objects.create(
        edition=edition, organization=organization
    )
    person = old.get_model("registration", "Person").objects.create(
        document_type="resident_id", document_number="x", name="李娜", birth_date="1992-05-06"
    )
    entry = old.get_model("registration", "Entry").objects.create(
        delegation=delegation, event=event, person=person
    )
    final = old.get_model("judging", "Final").objects.create(event=event)
    competitor = old.get_model("judging", "Competitor").objects.create(
        final=final, entry=entry, number="001"
    )
    scheme = old.get_model("judging", "Scheme").objects.create(
        final=final, version=1, data={}, fingerprint="f"
    )
    mark = old.get_model("judging", "Mark").objects.create(
        competitor=competitor,
        aspect_key="A1",
        scheme=scheme,
        value=True,
        source="direct",
        status="confirmed",
        entered_by=user,
    )
    old.get_model("judging", "Result").objects.create(competitor=competitor, rank=1)
    appeal = old.get_model("judging", "Appeal").objects.create(
        final=final,
        appellant="领队",
        lodged_at="2020-09-18T16:00:00+08:00",
        content="A1 有误",
        recorded_by=user,
        decision="upheld",
    )
    corrections = old.get_model("judging", "Correction").objects
    carried = corrections.create(
        mark=mark, old_value=True, new_value=False, reason="依申诉", appeal=appeal, proposed_by=user
    )
    corrections.create(mark=mark, old_value=True, new_value=False, reason="复核", proposed_by=user)
    return appeal.pk, carried.pk


@pytest.mark.django_db(transaction=True)
def test_results_and_appeals_move_with_the_appeal_each_correction_carried_out():
    old = _migrate(BEFORE)
    appeal, carried = _finals_with_an_upheld_appeal(old)

    new = _migrate(AFTER)
    links = new.get_model("results", "AppealCorrection").objects
    assert list(links.values_list("appeal_id", "correction_id")) == [(appeal, carried)]
    assert new.get_model("results", "Result").objects.get().rank == 1
    assert new.get_model("results", "Appeal").objects.get().decision == "upheld"

    back = _migrate(BEFORE)
    restored = back.get_model("judging", "Correction").objects.get(pk=carried)
    assert restored.appeal_id == appeal
    _migrate([("judging", "0004_results_moved_out"), ("results", "0002_table_names")])
