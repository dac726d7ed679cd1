from django.core.management.base import BaseCommand

from zhenxing.awards import signing


class Command(BaseCommand):
    help = "证书电子签章的密钥：没有时创建（make run 每次运行）；--rotate 更换新密钥（旧证书仍可核验）。"

    def add_arguments(self, parser):
        parser.add_argument("--rotate", action="store_true", help="更换密钥；旧证书保留用于核验")

    def handle(self, *args, rotate: bool, **options):
        if rotate:
            folder = signing.rotate()
            self.stdout.write(f"已更换证书签章密钥：{folder}")
        else:
            folder, made = signing.ensure_key()
            if made:
                self.stdout.write(f"已创建证书签章密钥：{folder}（请备份，见 docs/operations.md）")
        if options["verbosity"] > 1 or rotate:
            self.stdout.write(f"签章证书指纹（SHA-256）：{signing.fingerprint()}")
