"""Named permission codes and the roles that hold them.

A membership grants its role's codes within a scope: edition-wide roles act on every object of
the edition; organization roles on their own organization's objects; panel roles on their event;
host-unit staff on the events their unit hosts.
"""

from .models import Role

EDITION_VIEW = "edition.view"
EDITION_MANAGE = "edition.manage"
AUDIT_VIEW = "audit.view"
ORG_VIEW = "org.view"
ORG_CHANGE = "org.change"
EVENT_VIEW = "event.view"
EVENT_MANAGE = "event.manage"
TITLE_APPROVE_HRSS = "title.approve_hrss"  # titles and certificates HRSS approves
TITLE_APPROVE_YL = "title.approve_yl"  # titles the Youth League approves
AWARDS_VIEW = "awards.view"  # an event's proposed and approved awards
AWARDS_PROPOSE = "awards.propose"  # have the rules core propose an event's awards
CERTIFICATE_KIND = "occupation.certificate"  # which certificate an occupation issues
CERTIFICATE_LAYOUT = "certificate.layout"  # certificate layouts and backgrounds
CERTIFICATE_DOWNLOAD = "certificate.download"  # approved certificates as signed PDFs
NATIONAL_SELECT = "national.select"  # the national-finals picks: how many, and confirming
SCORE_VIEW = "score.view"  # the scoring area of an event, by contest number only
SCORE_ENTER = "score.enter"  # the score entry pages (by contest number)
SCORE_JUDGE = "score.judge"  # marks under one's own name: a judge on a tablet
SCORE_PAPER = "score.paper"  # keys paper sheets for a chosen judge, blind to the first entry
SCORE_SECOND = "score.second_entry"  # offered paper marks awaiting their second entry
IDENTITY_VIEW = "final.identities"  # names beside results once the final is decrypted
THEORY_ENTER = "score.theory"
RESULTS_PUBLISH = "results.publish"
SCORE_LOCK = "score.lock"
SCORE_WITNESS = "score.witness"
ANONYMITY_HOLD = "anonymity.hold"
APPEAL_DECIDE = "appeal.decide"
ENTRY_VIEW = "entry.view"
ENTRY_CHANGE = "entry.change"
ENTRY_REVIEW = "entry.review"
ENTRY_CHANGE_LATE = "entry.change_late"  # after the registration deadline
PERSON_VIEW_FULL = "person.view_full"  # unmasked ID and phone numbers (each view audited)
DOCUMENT_VIEW = "entry.documents"  # the files uploaded with an entry (ID scans, certificates…)
ACCOUNT_MANAGE = "account.manage"  # create and disable anyone's account in the edition
ACCOUNT_TEAM = "account.team"  # accounts for one's own event's panel or own delegation
ORGAWARD_RECORDS = "orgaward.records"  # own organization's award records and self-evaluation
ORGAWARD_ASSESS = "orgaward.assess"  # every organization's records and forms: return, assess
ORGAWARD_MATERIALS = "orgaward.materials"  # send own organization's materials (§七.1)
SHOWCASE_NOMINATE = "showcase.nominate"  # own organization's 绝活 nominations and challenges
SHOWCASE_REVIEW = "showcase.review"  # approve, return, pick for publicity, hide any work
TALENT_KEEP = "talent.keep"  # own organization's people in the talent database: follow-up
TALENT_ALL = "talent.all"  # every person in the talent database: search, statistics, erasure
EXAM_VIEW = "exam.view"  # an event's exam: banks, blueprints, sittings, results (no sealed paper)
EXAM_BANK = "exam.bank"  # keep an event's occupation question bank and its blueprints
EXAM_AFFAIRS = "exam.affairs_bank"  # keep the edition's 时事政治 question bank
EXAM_DRAW = "exam.draw"  # draw papers from a blueprint (the drawer alone sees them until the exam)
EXAM_SUPERVISE = "exam.supervise"  # confirm a draw (a person other than the drawer)
EXAM_INVIGILATE = "exam.invigilate"  # sittings: sign-in codes, who is in, extra time
EXAM_GRADE = "exam.grade"  # mark short answers, blind to who wrote them

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.COMMITTEE_OFFICE: frozenset(
        {
            EDITION_VIEW,
            EDITION_MANAGE,
            AUDIT_VIEW,
            ORG_VIEW,
            ORG_CHANGE,
            EVENT_VIEW,
            EVENT_MANAGE,
            TITLE_APPROVE_YL,
            AWARDS_VIEW,
            AWARDS_PROPOSE,
            CERTIFICATE_LAYOUT,
            CERTIFICATE_DOWNLOAD,
            NATIONAL_SELECT,
            SCORE_VIEW,
            THEORY_ENTER,
            RESULTS_PUBLISH,
            IDENTITY_VIEW,
            ENTRY_VIEW,
            ENTRY_CHANGE,
            ENTRY_REVIEW,
            ENTRY_CHANGE_LATE,
            PERSON_VIEW_FULL,
            DOCUMENT_VIEW,
            ACCOUNT_MANAGE,
            ORGAWARD_ASSESS,
            SHOWCASE_REVIEW,
            TALENT_ALL,
            EXAM_VIEW,
            EXAM_AFFAIRS,
        }
    ),
    Role.HRSS_REVIEWER: frozenset(
        {
            EDITION_VIEW,
            ORG_VIEW,
            EVENT_VIEW,
            TITLE_APPROVE_HRSS,
            AWARDS_VIEW,
            CERTIFICATE_KIND,
            CERTIFICATE_DOWNLOAD,
            ENTRY_VIEW,
            PERSON_VIEW_FULL,
        }
    ),
    Role.HOST_STAFF: frozenset(
        {
            EDITION_VIEW,
            EVENT_VIEW,
            EVENT_MANAGE,
            ENTRY_VIEW,
            ENTRY_REVIEW,
            DOCUMENT_VIEW,
            SCORE_VIEW,
            THEORY_ENTER,
            IDENTITY_VIEW,
            AWARDS_VIEW,
            ACCOUNT_TEAM,
            ORGAWARD_MATERIALS,
            EXAM_VIEW,
            EXAM_BANK,
            EXAM_DRAW,
            EXAM_INVIGILATE,
        }
    ),
    Role.REGISTRAR: frozenset(
        {
            EDITION_VIEW,
            ORG_VIEW,
            ORG_CHANGE,
            ENTRY_VIEW,
            ENTRY_CHANGE,
            PERSON_VIEW_FULL,
            DOCUMENT_VIEW,
            CERTIFICATE_DOWNLOAD,
            ACCOUNT_TEAM,
            ORGAWARD_RECORDS,
            ORGAWARD_MATERIALS,
            SHOWCASE_NOMINATE,
            TALENT_KEEP,
        }
    ),
    Role.JUDGE: frozenset({EDITION_VIEW, SCORE_VIEW, SCORE_ENTER, SCORE_JUDGE, EXAM_GRADE}),
    Role.CHIEF_JUDGE: frozenset(
        {
            EDITION_VIEW,
            EVENT_VIEW,
            SCORE_VIEW,
            SCORE_ENTER,
            SCORE_JUDGE,
            SCORE_SECOND,
            SCORE_LOCK,
            IDENTITY_VIEW,
            EXAM_VIEW,
            EXAM_GRADE,
        }
    ),
    Role.CLERK: frozenset(
        {EDITION_VIEW, SCORE_VIEW, SCORE_ENTER, SCORE_PAPER, SCORE_SECOND, THEORY_ENTER}
    ),
    Role.SUPERVISOR: frozenset(
        {
            EDITION_VIEW,
            EVENT_VIEW,
            SCORE_VIEW,
            SCORE_WITNESS,
            IDENTITY_VIEW,
            EXAM_VIEW,
            EXAM_SUPERVISE,
        }
    ),
    Role.ENCRYPTION_OFFICER: frozenset({EDITION_VIEW, SCORE_VIEW, ANONYMITY_HOLD}),
    Role.ARBITRATOR: frozenset(
        {EDITION_VIEW, EVENT_VIEW, SCORE_VIEW, APPEAL_DECIDE, IDENTITY_VIEW}
    ),
}
ALL_CODES = frozenset().union(*ROLE_PERMISSIONS.values())

EDITION_WIDE_ROLES = frozenset(
    {Role.COMMITTEE_OFFICE, Role.HRSS_REVIEWER, Role.SUPERVISOR, Role.ARBITRATOR}
)
PANEL_ROLES = frozenset({Role.JUDGE, Role.CHIEF_JUDGE, Role.CLERK, Role.ENCRYPTION_OFFICER})


def roles_with(code: str) -> frozenset[str]:
    """The roles whose holders have `code` (who judges, who keys paper sheets…)."""
    return frozenset(role for role, codes in ROLE_PERMISSIONS.items() if code in codes)


# The API (zhenxing/api.py) reads entries (ENTRY_VIEW) and the audit log (AUDIT_VIEW) beyond its
# public data: only roles holding one of them are offered personal API tokens.
API_CODES = frozenset({ENTRY_VIEW, AUDIT_VIEW})
API_ROLES = frozenset().union(*(roles_with(code) for code in API_CODES))
