"""The layout holds: layers enforced by import-linter (shown failing on an upward import), no
function-level import without its reason, every audit action named in Chinese."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "zhenxing"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _python_files():
    return [p for p in SRC.rglob("*.py") if "migrations" not in p.parts]


def _lint_imports(tree: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-logo", "--no-cache", "--config", str(tree / "pyproject.toml")],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _copy_of_the_code(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(SRC, tree / "src" / "zhenxing", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return tree


@pytest.mark.parametrize(
    ("module", "upward", "contract"),
    [
        ("registration/models.py", "from zhenxing.judging import models", "Layers"),
        ("orgs/access.py", "import zhenxing.registration.models", "Layers"),
        ("rules/scoring.py", "import django.db", "need no Django"),
    ],
)
def test_an_upward_import_breaks_the_layers_contract(tmp_path, module, upward, contract):
    tree = _copy_of_the_code(tmp_path)
    target = tree / "src" / "zhenxing" / module
    target.write_text(target.read_text("utf-8") + f"\n{upward}  # noqa\n", "utf-8")

    broken = _lint_imports(tree)

    assert broken.returncode != 0, broken.stdout
    assert f"{contract}" in broken.stdout and "BROKEN" in broken.stdout


def test_the_code_as_it_is_keeps_every_contract():
    kept = _lint_imports(ROOT)
    assert kept.returncode == 0, kept.stdout
    assert "0 broken" in kept.stdout


def _function_level_imports(path: Path):
    lines = path.read_text("utf-8").splitlines()
    tree = ast.parse("\n".join(lines))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    line = lines[inner.lineno - 1]
                    before = lines[inner.lineno - 2].strip() if inner.lineno > 1 else ""
                    if "#" not in line and not before.startswith("#"):
                        yield f"{path.relative_to(ROOT)}:{inner.lineno}: {line.strip()}"


def test_no_function_level_import_without_a_comment_saying_why():
    found = [hit for path in _python_files() for hit in _function_level_imports(path)]
    assert found == []


def _recorded_actions(path: Path):
    """The first argument of every audit.record(...) call: what it is written as."""
    tree = ast.parse(path.read_text("utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name == "record":
            yield path.relative_to(ROOT), node.lineno, node.args[0]


def test_audit_actions_are_constants_not_free_strings():
    free = [
        f"{path}:{line}"
        for path in _python_files()
        for path, line, arg in _recorded_actions(path)
        if isinstance(arg, ast.Constant | ast.JoinedStr | ast.BinOp)
    ]
    assert free == []


def test_every_action_has_a_chinese_name(db):
    from django.contrib import admin

    from zhenxing.orgs import audit

    assert len(audit.LABELS) >= 50
    unnamed = [code for code, label in audit.LABELS.items() if not CJK.search(label)]
    assert unnamed == []
    for model in admin.site._registry:
        for verb in audit.ADMIN_VERBS:
            code = audit.admin_action(model, verb)
            assert CJK.search(audit.label(code)), code


def test_the_draws_are_named_too():
    """The layer draws were logged as raw codes on the audit page (judging.station.drawn)."""
    from zhenxing.judging.actions import DRAWN
    from zhenxing.orgs.audit import label

    assert {label(code) for code in DRAWN.values()} == {"抽签", "检录抽工位号", "抽取评审号"}
