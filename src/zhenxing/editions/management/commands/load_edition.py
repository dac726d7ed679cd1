from importlib import resources
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhenxing.editions.services import EditionLoadRefused, load_rulebook
from zhenxing.rules.rulebook import RulebookError


class Command(BaseCommand):
    help = "校验规则文件并载入（或更新）届次；重复载入同一文件不作任何修改。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="规则文件（TOML），或已安装届次的代码，如 2020-nmg")

    def handle(self, *args, **options):
        text, source = _read(options["file"])
        try:
            report = load_rulebook(text, source)
        except RulebookError as exc:
            raise CommandError(exc.summary()) from None
        except EditionLoadRefused as exc:
            raise CommandError(str(exc)) from None
        edition = report.edition
        if not report.changed:
            self.stdout.write(f"{edition.code}：与数据库一致，未作修改。")
            return
        for line in report.changes:
            self.stdout.write(f"  {line}")
        self.stdout.write(
            self.style.SUCCESS(f"{edition.code}：已载入，{len(report.changes)} 处变更。")
        )


def _read(name: str) -> tuple[str, str]:
    path = Path(name)
    if not path.exists() and not name.endswith(".toml"):
        packaged = resources.files("zhenxing.rulebooks").joinpath(f"{name}.toml")
        if packaged.is_file():
            return packaged.read_text("utf-8"), f"{name}.toml"
    try:
        return path.read_text(encoding="utf-8"), str(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"无法读取规则文件 {name}：{exc}") from None
