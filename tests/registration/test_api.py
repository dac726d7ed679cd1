"""Entries through the API: masked, and invisible to other delegations."""

import pytest


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("alice", 200),
        ("office", 200),
        ("hrss", 200),
        ("bob", 404),
        ("judge", 404),
        ("charlie", 404),
        (None, 401),
    ],
)
def test_delegation_entries_by_persona(login, entry_of, delegations, persona, status):
    entry = entry_of("A")
    response = login(persona).get(
        f"/api/editions/2020-nmg/delegations/{delegations['A'].pk}/entries"
    )
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert body[0]["name"] == "李娜" and body[0]["document_number"].count("*") == 8
        assert entry.person.document_number not in response.content.decode()


@pytest.mark.parametrize(("persona", "status"), [("alice", 200), ("host", 200), ("bob", 404)])
def test_one_entry_by_persona(login, entry_of, persona, status):
    entry = entry_of("A")
    assert login(persona).get(f"/api/editions/2020-nmg/entries/{entry.pk}").status_code == status


def test_entries_api_is_read_only(login, entry_of):
    entry = entry_of("A")
    assert login("alice").delete(f"/api/editions/2020-nmg/entries/{entry.pk}").status_code == 405
