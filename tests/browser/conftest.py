"""Browser tests: a real `vouch` server (its own SQLite file, demo data) driven by Debian's
`chromium` through `chromium-driver` with selenium, plus axe-core (npm) for accessibility.

No browser is ever downloaded: the driver and browser are the system's (`.ci/run` installs
them with apt). Outside CI a machine without them skips these tests; in CI they must exist.
Screenshots go to `artifacts/screenshots/` (kept by CI, shown in the README).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.chromium.webdriver import ChromiumDriver
from selenium.webdriver.remote.webdriver import WebDriver

from tests.e2e.procs import Server, env_for, free_port, prepare, serving, vouch
from tests.mail_server import Inbox, smtp_server

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "web" / "dashboard" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
# WCAG 2.1 A and AA, as axe-core tags them.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _system(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def _require(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required in CI (.ci/run installs it)")
    pytest.skip(f"{what} is not installed")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One `vouch serve` for the session: migrated, an admin, the demo data, SQLite WAL.

    Tests create what they need through GraphQL (unique slugs), so they can share it.
    The pages are clients of the GraphQL API, whose server paths the integration tests cover
    on both databases; the browser tests run once, in the SQLite pass.
    """
    if os.environ.get("VOUCH_TEST_DATABASE_URL", "").startswith("postgres"):
        pytest.skip("browser tests run in the SQLite pass")
    cwd = tmp_path_factory.mktemp("browser-server")
    env = env_for(f"sqlite://{cwd / 'vouch.db'}", VOUCH_RATE_LIMITS="false")
    prepare(env, cwd)
    seeded = vouch(["seed-demo"], env, cwd)
    assert seeded.returncode == 0, seeded
    with serving(env, cwd) as server:
        yield server


@pytest.fixture(scope="session")
def pages_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Inbox]]:
    """A `vouch serve` whose public URL is its own address (so emailed links and share links
    open on it) and whose emails go to a real local SMTP server the test reads."""
    if os.environ.get("VOUCH_TEST_DATABASE_URL", "").startswith("postgres"):
        pytest.skip("browser tests run in the SQLite pass")
    cwd = tmp_path_factory.mktemp("pages-server")
    port = free_port()
    with smtp_server() as inbox:
        env = env_for(
            f"sqlite://{cwd / 'vouch.db'}",
            VOUCH_RATE_LIMITS="false",
            VOUCH_PUBLIC_URL=f"http://127.0.0.1:{port}",
            VOUCH_SMTP_URL=inbox.url,
        )
        prepare(env, cwd)
        with serving(env, cwd, port=port) as server:
            yield server, inbox


@pytest.fixture(scope="session")
def browser() -> Iterator[WebDriver]:
    driver = chromium()
    try:
        yield driver
    finally:
        driver.quit()


def chromium(*, width: int = 1280, height: int = 900) -> WebDriver:
    """A new, separate browser (its own profile: no shared cookies or storage)."""
    chromium = _system("chromium", "chromium-browser")
    driver_path = _system("chromedriver", "chromium-driver")
    if chromium is None or driver_path is None:
        _require("chromium and chromium-driver")
    assert chromium is not None and driver_path is not None
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        f"--window-size={width},{height}",
        "--no-first-run",
        "--disable-extensions",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
    driver.set_page_load_timeout(30)
    return driver


@pytest.fixture(autouse=True)
def _fresh_console(request: pytest.FixtureRequest) -> None:
    """Each test reads only its own console entries: drain what earlier tests left."""
    if "browser" in request.fixturenames:
        console_errors(request.getfixturevalue("browser"))


def axe_violations(driver: WebDriver, *, exclude: list[str] | None = None) -> list[dict[str, Any]]:
    """Run axe-core on the current page; returns WCAG 2.1 A/AA violations (empty = clean).

    axe is injected through the driver, not by the page, so a strict CSP does not block it.
    """
    if not AXE.exists():
        _require("axe-core (npm ci in web/dashboard)")
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}
    context: Any = {"exclude": [[s] for s in exclude]} if exclude else {"include": [["html"]]}
    result: dict[str, Any] = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(arguments[0], arguments[1]).then(r => done(r), e => done({error: String(e)}));",
        context,
        options,
    )
    assert "error" not in result, result
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    )


def screenshot(driver: WebDriver, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def console_errors(driver: WebDriver) -> list[str]:
    """Severe browser console entries (script errors, CSP violations, failed requests)."""
    entries: list[dict[str, Any]] = cast(ChromiumDriver, driver).get_log("browser")  # type: ignore[no-untyped-call]
    return [e["message"] for e in entries if e.get("level") == "SEVERE"]
