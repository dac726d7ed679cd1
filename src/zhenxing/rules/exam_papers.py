"""Blueprints and papers of the theory exam (issue 19; docs/exam-rules.md §1–§2).

A blueprint (鉴定要素细目表) is rows of (scope, type, difficulty, count, points) that sum to the
paper's full marks. Papers are drawn from the bank by it with a recorded seed, several sets whose
pairwise overlap is at most a set share, least-used questions first.

How a draw goes (anyone can replay it with the recorded seed):
1. each bank question counts for one row only: among the rows it matches, the most specific one
   (a knowledge-point scope before an area scope, a set difficulty before "any", then the
   earlier row);
2. each row's questions are put in order: fewest earlier uses first, ties by a draw of lots
   (`draws.draw`, SHA-256 based) over their ids with the seed "<seed>:row<row number>"; the
   order in which the bank is handed over therefore never matters;
3. a plan by position, which depends only on how many questions each row needs and has: set
   after set, row after row, each pick takes the first question no earlier set has taken; when
   none is left, the question whose reuse adds least to the most-shared pair of sets. If a pair
   would share more than the bound, the plan is retried with the scarcest rows first and with
   "least reused" before "least shared"; when every variant fails, the bank cannot fill the
   blueprint for that many sets, and `check_fill` says so with figures;
4. the plan's positions are read in the row's order of step 2.
Since step 3 never looks at the seed, `check_fill` and `draw_papers` agree for every seed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from .draws import draw
from .reasons import Reason

CLAUSE = "docs/exam-rules.md"
KINDS = ("single", "multiple", "judge", "fill", "short")
KIND_LABELS = {
    "single": "单选题",
    "multiple": "多选题",
    "judge": "判断题",
    "fill": "填空题",
    "short": "简答题",
}
DIFFICULTIES = range(1, 6)
DEFAULT_OVERLAP = Decimal("0.5")


@dataclass(frozen=True)
class BankItem:
    id: str
    kind: str
    area: str  # knowledge area (鉴定范围) code
    point: str  # knowledge point (鉴定点) code
    difficulty: int  # 1..5, 1 easiest
    points: Decimal
    uses: int  # how many earlier papers used it


@dataclass(frozen=True)
class BlueprintRow:
    scope: str  # an area or a point code
    kind: str
    difficulty: int | None  # None: any difficulty
    count: int
    points: Decimal  # per question


@dataclass(frozen=True)
class Outcome:
    ok: bool
    reasons: tuple[Reason, ...] = ()


@dataclass(frozen=True)
class Draw:
    ok: bool
    reasons: tuple[Reason, ...] = ()
    papers: tuple[tuple[str, ...], ...] = ()  # question ids of each set, row by row


@dataclass(frozen=True)
class Shuffle:
    question_order: tuple[str, ...]
    option_orders: dict[str, tuple[int, ...]]  # question -> original option index at each place


def row_label(number: int, row: BlueprintRow) -> str:
    difficulty = f"难度 {row.difficulty}" if row.difficulty is not None else "难度不限"
    kind = KIND_LABELS.get(row.kind, row.kind)
    return f"细目表第 {number} 行（{row.scope}·{kind}·{difficulty}）"


def _row_problems(number: int, row: BlueprintRow) -> list[Reason]:
    label = row_label(number, row)
    problems = []
    if not str(row.scope).strip():
        problems.append(Reason("BLUEPRINT_NO_SCOPE", CLAUSE, f"{label}未填鉴定范围或鉴定点"))
    if row.kind not in KINDS:
        problems.append(
            Reason(
                "BLUEPRINT_BAD_KIND",
                CLAUSE,
                f"{label}的题型“{row.kind}”无法识别，应为单选题、多选题、判断题、填空题或简答题",
            )
        )
    if row.difficulty is not None and row.difficulty not in DIFFICULTIES:
        problems.append(
            Reason(
                "BLUEPRINT_BAD_DIFFICULTY",
                CLAUSE,
                f"{label}的难度应为 1 至 5（1 最易），或留空表示不限",
            )
        )
    if row.count <= 0:
        problems.append(Reason("BLUEPRINT_EMPTY_ROW", CLAUSE, f"{label}的题数应至少为 1"))
    if row.points <= 0:
        problems.append(Reason("BLUEPRINT_BAD_POINTS", CLAUSE, f"{label}的每题分值应大于 0"))
    return problems


def check_blueprint(rows: list[BlueprintRow], full_marks: Decimal) -> Outcome:
    """Whether the rows make a paper of `full_marks`: every row readable, counts × points summing
    to the full marks."""
    if not rows:
        return Outcome(False, (Reason("BLUEPRINT_EMPTY", CLAUSE, "细目表还没有任何一行"),))
    reasons = [problem for n, row in enumerate(rows, 1) for problem in _row_problems(n, row)]
    total = sum((row.count * row.points for row in rows), Decimal("0"))
    if total != full_marks:
        questions = sum(row.count for row in rows)
        reasons.append(
            Reason(
                "BLUEPRINT_SUM",
                CLAUSE,
                f"细目表 {len(rows)} 行共 {questions} 题、合计 {_figure(total)} 分，"
                f"试卷满分为 {_figure(full_marks)} 分：请调整题数或分值",
            )
        )
    return Outcome(not reasons, tuple(reasons))


def _figure(value: Decimal) -> str:
    return format(Decimal(value).normalize(), "f")


def overlap(a: tuple[str, ...], b: tuple[str, ...]) -> Decimal:
    """The share of paper `a`'s questions that are also in `b`."""
    if not a:
        return Decimal("0")
    return Decimal(len(set(a) & set(b))) / Decimal(len(a))


