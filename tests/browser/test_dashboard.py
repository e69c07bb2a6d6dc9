"""The staff dashboard, used as a person would: sign in, create a campaign through the wizard,
rehearse it, go live, watch the funnel move after real traffic, decide rewards, review a flag,
create an API key. axe-core runs on every screen; screenshots and measurements are saved."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, unquote

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.browser.conftest import (
    ROOT,
    SCREENSHOTS,
    axe_violations,
    console_errors,
    describe,
    screenshot,
)
from tests.e2e.procs import ADMIN, LOGIN, PASSWORD, Server

METRICS: dict[str, Any] = {"graphql_requests": {}}


def wait(driver: WebDriver, test: Callable[[WebDriver], Any], seconds: float = 15) -> Any:
    return WebDriverWait(driver, seconds, poll_frequency=0.1).until(test)


def page_until(driver: WebDriver, xpath: str, more: str, pages: int = 20) -> None:
    """Press the list's "More" button until a row matching `xpath` is on screen."""
    for _ in range(pages):
        if driver.find_elements(By.XPATH, xpath):
            return
        buttons = driver.find_elements(By.XPATH, f"//button[normalize-space()='{more}']")
        if buttons:
            buttons[0].click()
        time.sleep(0.3)
    wait(driver, lambda d: d.find_elements(By.XPATH, xpath))


def text_appears(driver: WebDriver, text: str, seconds: float = 15) -> None:
    wait(driver, lambda d: text in d.find_element(By.TAG_NAME, "body").text, seconds)


def by_id(driver: WebDriver, ident: str) -> WebElement:
    element: WebElement = wait(driver, lambda d: d.find_element(By.ID, ident))
    return element


def fill(driver: WebDriver, ident: str, value: str) -> None:
    field = by_id(driver, ident)
    field.clear()
    field.send_keys(value)


def button(driver: WebDriver, label: str) -> WebElement:
    xpath = f"//button[normalize-space()={json.dumps(label)}]"
    element: WebElement = wait(
        driver,
        lambda d: next((b for b in d.find_elements(By.XPATH, xpath) if b.is_enabled()), None),
    )
    return element


def confirm(driver: WebDriver, label: str) -> None:
    button(driver, label).click()
    button(driver, f"Yes, {label.lower()}").click()


def checked_screen(driver: WebDriver, name: str) -> None:
    """axe-core finds no WCAG 2.1 A/AA violation; the screenshot is kept."""
    violations = axe_violations(driver)
    assert not violations, f"{name}: {describe(violations)}"
    screenshot(driver, f"dashboard-{name}")


def visit(driver: WebDriver, base: str, route: str, ready: str, name: str) -> None:
    """Load a screen afresh by its hash route and count the GraphQL requests it made (the
    viewer query included)."""
    driver.get("about:blank")
    driver.get(f"{base}/#/{route}")
    text_appears(driver, ready)
    time.sleep(0.3)  # let store-and-network refreshes land before counting
    METRICS["graphql_requests"][name] = driver.execute_script(
        "return performance.getEntriesByType('resource')"
        ".filter(e => e.name.endsWith('/graphql')).length"
    )
    checked_screen(driver, name)


def first_load_js(driver: WebDriver) -> dict[str, int]:
    """The dashboard's JavaScript this page load fetched: files, bytes on the wire (gzipped)
    and decoded."""
    entries: list[dict[str, Any]] = driver.execute_script(
        "return performance.getEntriesByType('resource')"
        ".filter(e => new URL(e.name).pathname.match(/^\\/dashboard\\/.*\\.js$/))"
        ".map(e => ({wire: e.encodedBodySize, decoded: e.decodedBodySize}))"
    )
    return {
        "files": len(entries),
        "wire_bytes": sum(e["wire"] for e in entries),
        "decoded_bytes": sum(e["decoded"] for e in entries),
    }


