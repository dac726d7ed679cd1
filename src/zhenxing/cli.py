"""The `zhenxing` console script.

The calculators (check-entries, compute-results, score-org-award) need no database; the
`edition` commands validate a rulebook file and (for `load`) write it into the database.

Each command imports what it needs when it runs (the imports below sit in functions on
purpose): a calculator never loads Django, and `zhenxing --help` starts at once.
"""

from __future__ import annotations

import argparse
import os
import sys


def _calculator(command: str):
    # lazy: one calculator loaded, never Django (module docstring)
    if command == "check-entries":
        from zhenxing.calculators.check_entries import compute  # lazy, as above
    elif command == "compute-results":
        from zhenxing.calculators.compute_results import compute  # lazy, as above
    else:
        from zhenxing.calculators.score_org_award import compute  # lazy, as above
    return compute


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zhenxing", description="振兴杯大赛平台命令行")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in [
        ("check-entries", "检查报名资格（JSON 或官方报名模板 .xlsx）"),
        ("compute-results", "计算总分、名次与奖项"),
        ("score-org-award", "计算优秀组织奖自评表得分"),
    ]:
        calc = sub.add_parser(name, help=help_text)
        calc.add_argument("file", help="输入文件，- 表示标准输入")
        calc.add_argument("--json", action="store_true", help="输出 JSON（默认即是）")
        calc.add_argument("--edition", help="按已安装的届次判定（届次代码），覆盖文件中的 edition")
        calc.add_argument(
            "--rulebook", metavar="FILE", help="按一个未安装的规则文件判定（试算下一届的规则草案）"
        )
    edition = sub.add_parser("edition", help="届次规则文件")
    edition_sub = edition.add_subparsers(dest="action", required=True)
    for action, help_text in [("validate", "校验规则文件"), ("load", "校验并载入数据库")]:
        cmd = edition_sub.add_parser(action, help=help_text)
        cmd.add_argument("file")
    compare = edition_sub.add_parser("diff", help="列出两个规则文件之间的每处改动")
    compare.add_argument("old", help="原规则文件，或已安装届次的代码")
    compare.add_argument("new", help="新规则文件，或已安装届次的代码")
    for name, help_text in [
        ("backup", "备份数据库、上传的文件和签章密钥到一个新目录（带校验和清单）"),
        ("restore", "从备份目录恢复到一个空数据库（先核对每个文件的校验和）"),
    ]:
        sub.add_parser(name, help=help_text).add_argument("directory")
    for name, help_text in [("demo", "填充演示数据"), ("manage", "运行 Django 管理命令")]:
        cmd = sub.add_parser(name, help=help_text, add_help=name != "manage")
        cmd.add_argument("args", nargs=argparse.REMAINDER)
    return parser


def _django(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenxing.settings")
    from django.core.management import execute_from_command_line  # lazy: only these load Django

    execute_from_command_line(["zhenxing", *argv])
    return 0


def _validate(path: str) -> int:
    from zhenxing.rules.rulebook import RulebookError, load_file  # lazy (module docstring)

    try:
        rulebook = load_file(path)
    except RulebookError as exc:
        print(exc.summary(), file=sys.stderr)
        return 2
    info = rulebook.edition
    print(f"{path}: 有效 — {info.code} {info.name}，{len(rulebook.events)} 个比赛项目")
    return 0


def _rulebook(name: str):
    """A rulebook file, or the installed edition of that code."""
    from zhenxing.rules.rulebook import load_edition, load_file  # lazy (module docstring)

    if not os.path.exists(name):
        try:
            return load_edition(name)
        except KeyError:
            pass
    return load_file(name)


def _diff(old: str, new: str) -> int:
    from zhenxing.rules.rulebook import RulebookError  # lazy (module docstring)
    from zhenxing.rules.rulebook_diff import diff  # lazy (module docstring)

    try:
        lines = diff(_rulebook(old), _rulebook(new))
    except RulebookError as exc:
        print(exc.summary(), file=sys.stderr)
        return 2
    print("\n".join(lines) if lines else "两个规则文件的内容相同（只有注释或排版不同）")
    print(f"共 {len(lines)} 处改动", file=sys.stderr)
    return 0


def _backup(command: str, directory: str) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenxing.settings")
    import django  # lazy: only these commands load Django

    django.setup()
    from zhenxing.operations import backup  # lazy (module docstring)

    try:
        manifest = getattr(backup, command)(directory)
    except backup.BackupError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    done = "已备份到" if command == "backup" else "已从备份恢复："
    print(
        f"{done} {directory}（{manifest['engine']}，{len(manifest['files'])} 个文件，均已核对校验和）"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] in (["demo"], ["manage"]):
        # handed to Django whole: argparse's REMAINDER cannot begin with an option (demo --edition X)
        return _django(argv if argv[0] == "demo" else argv[1:])
    args = _parser().parse_args(argv)
    if args.command in ("check-entries", "compute-results", "score-org-award"):
        from zhenxing.calculators.common import run  # lazy (module docstring)

        return run(_calculator(args.command), args.file, args.edition, args.rulebook)
    if args.command == "edition" and args.action == "validate":
        return _validate(args.file)
    if args.command == "edition" and args.action == "diff":
        return _diff(args.old, args.new)
    if args.command == "edition":
        return _django(["load_edition", args.file])
    if args.command in ("backup", "restore"):
        return _backup(args.command, args.directory)
    if args.command == "demo":
        return _django(["demo", *args.args])
    return _django(args.args)


if __name__ == "__main__":
    sys.exit(main())