def shared_limit(rows: list[BlueprintRow], max_overlap: Decimal) -> int:
    """How many questions two sets may have in common: floor(max_overlap × paper length)."""
    length = sum(row.count for row in rows)
    return int((max_overlap * length).to_integral_value(rounding=ROUND_FLOOR))


# -- the pools: each bank question counts for its most specific matching row ---------------


def _matches(row: BlueprintRow, item: BankItem) -> bool:
    return (
        item.kind == row.kind
        and row.scope in (item.area, item.point)
        and (row.difficulty is None or item.difficulty == row.difficulty)
    )


def _pools(rows: list[BlueprintRow], bank: list[BankItem]):
    """Each row's questions, and (kept row, other row) -> how many questions matched both."""
    pools: list[list[BankItem]] = [[] for _ in rows]
    doubles: Counter[tuple[int, int]] = Counter()
    for item in bank:
        matching = [r for r, row in enumerate(rows) if _matches(row, item)]
        if not matching:
            continue
        kept = min(
            matching, key=lambda r: (rows[r].scope != item.point, rows[r].difficulty is None, r)
        )
        pools[kept].append(item)
        for other in matching:
            if other != kept:
                doubles[(kept, other)] += 1
    return pools, doubles


# -- the plan by position -------------------------------------------------------------------


def _attempt(counts, sizes, sets, limit, order, reuse_first):
    """plan[s][r]: the positions set s takes in row r, or None when a pair exceeds `limit`."""
    shared = [[0] * sets for _ in range(sets)]
    holders = [[[] for _ in range(size)] for size in sizes]  # holders[r][q]: sets that took q
    next_fresh = [0] * len(sizes)
    plan = [[() for _ in counts] for _ in range(sets)]
    for s in range(sets):
        for r in order:
            picks: list[int] = []
            for _ in range(counts[r]):
                if next_fresh[r] < sizes[r]:
                    q = next_fresh[r]
                    next_fresh[r] += 1
                else:
                    q = _least_shared(holders[r], picks, shared[s], reuse_first)
                for t in holders[r][q]:
                    shared[s][t] += 1
                    shared[t][s] += 1
                    if shared[s][t] > limit:
                        return None
                holders[r][q].append(s)
                picks.append(q)
            plan[s][r] = tuple(sorted(picks))
    return plan


def _least_shared(holders, picks, loads, reuse_first):
    taken = set(picks)

    def cost(q):
        worst = max((loads[t] + 1 for t in holders[q]), default=0)
        uses = len(holders[q])
        return (uses, worst, q) if reuse_first else (worst, uses, q)

    return min((q for q in range(len(holders)) if q not in taken), key=cost)


