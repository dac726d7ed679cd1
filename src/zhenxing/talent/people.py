"""Who is in the talent database, whose people they are, how they are searched, and what the
database knows of one person — read-only queries (the writes are in services.py).

In it: everyone with an entry past its draft in any edition, every showcase nominee past the
draft, and everyone an organization added (by hand, by import, from a preliminary's winners).
Drafts do not count: a draft is a registrar's work in progress, not a contestant.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef, Q, QuerySet, Subquery

from zhenxing.awards.models import Award
from zhenxing.orgaward.models import Preliminary
from zhenxing.orgs.models import Organization
from zhenxing.registration.models import Entry, Person
from zhenxing.results.models import Result
from zhenxing.rules import idcard
from zhenxing.rules import talent as checks
from zhenxing.showcase.models import Nomination

from .models import Consent, FollowUp, Keeping

REGION_KINDS = (Organization.Kind.LEAGUE_CITY, Organization.Kind.CITY)  # a 盟市 is a region

LEVELS = {
    "final": "全区决赛",
    "preliminary": "初赛",
    "showcase": "“绝活”展示",
    "added": "单位添加",
}
AWARD_FILTERS = {"title": "获得称号", "certificate": "获得证书"}


def _entries():
    return Entry.objects.exclude(status=Entry.Status.DRAFT)


def _nominations():
    return Nomination.objects.exclude(status=Nomination.Status.DRAFT)


def everyone() -> QuerySet[Person]:
    return Person.objects.filter(
        Q(pk__in=_entries().values("person_id"))
        | Q(pk__in=_nominations().values("person_id"))
        | Q(pk__in=Keeping.objects.values("person_id"))
    )


def people_of(organization) -> QuerySet[Person]:
    """The organization's people: entered by its delegation (any edition), nominated by it, or
    added by it."""
    org = organization.pk
    return Person.objects.filter(
        Q(pk__in=_entries().filter(delegation__organization=org).values("person_id"))
        | Q(pk__in=_nominations().filter(organization=org).values("person_id"))
        | Q(pk__in=Keeping.objects.filter(organization=org).values("person_id"))
    )


def has_person(organization, person) -> bool:
    return people_of(organization).filter(pk=person.pk).exists()


def organizations_of(person) -> list[Organization]:
    ids = set(_entries().filter(person=person).values_list("delegation__organization", flat=True))
    ids |= set(_nominations().filter(person=person).values_list("organization", flat=True))
    ids |= set(Keeping.objects.filter(person=person).values_list("organization", flat=True))
    return list(Organization.objects.filter(pk__in=ids).order_by("kind", "pk"))


def with_current_stage(people: QuerySet[Person]) -> QuerySet[Person]:
    latest = FollowUp.objects.filter(person=OuterRef("pk"), kind=FollowUp.Kind.STAGE)
    latest = latest.order_by("-happened_on", "-id").values("value")[:1]
    return people.annotate(current_stage=Subquery(latest))


# ---- search
@dataclass
class Filters:
    text: str = ""  # a name, or a whole document number
    occupation: str = ""
    region: str = ""
    age_min: int | None = None
    age_max: int | None = None
    level: str = ""
    award: str = ""
    stage: str = ""


def search(people: QuerySet[Person], filters: Filters, today: dt.date) -> QuerySet[Person]:
    """The people the filters find; a person whose data was erased is no longer listed (their
    page still says so to those who open it)."""
    people = with_current_stage(people.exclude(talent_erasure__isnull=False))
    if filters.text:
        people = _by_text(people, filters.text.strip())
    if filters.occupation:
        people = people.filter(pk__in=_with_occupation(filters.occupation))
    if filters.region:
        people = people.filter(pk__in=_in_region(filters.region))
    earliest, latest = checks.born_between(filters.age_min, filters.age_max, today)
    if earliest:
        people = people.filter(birth_date__gte=earliest)
    if latest:
        people = people.filter(birth_date__lte=latest)
    if filters.level in LEVELS:
        people = people.filter(pk__in=_at_level(filters.level))
    if filters.award in AWARD_FILTERS:
        people = people.filter(
            pk__in=published_awards().filter(kind=filters.award).values("entry__person_id")
        )
    if filters.stage:
        people = people.filter(current_stage=filters.stage)
    return people.order_by("name", "pk")


def _by_text(people, text: str):
    """A whole document number finds its person; anything else searches names. An erased
    person's number is gone, so it finds nobody."""
    number = idcard.normalize(text)
    if len(number) >= 8 and any(c.isdigit() for c in number):
        return people.filter(document_number=number)
    return people.filter(name__contains=text)


