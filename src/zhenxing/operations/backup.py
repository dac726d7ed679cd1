"""`zhenxing backup DIR` and `zhenxing restore DIR`: the database (SQLite's online backup or
PostgreSQL's pg_dump), the uploaded files and the certificate signing keys, with a manifest of
SHA-256 checksums; a restore checks every checksum first and writes only into an empty database
and empty file folders, so nothing already stored is overwritten."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection

MANIFEST = "manifest.json"
FORMAT = 1
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"


class BackupError(Exception):
    """The backup or restore cannot be done; the message says why and what to do."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def _folders() -> dict[str, Path]:
    return {"media": Path(settings.MEDIA_ROOT), "keys": Path(settings.ZHENXING_KEYS_DIR)}


# ---------------------------------------------------------------- backup
def backup(target: str | Path) -> dict:
    """Write a backup into the empty (or new) folder `target`; returns its manifest."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"备份目录 {target} 不是空的：请指定一个新的或空的目录")
    target.mkdir(parents=True, exist_ok=True)
    database = _dump_database(target)
    for name, source in _folders().items():
        if source.exists():
            shutil.copytree(source, target / name)
    files = sorted(p for p in target.rglob("*") if p.is_file())
    manifest = {
        "format": FORMAT,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "engine": _engine(),
        "database": database,
        "files": {
            str(p.relative_to(target)): {"sha256": _sha256(p), "size": p.stat().st_size}
            for p in files
        },
    }
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
    return manifest


def _dump_database(target: Path) -> str:
    if _engine() == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target / SQLITE_FILE)
        with destination:
            connection.connection.backup(destination)  # consistent while the site writes
        destination.close()
        return SQLITE_FILE
    _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target / PG_FILE), _pg_url()])
    return PG_FILE


def _pg_url() -> str:
    db = settings.DATABASES["default"]
    user = f"{db['USER']}@" if db.get("USER") else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgresql://{user}{db.get('HOST') or 'localhost'}{port}/{db['NAME']}"


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"找不到 {command[0]}：请安装 PostgreSQL 客户端（Debian：apt-get install postgresql-client）"
        )
    env = None
    password = settings.DATABASES["default"].get("PASSWORD")
    if password:
        env = {**os.environ, "PGPASSWORD": password}
    # the program is fixed (pg_dump, pg_restore); its arguments come from the settings
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{command[0]} 失败：{done.stderr.strip()[:500]}")


# ---------------------------------------------------------------- restore
def verify(source: str | Path) -> dict:
    """The backup's manifest, once every file it lists is there with its checksum."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        raise BackupError(
            f"{source} 中没有可读的 {MANIFEST}：这不是 zhenxing backup 生成的备份"
        ) from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份格式 {manifest.get('format')} 不是本版本能恢复的格式 {FORMAT}")
    for name, expected in manifest["files"].items():
        path = source / name
        if not path.is_file() or _sha256(path) != expected["sha256"]:
            raise BackupError(f"备份中的文件 {name} 缺失或已损坏（校验和不符），未作任何恢复")
    return manifest


def restore(source: str | Path) -> dict:
    """Restore the backup in `source` into this site's empty database and file folders."""
    source = Path(source)
    manifest = verify(source)
    if manifest["engine"] != _engine():
        raise BackupError(
            f"这是 {manifest['engine']} 数据库的备份，本站使用 {_engine()}：请在同类数据库上恢复"
        )
    _refuse_unless_empty()
    for name, folder in _folders().items():
        if (source / name).is_dir() and folder.exists() and any(folder.iterdir()):
            raise BackupError(f"{folder} 中已有文件：请在新的站点（空目录）上恢复，以免覆盖")
    _load_database(source / manifest["database"])
    for name, folder in _folders().items():
        if (source / name).is_dir():
            shutil.copytree(source / name, folder, dirs_exist_ok=True)
    return manifest


def _refuse_unless_empty() -> None:
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"数据库不是空的（已有 {len(tables)} 张表）：请恢复到一个新建的空数据库，"
            "以免覆盖现有数据（不要先运行 migrate）"
        )


def _load_database(dump: Path) -> None:
    if _engine() == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        with source:
            source.backup(connection.connection)
        source.close()
        return
    connection.close()
    _run(["pg_restore", "--no-owner", "--exit-on-error", "--dbname", _pg_url(), str(dump)])
