"""`zhenxing demo`: fictional delegations and entries marked as demo data, never on real data."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from zhenxing.orgs.models import Membership, Organization
from zhenxing.registration.models import Delegation, Entry
from zhenxing.rules import idcard


def test_demo_fills_fictional_delegations_and_leaves_the_real_ones_alone(edition):
    call_command("demo", stdout=io.StringIO())

    demo = Organization.objects.filter(is_demo=True)
    assert sorted(demo.values_list("name", flat=True)) == sorted(
        ["演示·甲市", "演示·乙市", "演示·丙市", "演示·丁市", "演示·戊市", "演示·己市"]
        + ["演示·北方能源集团"]  # the enterprise that answers a showcase challenge
    )
    entries = Entry.objects.filter(event__edition=edition).select_related("person")
    assert entries.count() > 40
    assert set(entries.values_list("delegation__organization__is_demo", flat=True)) == {True}
    assert set(entries.values_list("delegation__is_demo", flat=True)) == {True}
    assert all(idcard.check(e.person.document_number, ["15"]).valid for e in entries)
    assert not Delegation.objects.filter(organization__is_demo=False, is_demo=True).exists()
    registrar = Membership.objects.get(user__username="registrar", role="registrar")
    assert registrar.organization.name == "演示·甲市"

    count = entries.count()
    again = io.StringIO()
    call_command("demo", stdout=again)  # twice: nothing more, and every demo account listed
    assert Entry.objects.count() == count
    listed = again.getvalue()
    demo_users = get_user_model().objects.filter(first_name__startswith="演示·")
    assert demo_users.count() > 10
    for user in demo_users:
        assert f"  {user.username} " in listed, user.username
    assert "裁判·" in listed and "组委会办公室" in listed


def test_demo_refuses_an_edition_with_real_entries(edition, entry_of):
    entry_of("A")  # 呼和浩特市, a real delegation

    with pytest.raises(CommandError, match="已有 1 条正式报名"):
        call_command("demo")

    assert not Organization.objects.filter(is_demo=True).exists()
    assert not Membership.objects.filter(user__username="registrar").exists()
    assert Entry.objects.count() == 1


def test_the_demo_delegation_page_says_demo_data(client, edition):
    from django.contrib.auth import get_user_model

    call_command("demo", stdout=io.StringIO())
    client.force_login(get_user_model().objects.get(username="registrar"))
    delegation = Delegation.objects.get(organization__name="演示·甲市")

    page = client.get(f"/office/2020-nmg/delegations/{delegation.pk}/").content.decode()

    assert "演示·甲市代表队" in page and "演示数据" in page


def test_demo_refuses_to_take_over_a_real_account(edition):
    from django.contrib.auth import get_user_model

    real = get_user_model().objects.create_user(
        "office", password="a-real-secret-9", first_name="王"
    )
    with pytest.raises(CommandError, match="已有真实用户 office"):
        call_command("demo")
    real.refresh_from_db()
    assert real.check_password("a-real-secret-9") and not real.is_staff