def _with_occupation(name: str):
    return Person.objects.filter(
        Q(pk__in=_entries().filter(event__occupation__name=name).values("person_id"))
        | Q(pk__in=_nominations().filter(occupation=name).values("person_id"))
        | Q(pk__in=Keeping.objects.filter(occupation=name).values("person_id"))
    ).values("pk")


def _in_region(region: str):
    in_city = Q(
        delegation__organization__name=region, delegation__organization__kind__in=REGION_KINDS
    )
    return Person.objects.filter(
        Q(pk__in=_entries().filter(in_city).values("person_id"))
        | Q(pk__in=_nominations().filter(region=region).values("person_id"))
        | Q(pk__in=Keeping.objects.filter(region=region).values("person_id"))
    ).values("pk")


def _at_level(level: str):
    if level == "final":
        return _entries().values("person_id")
    if level == "showcase":
        return _nominations().values("person_id")
    if level == "added":
        added = Keeping.objects.exclude(source=Keeping.Source.PRELIMINARY)
        return added.values("person_id")
    finalists = Preliminary.finalists.through.objects.values("entry__person_id")
    from_winners = Keeping.objects.filter(source=Keeping.Source.PRELIMINARY)
    return Person.objects.filter(
        Q(pk__in=finalists) | Q(pk__in=from_winners.values("person_id"))
    ).values("pk")


def published_awards() -> QuerySet[Award]:
    """Approved titles and certificates of published finals."""
    return Award.objects.filter(
        status=Award.Status.APPROVED, final__published_at__isnull=False
    ).select_related("final__event__occupation", "final__event__edition")


def occupations() -> list[str]:
    names = set(_entries().values_list("event__occupation__name", flat=True))
    names |= set(_nominations().values_list("occupation", flat=True))
    names |= set(Keeping.objects.exclude(occupation="").values_list("occupation", flat=True))
    return sorted(names)


def regions() -> list[str]:
    cities = Organization.objects.filter(kind__in=REGION_KINDS).values_list("name", flat=True)
    names = set(cities)
    names |= set(_nominations().values_list("region", flat=True))
    names |= set(Keeping.objects.exclude(region="").values_list("region", flat=True))
    return sorted(n for n in names if n)


def region_of(organization) -> str:
    return organization.name if organization.kind in REGION_KINDS else ""


# ---- one person
@dataclass
class Record:
    """What the database holds of one person, for their page and their personal copy."""

    entries: list
    ranks: list
    awards: list
    nominations: list
    keepings: list
    follow_ups: list
    consents: list


def record_of(person: Person) -> Record:
    entries = Entry.objects.filter(person=person).exclude(status=Entry.Status.DRAFT)
    entries = entries.select_related(
        "event__occupation", "event__edition", "delegation__organization"
    ).order_by("event__edition__period_start", "event__position")
    ranks = (
        Result.objects.filter(
            Q(competitor__entry__person=person) | Q(competitor__team__members__person=person),
            competitor__final__published_at__isnull=False,
            rank__isnull=False,
        )
        .distinct()
        .select_related("competitor__final__event__occupation", "competitor__final__event__edition")
    )
    nominations = _nominations().filter(person=person).select_related("edition", "organization")
    follow_ups = FollowUp.objects.filter(person=person).select_related(
        "organization", "recorded_by"
    )
    return Record(
        entries=list(entries),
        ranks=list(ranks),
        awards=list(published_awards().filter(entry__person=person)),
        nominations=list(nominations),
        keepings=list(Keeping.objects.filter(person=person).select_related("organization")),
        follow_ups=list(follow_ups),
        consents=list(
            Consent.objects.filter(person=person).select_related("organization", "recorded_by")
        ),
    )


def label_of(kind: str, value: str) -> str:
    return checks.VALUES.get(kind, {}).get(value, value)


def current_stage(follow_ups: list[FollowUp]) -> FollowUp | None:
    stages = [f for f in follow_ups if f.kind == FollowUp.Kind.STAGE]
    return max(stages, key=lambda f: (f.happened_on, f.pk), default=None)
