from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zhenxing.awards.demo import award_demo_final
from zhenxing.editions.models import Edition
from zhenxing.editions.services import current_edition
from zhenxing.exams.demo import create_demo_exam
from zhenxing.judging.demo import create_demo_finals
from zhenxing.orgaward.demo import create_demo_orgaward
from zhenxing.orgs.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, create_demo_accounts
from zhenxing.orgs.models import Membership
from zhenxing.registration.demo import create_demo_entries
from zhenxing.registration.models import Entry
from zhenxing.results.demo import finish_demo_final
from zhenxing.showcase.demo import create_demo_showcase
from zhenxing.talent.demo import create_demo_talent


class Command(BaseCommand):
    help = (
        "创建演示账号（每个角色一个）、虚构的演示代表队和报名（标为演示数据）以及演示决赛评分，"
        "仅用于演示站点；已有正式报名或演示用户名已被真实用户占用时拒绝运行。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--edition",
            metavar="CODE",
            help="完整演示数据（含优秀组织奖、“绝活”展示、人才库、理论考试）所在的届次，默认为当前"
            "届次；其他已载入的届次各有一套从报名到奖项的演示",
        )

    def handle(self, *args, **options):
        edition = _main_edition(options.get("edition"))
        real = Entry.objects.filter(
            delegation__is_demo=False, delegation__organization__is_demo=False
        ).count()
        taken = get_user_model().objects.filter(username__in=[a[0] for a in DEMO_ACCOUNTS])
        taken = [u.username for u in taken if not u.first_name.startswith("演示·")]
        if real or taken:
            found = f"已有 {real} 条正式报名" if real else f"已有真实用户 {'、'.join(taken)}"
            raise CommandError(
                f"{found}：演示账号的密码是公开的，演示数据不能加入正在使用的系统。"
                "演示请用新的数据库（make clean-db 后再 make run）。"
            )
        create_demo_accounts(edition)
        entries = create_demo_entries(edition)
        if entries:
            self.stdout.write(
                f"已创建 {entries} 条演示报名（虚构的“演示·甲市”等代表队，标有“演示数据”）。"
            )
        for line in _finals(edition):
            self.stdout.write(f"演示决赛 {line}")
        for other in Edition.objects.exclude(pk=edition.pk).order_by("period_start", "id"):
            for line in _other_edition(other):
                self.stdout.write(f"演示届次 {other.code}：{line}")
        self.stdout.write(create_demo_orgaward(edition))
        for line in (
            create_demo_showcase(edition),
            create_demo_talent(edition),
            create_demo_exam(edition),
        ):
            if line:
                self.stdout.write(line)
        self.stdout.write(f"演示账号（{edition.name}，密码均为 {DEMO_PASSWORD}）：")
        for username, roles in demo_accounts(edition):
            self.stdout.write(f"  {username:<14} {roles}")


def demo_accounts(edition) -> list[tuple[str, str]]:
    """Every demo account there is (the role accounts, the extra judges of the demo finals),
    with what each may do: all of them, on every run."""
    users = get_user_model().objects.filter(first_name__startswith="演示·").order_by("username")
    memberships = Membership.objects.filter(user__in=users).select_related(
        "edition", "event__occupation"
    )
    roles: dict[int, list[str]] = {}
    # the edition's own roles first, then the other editions' (marked with their code)
    key = lambda m: (m.edition_id != edition.pk, m.edition.period_start, m.role)  # noqa: E731
    for m in sorted(memberships, key=key):
        where = "" if m.edition_id == edition.pk else f"（{m.edition.code}）"
        roles.setdefault(m.user_id, []).append(
            m.get_role_display() + (f"·{m.event}" if m.event else "") + where
        )
    return [(u.username, "、".join(roles.get(u.pk, [])) or "（无角色）") for u in users]


def _main_edition(code: str | None) -> Edition:
    if code:
        found = Edition.objects.filter(code=code).first()
        if found is None:
            known = "、".join(Edition.objects.values_list("code", flat=True)) or "无"
            raise CommandError(f"没有届次 {code}（已载入：{known}）")
        return found
    edition = current_edition()
    if edition is None:
        raise CommandError("尚未载入任何届次：请先运行 zhenxing edition load 2020-nmg")
    return edition


def _other_edition(edition) -> list[str]:
    """Another installed edition: the demo accounts' roles in it, its demo delegations and
    entries, and its finals from scoring to published results and approved awards."""
    create_demo_accounts(edition)
    entries = create_demo_entries(edition)
    return ([f"已创建 {entries} 条演示报名"] if entries else []) + _finals(edition)


@transaction.atomic
def _finals(edition) -> list[str]:
    """The finals demo: one event half-way through scoring, another taken to publication."""
    done, locked = create_demo_finals(edition)
    if locked is not None:
        done.append(finish_demo_final(locked))
        done.append(award_demo_final(locked))
    return done
