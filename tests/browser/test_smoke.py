"""The browser harness itself: a real server page loads in chromium and axe-core runs on it."""

from __future__ import annotations

from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser.conftest import axe_violations, describe
from tests.e2e.procs import Server


def test_unknown_link_page_is_accessible(live_server: Server, browser: WebDriver) -> None:
    browser.get(f"{live_server.base}/r/NO-SUCH-CODE")
    assert "link" in browser.page_source.lower()
    violations = axe_violations(browser)
    assert not violations, describe(violations)
