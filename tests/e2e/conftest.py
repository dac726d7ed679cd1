"""Browser tests: Playwright driving Debian's Chromium (no browser download)."""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def site(live_server, transactional_db):
    """The live server with the 2020 edition and the personas loaded."""
    from importlib import resources

    from zhenxing.editions.services import load_rulebook

    text = resources.files("zhenxing.rulebooks").joinpath("2020-nmg.toml").read_text("utf-8")
    load_rulebook(text, "2020-nmg.toml")
    return live_server.url
