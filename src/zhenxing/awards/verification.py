"""Public verification of a certificate: its number and its holder's name give the same answer
whichever of the two is wrong, and nothing about the person beyond what the certificate says."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from .models import Award
from .signing import Check, check

NOT_FOUND = "未找到该证书：请核对证书编号和持证人姓名（两项须与证书上完全一致）。"


@dataclass(frozen=True)
class Answer:
    state: str  # "genuine" | "revoked" | "unknown"
    message: str
    lines: tuple[str, ...] = ()


def _same_name(typed: str, name: str) -> bool:
    return "".join(typed.split()) == "".join(name.split())


def _normal_serial(typed: str) -> str:
    return "".join(typed.split()).upper()


def lookup(serial: str, name: str) -> Answer:
    award = (
        Award.objects.filter(serial=_normal_serial(serial))
        .select_related("final__event__occupation", "final__event__edition", "entry__person")
        .first()
    )
    if award is None or not _same_name(name, award.entry.person.name):
        return Answer("unknown", NOT_FOUND)
    return _answer(award)


def _answer(award: Award) -> Answer:
    event = award.final.event
    decided = timezone.localtime(award.decided_at).date() if award.decided_at else award.award_date
    lines = (
        f"届次：{event.edition.name}",
        f"比赛项目：{event}",
        f"奖项：{award.name}",
        f"颁发日期：{decided.isoformat()}",
    )
    if award.revoked_at:
        day = timezone.localtime(award.revoked_at).date().isoformat()
        return Answer("revoked", f"该证书已于 {day} 撤销（成绩变更），不再有效。", lines)
    return Answer("genuine", "证书真实有效。", lines)


@dataclass(frozen=True)
class FileAnswer:
    seal: Check
    status: str  # what the register says of the number the file names


def check_file(pdf: bytes) -> FileAnswer:
    seal = check(pdf)
    award = Award.objects.filter(serial=seal.serial).first() if seal.serial else None
    if award is None:
        status = "平台中没有该编号的证书。" if seal.serial else ""
    elif award.revoked_at:
        status = f"证书编号 {award.serial}：已撤销，不再有效。"
    else:
        status = f"证书编号 {award.serial}：登记在册，有效。"
    return FileAnswer(seal, status)
