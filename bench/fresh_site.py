"""The benchmarks' common start: Django on a new SQLite database, migrated, 2020 edition loaded."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path


def fresh_site(folder: str):
    """Set Django up on `folder`/bench.sqlite3 (never DATABASE_URL); returns the 2020 edition."""
    os.environ.update(
        {
            "ZHENXING_VAR": folder,
            "ZHENXING_SQLITE": str(Path(folder) / "bench.sqlite3"),
            "DJANGO_SETTINGS_MODULE": "zhenxing.settings",
        }
    )
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    from zhenxing.editions.services import load_rulebook

    call_command("migrate", verbosity=0)
    text = resources.files("zhenxing.rulebooks").joinpath("2020-nmg.toml").read_text("utf-8")
    return load_rulebook(text, "2020-nmg.toml").edition
