"""Draws of lots and conflicts of interest (rules.md §4.3, a Reading: the notice leaves judging
to host units).

A draw gives each item (a contestant, or a piece of work) one label (a contest number, a station,
a review number). It is a pure function of the items, the labels and a recorded seed, built only
from SHA-256 so that an auditor can replay it in any language (docs/integrity.md §1):

1. sort the items by Unicode code point (so the order they were typed in does not matter);
2. integer number k (k = 0, 1, 2, …) of the stream is the first 4 bytes, big-endian, of
   SHA-256 over the UTF-8 bytes of `seed + ":" + k` (k in decimal);
3. a uniform integer in [0, n) takes the next integer x of the stream, rejects it while
   x ≥ 2^32 − (2^32 mod n) (no modulo bias), and returns x mod n;
4. Fisher–Yates: for i from len − 1 down to 1, j = uniform integer in [0, i + 1), swap i and j;
5. the item at position p (0-based) gets labels[p]; by default labels are "001", "002", ….

Replaying a draw is calling `draw` again with the recorded items, seed and labels: `replay` does
exactly that and exists so that the intent reads in the caller's code.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from collections.abc import Iterator, Mapping, Sequence

from .reasons import Reason
from .rulebook import normalize_name

CLAUSE = "rules.md §4.3"
# Part of the published algorithm, not edition parameters: changing them changes every replay.
SEPARATOR = ":"
WORD_BYTES = 4
SPACE = 2 ** (8 * WORD_BYTES)
LABEL_WIDTH = 3


class DrawError(ValueError):
    """Items, labels or seed that cannot make a draw; the message is Chinese."""


def new_seed() -> str:
    """A fresh seed: 32 random bytes from the OS, as 64 hex characters. Record it before use."""
    return secrets.token_hex(32)


def stream(seed: str) -> Iterator[int]:
    """The integers 0 ≤ x < 2^32 derived from `seed`, in order."""
    counter = 0
    while True:
        digest = hashlib.sha256(f"{seed}{SEPARATOR}{counter}".encode()).digest()
        yield int.from_bytes(digest[:WORD_BYTES], "big")
        counter += 1


def uniform_below(n: int, integers: Iterator[int]) -> int:
    """A uniform integer in [0, n), taking as many integers from the stream as it needs."""
    limit = SPACE - SPACE % n
    for x in integers:
        if x < limit:
            return x % n
    raise DrawError("随机数流意外结束")


def default_labels(count: int) -> list[str]:
    width = max(LABEL_WIDTH, len(str(count)))
    return [str(number).zfill(width) for number in range(1, count + 1)]


_TYPED_LABEL = re.compile(r"([A-Z]*)0*([0-9]+)")


def label_key(text: str, prefix: str = "") -> str:
    """A label as typed by hand, for comparing with the drawn ones: 7, 07 and 007 all give the
    key of 007; g7 that of G007 (and 7 too, when `prefix` is G); full-width digits, spaces and
    case do not count."""
    typed = unicodedata.normalize("NFKC", text).replace(" ", "").upper()
    match = _TYPED_LABEL.fullmatch(typed)
    if match is None:
        return typed
    letters, number = match.groups()  # the number without its leading zeros
    return f"{letters or prefix}{number}"


def draw(items: Sequence[str], seed: str, labels: Sequence[str] | None = None) -> dict[str, str]:
    """Item → label, a bijection fixed by the items (in any order), the seed and the labels."""
    _check(items, seed, labels)
    labels = list(labels) if labels is not None else default_labels(len(items))
    order = sorted(items)
    integers = stream(seed)
    for i in range(len(order) - 1, 0, -1):
        j = uniform_below(i + 1, integers)
        order[i], order[j] = order[j], order[i]
    return dict(zip(order, labels, strict=True))


def replay(items: Sequence[str], seed: str, labels: Sequence[str] | None = None) -> dict[str, str]:
    """The draw recorded with this seed, recomputed: the same as `draw`, on purpose."""
    return draw(items, seed, labels)


def _check(items: Sequence[str], seed: str, labels: Sequence[str] | None) -> None:
    if not isinstance(seed, str) or not seed:
        raise DrawError("抽签种子不能为空")
    if any(not isinstance(item, str) for item in items):
        raise DrawError("抽签对象应为文本编号")
    if len(set(items)) != len(items):
        raise DrawError("抽签对象有重复，请先去重")
    if labels is None:
        return
    if len(labels) != len(items):
        raise DrawError(f"签号数（{len(labels)}）与抽签对象数（{len(items)}）不一致")
    if len(set(labels)) != len(labels):
        raise DrawError("签号有重复")


def describe_algorithm() -> str:
    """The algorithm in Chinese, as printed on the sign-in sheet under the seed."""
    return (
        "抽签算法（任何人可用记录的种子复算）：\n"
        "1. 将全部抽签对象编号按 Unicode 码位从小到大排序；\n"
        "2. 第 k 个随机数（k = 0, 1, 2, …）= 对“种子:k”（k 为十进制，UTF-8 编码）"
        "计算 SHA-256，取结果前 4 个字节按大端序读成整数（0 至 4294967295）；\n"
        "3. 要在 0 至 n−1 中取一个数时，依次取下一个随机数 x，若 x ≥ 4294967296 − "
        "(4294967296 除以 n 的余数) 则舍弃再取，否则取 x 除以 n 的余数；\n"
        "4. 从最后一个位置 i 起到第 2 个位置止（位置从 0 计），取 0 至 i 中的一个数 j，"
        "交换位置 i 和 j 上的对象；\n"
        "5. 交换完成后，第 1 个位置上的对象得第 1 个签号，第 2 个得第 2 个签号，依此类推"
        "（默认签号为 001、002、…）。"
    )


def conflicts(
    assignments: Mapping[str, Sequence[str]],
    judge_org: Mapping[str, str],
    contestant_org: Mapping[str, str | Sequence[str]],
) -> list[Reason]:
    """Every judge/contestant pair of one organization, and everyone whose organization is unknown.

    A contestant may belong to several organizations (the delegation's, and the employer or
    school given on the entry); any one shared with the judge is a conflict. An empty list
    clears the assignment. Names are compared as occupation names are (spaces ignored, half-
    and full-width brackets equal).
    """
    reasons = _unknown(sorted(assignments), judge_org, "裁判")
    contestants = sorted({c for assigned in assignments.values() for c in assigned})
    reasons += _unknown(contestants, contestant_org, "选手")
    for judge in sorted(assignments):
        for contestant in sorted(set(assignments[judge])):
            org = _org(judge_org, judge)
            if org and org in _orgs(contestant_org, contestant):
                reasons.append(
                    Reason(
                        "CONFLICT_OF_INTEREST",
                        CLAUSE,
                        f"裁判 {judge} 与选手 {contestant} 同属“{judge_org[judge].strip()}”，"
                        "不得为其评分：请调换裁判或评审分组",
                    )
                )
    return reasons


def _org(orgs: Mapping[str, str], person: str) -> str:
    return normalize_name(orgs.get(person) or "")


def _orgs(orgs: Mapping[str, str | Sequence[str]], person: str) -> set[str]:
    names = orgs.get(person) or ""
    names = [names] if isinstance(names, str) else names
    return {normalize_name(name) for name in names} - {""}


def _unknown(people: Sequence[str], orgs: Mapping[str, str], role: str) -> list[Reason]:
    return [
        Reason(
            "ORGANIZATION_UNKNOWN",
            CLAUSE,
            f"{role} {person} 未登记所属单位，无法核对回避：请补录单位后再核对",
        )
        for person in people
        if not _orgs(orgs, person)
    ]