def api(server: Server, token: str, query: str, **variables: Any) -> dict[str, Any]:
    body = httpx.post(
        f"{server.base}/graphql",
        json={"query": query, "variables": variables},
        headers={"authorization": f"Bearer {token}"},
        timeout=15,
    ).json()
    assert not body.get("errors"), body
    data: dict[str, Any] = body["data"]
    return data


def card_funnel(driver: WebDriver, name: str) -> str:
    xpath = f"//article[.//h3/a[normalize-space()={json.dumps(name)}]]//ol[@aria-label='Funnel']"
    element: WebElement = wait(driver, lambda d: d.find_element(By.XPATH, xpath))
    return " ".join(element.text.replace("→", " ").split())


@pytest.fixture
def signed_in(live_server: Server, browser: WebDriver) -> WebDriver:
    browser.delete_all_cookies()
    browser.get(f"{live_server.base}/")
    by_id(browser, "f-email")
    checked_screen(browser, "sign-in")
    fill(browser, "f-email", ADMIN)
    fill(browser, "f-password", "not-the-password")
    button(browser, "Sign in").click()
    text_appears(browser, "Email or password is wrong.")  # the typed error, shown on the form
    fill(browser, "f-password", PASSWORD)
    button(browser, "Sign in").click()
    text_appears(browser, "Needs a human")
    # The session token is in an HttpOnly cookie: no page script can read it.
    cookies = browser.execute_script("return document.cookie")
    assert "vouch_csrf=" in cookies and "vouch_session" not in cookies
    return browser


def test_a_marketer_runs_the_whole_journey(live_server: Server, signed_in: WebDriver) -> None:
    try:
        journey(live_server, signed_in)
    except Exception:
        screenshot(signed_in, "dashboard-failure")
        body = signed_in.find_element(By.TAG_NAME, "body").text
        (SCREENSHOTS / "dashboard-failure.txt").write_text(body, encoding="utf-8")
        raise


