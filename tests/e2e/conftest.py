"""Browser tests: Playwright driving Debian's chromium against pytest-django's live server."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "e2e"
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


def _install_chromium() -> str | None:
    """Install Debian's chromium when missing; the reason it cannot be, or None when it is there."""
    if CHROMIUM.exists():
        return None
    apt_get = shutil.which("apt-get")
    if apt_get is None:
        return f"{CHROMIUM} is missing and apt-get is not available to install it"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in ([apt_get, "install", "-y", "chromium"], [apt_get, "update"]):
        try:
            subprocess.run(command, check=False, capture_output=True, timeout=900, env=env)
        except (OSError, subprocess.TimeoutExpired) as error:
            return f"could not run {' '.join(command)}: {error}"
        if CHROMIUM.exists():
            return None
    try:
        result = subprocess.run(
            [apt_get, "install", "-y", "chromium"],
            check=False,
            capture_output=True,
            timeout=900,
            env=env,
            text=True,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"apt-get install -y chromium failed: {error}"
    if CHROMIUM.exists():
        return None
    return f"apt-get install -y chromium failed: {result.stderr.strip()[-300:]}"


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    reason = _install_chromium()
    if reason:
        pytest.skip(f"Debian chromium is needed for browser tests: {reason}")
    return CHROMIUM


@pytest.fixture
def browser(chromium_path, monkeypatch):
    """One browser per test: Playwright's sync API runs an event loop in this thread while it is
    open, so Django's async-safety check is relaxed only for the test's lifetime (the test
    touches the database between browser calls, never concurrently with them)."""
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_tree_root(transactional_db) -> None:
    """Transactional tests flush the database, taking the root page that Wagtail's migrations
    create with it; put it back so seeding can build the site."""
    from tests.factories import ensure_page_tree_root

    ensure_page_tree_root()


@pytest.fixture
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")
