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
    _migrate(("registration", "0004_import_touched_at"))