def journey(live_server: Server, d: WebDriver) -> None:
    base = live_server.base
    token = live_server.login()
    name, slug = "Autumn friends", f"autumn-{uuid.uuid4().hex[:6]}"

    # Overview: time to first render, measured from navigation start on a fresh, uncached load,
    # and the JavaScript that load fetched.
    d.get("about:blank")
    d.execute_cdp_cmd("Network.enable", {})
    d.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    d.get(f"{base}/#/")
    wait(d, lambda d: d.find_elements(By.ID, "camp-title"))
    METRICS["overview_first_render_ms"] = round(d.execute_script("return performance.now()"))
    METRICS["overview_first_load_js"] = first_load_js(d)
    d.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})
    visit(d, base, "", "Recent milestones", "overview")

    # The wizard: a typed error lands next to its field, then the campaign is saved step by step.
    visit(d, base, "campaigns", "Create campaign", "campaigns")
    d.find_element(By.LINK_TEXT, "Create campaign").click()
    fill(d, "f-name", name)
    fill(d, "f-slug", slug)
    checked_screen(d, "wizard-basics")
    button(d, "Save & continue").click()
    fill(d, "f-objective.target", "50")
    button(d, "Save & continue").click()
    fill(d, "f-landingUrl", "ftp://shop.example.com/")
    fill(d, "f-share.emailBody", "{advocate_name} thinks you will like this: {share_url}")
    fill(d, "f-previewAdvocate", "Grace")
    text_appears(d, "Grace thinks you will like this: ")  # the live preview
    checked_screen(d, "wizard-sharing")
    button(d, "Create draft & continue").click()
    error = by_id(d, "err-landingUrl")
    assert "http" in error.text
    fill(d, "f-landingUrl", f"{base}/healthz")  # answers, so the preflight has no warning
    button(d, "Create draft & continue").click()
    text_appears(d, "Saved as a draft in test mode")
    fill(d, "f-rules.0.holdDays", "0")
    fill(d, "f-autoApproveMax", "1")
    fill(d, "f-fourEyesAbove", "5")
    button(d, "Save & continue").click()
    text_appears(d, "rules version 1")
    button(d, "Back").click()
    button(d, "Preview rewards").click()
    text_appears(d, "advocate gets $10.00")
    text_appears(d, "needs 2 approvers")  # the worked example shows the four-eyes policy
    d.execute_script("document.querySelector('.example').scrollIntoView()")
    checked_screen(d, "wizard-rules")
    button(d, "Save & continue").click()  # rules again: version 2
    button(d, "Save & continue").click()  # caps and budget
    text_appears(d, "Fires when")
    by_id(d, "mode-DISPOSABLE_EMAIL").send_keys("BLOCK")
    checked_screen(d, "wizard-fraud")
    button(d, "Save & continue").click()
    text_appears(d, "Fraud rules saved")
    fill(d, "f-slackChannel", "#growth")
    button(d, "Finish").click()
    assert "channel id" in by_id(d, "err-slackChannel").text  # next to the field it names
    fill(d, "f-slackChannel", "C0123ABCDE")
    button(d, "Finish").click()
    text_appears(d, "ready to rehearse")
    rehearse = d.find_element(By.LINK_TEXT, "rehearse this campaign").get_attribute("href")
    assert rehearse is not None
    campaign_id = unquote(rehearse.rsplit("/", 1)[1])

    # Rehearse: launch in test mode, move the test clock, then go live (deleting test data).
    d.get(rehearse)
    text_appears(d, "Launch preflight")
    confirm(d, "Launch")
    text_appears(d, "launched in test mode")
    fill(d, "f-hours", "48")
    button(d, "Advance the clock").click()
    text_appears(d, "Clock advanced")
    visit(d, base, f"rehearse/{quote(campaign_id)}", "Reset and go live", "rehearse")
    confirm(d, "Go live")
    text_appears(d, f"{name} is live")

    # Simulated traffic through the public API: a click, a signup, a purchase.
    enrolled = api(
        live_server, token,
        """mutation($c: ID!) { enrollAdvocate(input: {campaignId: $c, email: "ivy@example.com",
           name: "Ivy"}) { ... on Enrollment { link { code } } ... on UserError { message } } }""",
        c=campaign_id,
    )  # fmt: skip
    assert "link" in enrolled["enrollAdvocate"], enrolled
    code = enrolled["enrollAdvocate"]["link"]["code"]
    assert httpx.get(f"{base}/r/{code}", follow_redirects=False).status_code in (302, 303, 307)
    friend = {"referralCode": code, "email": "olive@example.org"}
    signup = api(live_server, token,
        """mutation($f: FriendInput!) { recordSignup(input: {friend: $f})
           { __typename ... on UserError { message } } }""",
        f=friend)  # fmt: skip
    assert signup["recordSignup"]["__typename"] == "Referral", signup
    bought = api(live_server, token,
        """mutation($f: FriendInput!) { recordConversion(input: {friend: $f,
           externalOrderId: "A-1", amount: 8000, currency: "USD", idempotencyKey: "order-A-1"})
           { __typename ... on UserError { message } } }""",
        f=friend)  # fmt: skip
    assert bought["recordConversion"]["__typename"] == "ConversionRecorded", bought
    d.get(f"{base}/#/")
    wait(d, lambda d: "1 click 1 signup 1 conversion" in card_funnel(d, name))

    # Approvals: the new $10 reward needs two approvers, and not the one who set the rules.
    visit(d, base, "approvals", "Four eyes", "approvals")
    row = "//tr[td[normalize-space()='olive@example.org']]"
    page_until(d, row, "More rewards")  # oldest first: the demo's rewards come before it
    assert "0/2 approvals (two people must approve)" in d.find_element(By.XPATH, row).text
    # Who would be paid: the advocate, linked to her page.
    ivy = d.find_element(By.XPATH, f"{row}//a[normalize-space()='Ivy']")
    assert "#/advocate/" in (ivy.get_attribute("href") or ""), ivy.get_attribute("href")
    d.find_element(By.XPATH, f"{row}//button[normalize-space()='Approve']").click()
    text_appears(d, "someone else must approve")  # the server's refusal, shown
    reward_id = d.find_element(By.XPATH, row).get_attribute("data-reward")
    colleague = api(live_server, token,
        """mutation { createStaffUser(input: {email: "mo@example.com", name: "Mo", role: ADMIN,
           password: "second-pair-of-eyes-42"}) { __typename } }""")  # fmt: skip
    assert colleague["createStaffUser"]["__typename"] == "CreatedStaffUser", colleague
    mo = httpx.post(f"{base}/graphql", timeout=15, json={"query": LOGIN, "variables": {
        "e": "mo@example.com", "p": "second-pair-of-eyes-42"}}).json()["data"]["login"]["token"]  # fmt: skip
    second = api(live_server, mo,
        "mutation($id: ID!) { approveReward(id: $id) { __typename ... on UserError { message } } }",
        id=reward_id)  # fmt: skip
    assert second["approveReward"]["__typename"] == "RewardDecision", second
    visit(d, base, "approvals", "Four eyes", "approvals")
    page_until(d, row, "More rewards")
    wait(d, lambda d: "1/2 approvals" in d.find_element(By.XPATH, row).text)
    screenshot(d, "dashboard-four-eyes")
    # A demo reward needs one approval: approved from the dashboard.
    first = "(//tbody/tr[td[contains(., 'example.org')]][not(td[normalize-space()='olive@example.org'])])"
    d.find_element(By.XPATH, f"{first}[1]//button[normalize-space()='Approve']").click()
    text_appears(d, "1/1 approvals, now approved")
    # Reject another reward with a reason and a note.
    fill(d, "f-note", "Same household as the advocate")
    assert "Not eligible" in by_id(d, "f-reason").text  # the API's labels, not not_eligible
    by_id(d, "f-reason").send_keys("duplicate")
    d.find_element(By.XPATH, f"{first}[1]//button[normalize-space()='Reject']").click()
    button(d, "Yes, reject").click()
    text_appears(d, "(duplicate)")

    # Fraud review: the demo's flagged referral, its signals, dismissed with a note.
    visit(d, base, "fraud", "deal.hunter@mailinator.com", "fraud")
    text_appears(d, "disposable email")
    fill(d, "f-note", "Known customer, checked by phone")
    button(d, "Dismiss flag").click()
    text_appears(d, "Dismissed the flag on deal.hunter@mailinator.com")

    # Analytics: the chart (uPlot, served from this origin) and the CSV of what is shown.
    visit(d, base, f"analytics/{quote(campaign_id)}", "Leaderboard", "analytics")
    assert d.find_elements(By.CSS_SELECTOR, ".chart canvas")
    assert "1 signup\n" in d.find_element(By.CSS_SELECTOR, ".funnel").text
    assert "Unique visitors" in by_id(d, "f-metric").text  # options as words, not enum values
    # Revenue in the campaign currency's major units, exactly: the $80.00 order, not 8000.
    Select(by_id(d, "f-metric")).select_by_visible_text("Revenue")
    wait(d, lambda d: by_id(d, "ts-title").text == "revenue (USD) per day")
    wait(d, lambda d: "80.00" in d.execute_script(
        "return [...document.querySelectorAll('.card table.sr-only td')].map(c => c.textContent)"
    ))  # fmt: skip

    d.find_element(By.LINK_TEXT, "Ivy").click()  # drill down into an advocate
    text_appears(d, "ivy@example.com")
    text_appears(d, "Ledger")
    # Her reward, its status in words, and her earnings split by what she may count on.
    rewards = d.find_element(By.XPATH, "//section[h2='Rewards']").text
    assert "$10.00" in rewards and "Autumn friends" in rewards, rewards
    earnings = [e.text for e in d.find_elements(By.CSS_SELECTOR, "[data-earnings]")]
    assert len(earnings) == 3 and "$10.00" in earnings, earnings
    checked_screen(d, "advocate")

    # Settings: a staff member invited with a generated password.
    visit(d, base, "settings", "API keys", "settings")
    fill(d, "f-email", "sam@example.com")
    fill(d, "f-staffName", "Sam")
    button(d, "Create staff user").click()
    text_appears(d, "Created sam@example.com; their password, shown once: ")
    # An API key whose secret is shown once.
    fill(d, "f-name", "Shop backend")
    button(d, "Create key").click()
    secret = by_id(d, "new-secret").text
    assert secret.startswith("vch_live_")
    screenshot(d, "dashboard-api-key")
    button(d, "I have stored it").click()
    assert secret not in d.find_element(By.TAG_NAME, "body").text

    assert not console_errors(d), console_errors(d)
    button(d, "Sign out").click()
    by_id(d, "f-email")

    static = ROOT / "server" / "web" / "dashboard" / "static"
    weights = {
        str(p.relative_to(static)): p.stat().st_size for p in static.rglob("*") if p.is_file()
    }
    METRICS["bytes"] = weights
    (SCREENSHOTS.parent / "dashboard-metrics.json").write_text(json.dumps(METRICS, indent=2))
    print(json.dumps(METRICS, indent=2))