def _plan(counts, sizes, sets, limit):
    if any(count > size for count, size in zip(counts, sizes, strict=True)):
        return None
    in_order = list(range(len(counts)))
    scarcest = sorted(in_order, key=lambda r: (-Decimal(sets * counts[r]) / sizes[r], r))
    for order in (in_order, scarcest):
        for reuse_first in (False, True):
            plan = _attempt(counts, sizes, sets, limit, order, reuse_first)
            if plan is not None:
                return plan
    return None


def _sizes_that_fill(counts, sizes, sets, limit):
    """Pool sizes with which the plan succeeds: each short row grown by the same share of its
    shortfall (sets × count − size), the least share found by bisection."""
    shortfall = [max(0, sets * c - n) for c, n in zip(counts, sizes, strict=True)]
    steps = max(shortfall)

    def grown(k):
        return [n + -(-gap * k // steps) for n, gap in zip(sizes, shortfall, strict=True)]

    low, high = 0, steps  # with every shortfall made up no two sets share a question
    while low < high:
        middle = (low + high) // 2
        if _plan(counts, grown(middle), sets, limit) is None:
            low = middle + 1
        else:
            high = middle
    return grown(high)


# -- checking and drawing -------------------------------------------------------------------


def _settings_problems(bank, sets, max_overlap) -> list[Reason]:
    problems = []
    if not isinstance(sets, int) or sets < 1:
        problems.append(Reason("EXAM_BAD_SETS", CLAUSE, "抽取的试卷套数应至少为 1"))
    if not Decimal("0") <= max_overlap <= Decimal("1"):
        problems.append(
            Reason("EXAM_BAD_OVERLAP", CLAUSE, "两套试卷的重复率上限应在 0 至 100% 之间")
        )
    repeated = sorted(ident for ident, n in Counter(item.id for item in bank).items() if n > 1)
    if repeated:
        problems.append(
            Reason(
                "BANK_DUPLICATE_ID",
                CLAUSE,
                f"题库中题目编号重复：{'、'.join(repeated[:5])}，每道题应只出现一次",
            )
        )
    return problems


def _prepare(rows, bank, sets, max_overlap):
    """(reasons, ok, pools, plan): everything check_fill says and draw_papers needs."""
    reasons = [problem for n, row in enumerate(rows, 1) for problem in _row_problems(n, row)]
    if not rows:
        reasons.append(Reason("BLUEPRINT_EMPTY", CLAUSE, "细目表还没有任何一行"))
    reasons += _settings_problems(bank, sets, max_overlap)
    if reasons:
        return reasons, False, None, None
    pools, doubles = _pools(rows, bank)
    notes = [
        Reason(
            "BLUEPRINT_ROWS_OVERLAP",
            CLAUSE,
            f"有 {n} 道题同时符合细目表第 {kept + 1} 行和第 {other + 1} 行，只计入第 {kept + 1} 行"
            "（范围更具体的一行）：两行最好互不重叠",
        )
        for (kept, other), n in sorted(doubles.items())
    ]
    counts = [row.count for row in rows]
    sizes = [len(pool) for pool in pools]
    short = [
        _short(n, row, sizes[n - 1], row.count, "抽一套试卷至少需要 {need} 道符合的题")
        for n, row in enumerate(rows, 1)
        if sizes[n - 1] < row.count
    ]
    if short:
        return notes + short, False, pools, None
    limit = shared_limit(rows, max_overlap)
    plan = _plan(counts, sizes, sets, limit)
    if plan is not None:
        return notes, True, pools, plan
    wanted = _sizes_that_fill(counts, sizes, sets, limit)
    length = sum(counts)
    for_sets = f"抽 {sets} 套试卷且任两套相同的题不超过 {limit} 道，补足到 {{need}} 道符合的题即可"
    short = [
        _short(n, row, sizes[n - 1], wanted[n - 1], for_sets)
        for n, row in enumerate(rows, 1)
        if wanted[n - 1] > sizes[n - 1]
    ]
    summary = Reason(
        "BLUEPRINT_OVERLAP",
        CLAUSE,
        f"题库不够抽 {sets} 套试卷：每套 {length} 题，重复率上限 {_percent(max_overlap)}，"
        f"即任两套相同的题不超过 {limit} 道；请按下列各行补充题目，或减少套数、提高重复率上限",
    )
    return notes + [summary, *short], False, pools, None


def _short(number, row, have, need, purpose) -> Reason:
    return Reason(
        "BLUEPRINT_SHORT",
        CLAUSE,
        f"{row_label(number, row)}：每套 {row.count} 题，{purpose.format(need=need)}，"
        f"题库中现有 {have} 道，还差 {need - have} 道",
    )


def _percent(share: Decimal) -> str:
    return f"{_figure(share * 100)}%"


def check_fill(
    rows: list[BlueprintRow],
    bank: list[BankItem],
    *,
    sets: int = 1,
    max_overlap: Decimal = DEFAULT_OVERLAP,
) -> Outcome:
    """Whether the bank can fill the blueprint for `sets` sets within the overlap bound; when it
    cannot, a BLUEPRINT_SHORT reason per short row says how many questions it has and needs."""
    reasons, ok, _pools_, _plan_ = _prepare(rows, bank, sets, max_overlap)
    return Outcome(ok, tuple(reasons))


def draw_papers(
    rows: list[BlueprintRow],
    bank: list[BankItem],
    *,
    seed: str,
    sets: int,
    max_overlap: Decimal = DEFAULT_OVERLAP,
) -> Draw:
    """`sets` papers drawn by the blueprint (module docstring); the same whatever the order of
    `bank`; papers[i] is set i's question ids, row by row."""
    if not isinstance(seed, str) or not seed.strip():
        return Draw(False, (Reason("EXAM_NO_SEED", CLAUSE, "抽卷种子不能为空"),))
    reasons, ok, pools, plan = _prepare(rows, bank, sets, max_overlap)
    if not ok:
        return Draw(False, tuple(reasons))
    ordered = [_row_order(pool, f"{seed}:row{n}") for n, pool in enumerate(pools, 1)]
    papers = tuple(
        tuple(ordered[r][q].id for r in range(len(rows)) for q in plan[s][r]) for s in range(sets)
    )
    limit = max_overlap
    if any(overlap(a, b) > limit for i, a in enumerate(papers) for b in papers[i + 1 :]):
        raise AssertionError("the plan broke the overlap bound")  # a bug, never the bank's fault
    return Draw(True, tuple(reasons), papers)


def _row_order(pool: list[BankItem], seed: str) -> list[BankItem]:
    lots = draw([item.id for item in pool], seed)
    return sorted(pool, key=lambda item: (item.uses, int(lots[item.id])))


def shuffle_for(
    seed: str,
    person_key: str,
    question_ids: tuple[str, ...],
    option_counts: dict[str, int],
    *,
    groups: dict[str, str] | None = None,
) -> Shuffle:
    """One contestant's question and option order, fixed by (seed, person_key).

    Questions are shuffled by a draw of lots with the seed "<seed>:<person_key>"; with `groups`
    (question -> e.g. its type) they are shuffled within each group and the groups keep the
    order of their first question. Options (only of the questions in `option_counts`) by a draw
    with "<seed>:<person_key>:<question id>": option_orders[q][k] is the original index (0 = A)
    of the option shown k-th.
    """
    groups = groups or {}
    sections: dict[str, list[str]] = {}
    for question in question_ids:
        sections.setdefault(groups.get(question, ""), []).append(question)
    order: list[str] = []
    for name, members in sections.items():
        lots = draw(members, f"{seed}:{person_key}" + (f":{name}" if name else ""))
        order += sorted(members, key=lambda q: int(lots[q]))
    options = {}
    for question, count in option_counts.items():
        places = [str(i) for i in range(count)]
        lots = draw(places, f"{seed}:{person_key}:{question}")
        options[question] = tuple(int(p) for p in sorted(places, key=lambda p: int(lots[p])))
    return Shuffle(tuple(order), options)
