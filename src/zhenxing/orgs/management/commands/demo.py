from django.core.management.base import BaseCommand, CommandError

from zhenxing.editions.services import current_edition
from zhenxing.orgs.demo import DEMO_PASSWORD, create_demo_accounts


class Command(BaseCommand):
    help = "创建演示账号（每个角色一个），仅用于演示。"

    def handle(self, *args, **options):
        edition = current_edition()
        if edition is None:
            raise CommandError("尚未载入任何届次：请先运行 zhenxing edition load 2020-nmg")
        accounts = create_demo_accounts(edition)
        self.stdout.write(f"演示账号（{edition.name}，密码均为 {DEMO_PASSWORD}）：")
        for username, label in accounts:
            self.stdout.write(f"  {username:<12} {label}")
