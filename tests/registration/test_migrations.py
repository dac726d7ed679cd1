"""Migrations that move data keep it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.mark.django_db(transaction=True)
def test_an_imports_file_and_checked_rows_move_to_its_import_file():
    old = _migrate(("registration", "0002_import_plan"))
    organization = old.get_model("orgs", "Organization").objects.create(
        name="呼和浩特市", kind="league_city"
    )
    edition = old.get_model("editions", "Edition").objects.create(
        code="t", name="t", level="t", period_start="2020-09-01", period_end="2020-10-31"
    )
    delegation = old.get_model("registration", "Delegation").objects.create(
        edition=edition, organization=organization
    )
    jobs = old.get_model("registration", "ImportJob").objects
    waiting = dict(delegation=delegation, file_sha256="-", data=b"PK...", plan={"rows": [1]})
    jobs.create(file_name="a.xlsx", **waiting)
    jobs.create(file_name="b.xlsx", state="done", **waiting)
    new = _migrate(("registration", "0004_import_touched_at"))
    moved = new.get_model("registration", "ImportFile").objects.get()  # the finished one's not kept
    assert bytes(moved.data) == b"PK..." and moved.plan == {"rows": [1]}
    job = new.get_model("registration", "ImportJob").objects.get(file_name="a.xlsx")
    assert job.touched_at == job.created_at
    _migrate(("registration", "0002_import_plan"))
    back = old.get_model("registration", "ImportJob").objects.get(file_name="a.xlsx")
    assert bytes(back.data) == b"PK..." and back.plan == {"rows": [1]}
    _migrate(("registration", "0006_document_numbers_normalized"))  # back to the latest


@pytest.mark.django_db(transaction=True)
def test_a_stored_phone_gets_the_organization_of_the_persons_first_entry():
    old = _migrate(("registration", "0004_import_touched_at"))
    organizations = old.get_model("orgs", "Organization").objects
    first, second = (organizations.create(name=n, kind="league_city") for n in ("甲", "乙"))
    edition = old.get_model("editions", "Edition").objects.create(
        code="t", name="t", level="t", period_start="2020-09-01", period_end="2020-10-31"
    )
    occupation = old.get_model("editions", "Occupation").objects.create(
        edition=edition, name="数控车工", level="national"
    )
    events = old.get_model("editions", "Event").objects
    one, two = (
        events.create(edition=edition, occupation=occupation, group=g)
        for g in ("worker", "student")
    )
    delegations = old.get_model("registration", "Delegation").objects
    people = old.get_model("registration", "Person").objects
    with_phone = people.create(name="张", birth_date="1990-01-01", document_number="1", phone="139")
    no_phone = people.create(name="李", birth_date="1990-01-01", document_number="2")
    entries = old.get_model("registration", "Entry").objects
    for organization, event in [(first, one), (second, two)]:
        delegation = delegations.create(edition=edition, organization=organization)
        for person in (with_phone, no_phone):
            entries.create(delegation=delegation, event=event, person=person, verdict={})
    new = _migrate(("registration", "0005_person_phone_owner"))
    stored = new.get_model("registration", "Person").objects
    assert stored.get(pk=with_phone.pk).phone_owner_id == first.pk
    assert stored.get(pk=no_phone.pk).phone_owner_id is None


@pytest.mark.django_db(transaction=True)
def test_stored_full_width_numbers_are_normalized_unless_that_would_make_two_people_one():
    old = _migrate(("registration", "0005_person_phone_owner"))
    people = old.get_model("registration", "Person").objects
    born = {"name": "张", "birth_date": "1990-01-01"}
    full_width = people.create(document_number="１５０１０２１９９００３０１２３４Ｘ", **born)
    spaced = people.create(document_number="150102 19900301 999x", **born)
    twin = people.create(document_number="１５０１０２１９９００３０１７７７７", **born)
    people.create(document_number="150102199003017777", **born)
    new = _migrate(("registration", "0006_document_numbers_normalized"))
    stored = new.get_model("registration", "Person").objects
    assert stored.get(pk=full_width.pk).document_number == "15010219900301234X"
    assert stored.get(pk=spaced.pk).document_number == "15010219900301999X"
    assert stored.get(pk=twin.pk).document_number == "１５０１０２１９９００３０１７７７７"  # left
    assert stored.count() == 4
