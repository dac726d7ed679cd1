"""`zhenxing backup DIR` → `zhenxing restore DIR` on a new site: every table and every file comes
back, a damaged backup or a non-empty target is refused and changes nothing. Runs on the
database the suite runs on (SQLite, or PostgreSQL when DATABASE_URL names one), in processes of
their own, as an operator would."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ZHENXING = [sys.executable, "-m", "zhenxing.cli"]
POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


def _site(tmp_path: Path, name: str) -> dict:
    env = {**os.environ, "ZHENXING_VAR": str(tmp_path / name)}
    env.pop("ZHENXING_KEYS_DIR", None)  # the site's own keys under its ZHENXING_VAR
    env.pop("ZHENXING_SQLITE", None)
    if POSTGRES:
        database = f"zx_backup_{name}_{uuid.uuid4().hex[:8]}"
        _psql("postgres", f'CREATE DATABASE "{database}"')
        env["DATABASE_URL"] = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + database
        env["ZX_TEST_DATABASE"] = database
    return env


def _psql(database: str, sql: str) -> list[tuple]:
    import psycopg  # only on PostgreSQL runs

    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + database
    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(sql)
        return cursor.fetchall() if cursor.description else []


def _zhenxing(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*ZHENXING, *args], env=env, capture_output=True, text=True, timeout=300)


def _manage(env: dict, *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr


def _tables(env: dict) -> dict[str, list]:
    """Every table's rows, in a stable order."""
    if POSTGRES:
        database = env["ZX_TEST_DATABASE"]
        names = [
            r[0]
            for r in _psql(database, "SELECT tablename FROM pg_tables WHERE schemaname='public'")
        ]
        return {n: sorted(map(repr, _psql(database, f'SELECT * FROM "{n}"'))) for n in names}  # noqa: S608 — the catalogue's names
    db = sqlite3.connect(Path(env["ZHENXING_VAR"]) / "zhenxing.sqlite3")
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    return {n: sorted(map(repr, db.execute(f'SELECT * FROM "{n}"'))) for n in names}  # noqa: S608


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def sites(tmp_path):
    made = [_site(tmp_path, "old"), _site(tmp_path, "new")]
    yield made
    for env in made if POSTGRES else []:
        _psql("postgres", f'DROP DATABASE IF EXISTS "{env["ZX_TEST_DATABASE"]}" WITH (FORCE)')


def test_a_backup_restores_every_table_and_file_into_a_new_site(tmp_path, sites):
    old, new = sites
    _manage(old, "migrate", "--noinput", "-v0")
    assert _zhenxing(old, "edition", "load", "2020-nmg").returncode == 0
    _manage(old, "signing_key")
    assert _zhenxing(old, "demo").returncode == 0  # entries, finals, awards, uploaded files
    backup = tmp_path / "backup"
    done = _zhenxing(old, "backup", str(backup))
    assert done.returncode == 0, done.stderr
    manifest = json.loads((backup / "manifest.json").read_text("utf-8"))
    assert any(name.startswith("media/") for name in manifest["files"])
    assert any(name.startswith("keys/") for name in manifest["files"])

    done = _zhenxing(new, "restore", str(backup))
    assert done.returncode == 0, done.stderr
    before, after = _tables(old), _tables(new)
    assert before.keys() == after.keys() and len(before) > 50
    assert [t for t in before if before[t] != after[t]] == []
    assert sum(len(rows) for rows in after.values()) > 500
    for folder in ("media", "keys"):
        old_files = _files(Path(old["ZHENXING_VAR"]) / folder)
        assert old_files and old_files == _files(Path(new["ZHENXING_VAR"]) / folder)

    again = _zhenxing(new, "restore", str(backup))
    assert again.returncode == 2 and "数据库不是空的" in again.stderr


def test_a_damaged_backup_is_refused_before_anything_is_written(tmp_path, sites):
    old, new = sites
    _manage(old, "migrate", "--noinput", "-v0")
    _manage(old, "signing_key")
    backup = tmp_path / "backup"
    assert _zhenxing(old, "backup", str(backup)).returncode == 0
    assert _zhenxing(old, "backup", str(backup)).returncode == 2  # not into a used folder
    key = next((backup / "keys").rglob("*.pem"), None) or next((backup / "keys").rglob("*"))
    key.write_bytes(key.read_bytes() + b"x")
    done = _zhenxing(new, "restore", str(backup))
    assert done.returncode == 2 and "已损坏（校验和不符），未作任何恢复" in done.stderr
    assert _tables(new) == {} and not (Path(new["ZHENXING_VAR"]) / "keys").exists()
    missing = _zhenxing(new, "restore", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "不是 zhenxing backup 生成的备份" in missing.stderr