def test_an_analyst_sees_no_button_the_server_would_refuse(
    live_server: Server, browser: WebDriver
) -> None:
    d, base = browser, live_server.base
    made = api(live_server, live_server.login(),
        """mutation { createStaffUser(input: {email: "ana@example.com", name: "Ana",
           role: ANALYST, password: "reads-only-numbers-7"}) { __typename } }""")  # fmt: skip
    assert made["createStaffUser"]["__typename"] == "CreatedStaffUser", made
    d.delete_all_cookies()
    d.get("about:blank")
    d.get(f"{base}/")
    fill(d, "f-email", "ana@example.com")
    fill(d, "f-password", "reads-only-numbers-7")
    button(d, "Sign in").click()
    text_appears(d, "Recent milestones")
    nav = d.find_element(By.CSS_SELECTOR, "nav[aria-label=Main]").text
    assert "Campaigns" in nav and "Fraud review" not in nav
    visit(d, base, "campaigns", "Clicks", "analyst-campaigns")
    body = d.find_element(By.TAG_NAME, "body").text
    assert "Create campaign" not in body and "Rehearse" not in body
    assert not d.find_elements(By.XPATH, "//button[normalize-space()='Pause']")
    visit(d, base, "approvals", "Four eyes", "analyst-approvals")
    assert not d.find_elements(By.XPATH, "//button[normalize-space()='Approve']")
    assert not d.find_elements(By.CSS_SELECTOR, "input[type=checkbox]")
    reward = d.find_element(By.CSS_SELECTOR, "tr[data-reward]").get_attribute("data-reward")
    # The server still refuses what the UI hides.
    ana = httpx.post(f"{base}/graphql", timeout=15, json={"query": LOGIN, "variables": {
        "e": "ana@example.com", "p": "reads-only-numbers-7"}}).json()["data"]["login"]["token"]  # fmt: skip
    refused = api(live_server, ana,
        "mutation($id: ID!) { approveReward(id: $id) { ... on UserError { code } } }",
        id=reward)  # fmt: skip
    assert refused["approveReward"]["code"] == "FORBIDDEN"
    # Their own password, with the server's error next to the field it names.
    visit(d, base, "settings", "Change password", "analyst-settings")
    assert "API keys" not in d.find_element(By.TAG_NAME, "body").text
    fill(d, "f-current", "not-my-password-1")
    fill(d, "f-next", "a-brand-new-phrase-8")
    button(d, "Change password").click()
    assert "current password is wrong" in by_id(d, "err-current").text
    fill(d, "f-current", "reads-only-numbers-7")
    button(d, "Change password").click()
    text_appears(d, "Password changed")
    assert not console_errors(d), console_errors(d)
    button(d, "Sign out").click()
    by_id(d, "f-email")
