from django.core.management.base import BaseCommand, CommandError

from zhenxing.editions.services import current_edition
from zhenxing.judging.demo import create_demo_finals
from zhenxing.orgs.demo import DEMO_PASSWORD, create_demo_accounts
from zhenxing.registration.demo import create_demo_entries


class Command(BaseCommand):
    help = "创建演示账号（每个角色一个）、演示代表队和报名（标为演示数据）以及演示决赛评分，仅用于演示。"

    def handle(self, *args, **options):
        edition = current_edition()
        if edition is None:
            raise CommandError("尚未载入任何届次：请先运行 zhenxing edition load 2020-nmg")
        accounts = create_demo_accounts(edition)
        self.stdout.write(f"演示账号（{edition.name}，密码均为 {DEMO_PASSWORD}）：")
        for username, label in accounts:
            self.stdout.write(f"  {username:<12} {label}")
        entries = create_demo_entries(edition)
        if entries:
            self.stdout.write(f"已创建 {entries} 条演示报名（代表队标有“演示数据”）。")
        for line in create_demo_finals(edition):
            self.stdout.write(f"演示决赛 {line}")
