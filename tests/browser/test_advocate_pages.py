"""The advocate's journey in a real browser: join on the hosted page, sign in from the emailed
link, share, and watch a friend's purchase turn into a referral and a reward on the portal."""

from __future__ import annotations

import re
import time
from typing import Any, cast
from urllib.parse import parse_qs, urlsplit

import httpx
from selenium.webdriver.chromium.webdriver import ChromiumDriver
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import (
    axe_violations,
    chromium,
    console_errors,
    describe,
    screenshot,
)
from tests.e2e.procs import Server
from tests.mail_server import Inbox

SLUG = "bring-a-friend"
ADA = "ada.lovelace@example.com"
FRIEND = "grace@example.org"
SIGN_IN = re.compile(r"https?://\S+/portal/sign-in#token=[\w.\-]+")


def api(server: Server, token: str, query: str, **variables: Any) -> dict[str, Any]:
    body = httpx.post(
        f"{server.base}/graphql",
        json={"query": query, "variables": variables},
        headers={"authorization": f"Bearer {token}"},
        timeout=20,
    ).json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


def typename(result: dict[str, Any]) -> str:
    (value,) = result.values()
    return str(value["__typename"])


def make_campaign(server: Server, staff: str) -> str:
    made = api(
        server,
        staff,
        """mutation($input: CreateCampaignInput!) { createCampaign(input: $input) {
        __typename ... on Campaign { id } ... on UserError { message field } } }""",
        input={
            "name": "Bring a friend",
            "slug": SLUG,
            # The friend's browser lands here: a page of this server, no outside request.
            "landingUrl": f"{server.base}/healthz",
            "description": "Love Acme? Give your friends $10 off their first order, and get "
            "$10 for every friend who buys.",
            "terms": "Rewards are confirmed after the 30-day refund window.\n\n"
            "You cannot refer yourself. One reward per friend.",
            "share": {
                "emailSubject": "$10 off Acme, from {advocate_name}",
                "emailBody": "I like Acme and think you will too. {share_url}",
                "socialMessage": "Get $10 off your first Acme order: {share_url}",
                "friendReward": "$10 off their first order",
            },
        },
    )["createCampaign"]
    assert made["__typename"] == "Campaign", made
    cid = str(made["id"])
    rules = api(
        server,
        staff,
        """mutation($id: ID!) { setRewardRules(input: {campaignId: $id, rules: [
        {key: "advocate", recipient: ADVOCATE, trigger: FIRST_PURCHASE, kind: CASH,
         currency: "USD", fixedAmount: 1000, description: "for a friend's first order",
         tiers: [{afterReferrals: 3, fixedAmount: 1500}]}]}) { __typename } }""",
        id=cid,
    )
    assert typename(rules) == "RewardRuleVersion", rules
    branded = api(
        server,
        staff,
        """mutation($input: SetCampaignBrandingInput!) { setCampaignBranding(input: $input) {
        __typename ... on UserError { message } } }""",
        input={"campaignId": cid, "accentColor": "#0b6e4f", "senderName": "Acme Rewards"},
    )
    assert typename(branded) == "Campaign", branded
    launched = api(
        server,
        staff,
        "mutation($id: ID!) { launchCampaign(id: $id) { __typename } }",
        id=cid,
    )
    assert typename(launched) == "Campaign", launched
    return cid


def wait_for(driver: WebDriver, css: str, seconds: float = 15) -> Any:
    return WebDriverWait(driver, seconds).until(
        lambda d: next((e for e in d.find_elements(By.CSS_SELECTOR, css) if e.is_displayed()), None)
    )


def wait_for_text(driver: WebDriver, css: str, text: str, seconds: float = 15) -> None:
    WebDriverWait(driver, seconds).until(
        lambda d: any(text in e.text for e in d.find_elements(By.CSS_SELECTOR, css))
    )


def sign_in_link(inbox: Inbox, to: str, after: int, seconds: float = 30) -> str:
    """The sign-in link of the first email to `to` past the first `after` messages."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for message in inbox.messages[after:]:
            if to in str(message["To"]):
                found = SIGN_IN.search(Inbox.text(message))
                if found:
                    return found.group(0)
        time.sleep(0.2)
    raise AssertionError(f"no sign-in email to {to}: {[m['Subject'] for m in inbox.messages]}")


def friend_visits(share_url: str) -> str:
    """A friend opens the link in their own browser; returns the visit token the shop reads."""
    friend = chromium()
    try:
        friend.get(share_url)
        WebDriverWait(friend, 15).until(lambda d: "vt=" in d.current_url)
        return parse_qs(urlsplit(friend.current_url).query)["vt"][0]
    finally:
        friend.quit()


def shop_records_purchase(server: Server, staff: str, visit_token: str) -> None:
    """What the shop's backend does: a signup, then the first order, with its own API key."""
    key = api(
        server,
        staff,
        """mutation { createApiKey(input: {name: "shop", role: INTEGRATION}) {
        ... on CreatedApiKey { secret } } }""",
    )["createApiKey"]["secret"]
    friend = {"visitToken": visit_token, "email": FRIEND}
    signed = api(
        server,
        key,
        """mutation($input: RecordSignupInput!) { recordSignup(input: $input) { __typename } }""",
        input={"friend": friend},
    )
    assert typename(signed) == "Referral", signed
    bought = api(
        server,
        key,
        """mutation($input: RecordConversionInput!) { recordConversion(input: $input) {
        __typename ... on UserError { message } } }""",
        input={
            "friend": friend,
            "externalOrderId": "order-1001",
            "amount": 5400,
            "currency": "USD",
            "idempotencyKey": "order-1001-created",
        },
    )
    assert typename(bought) == "ConversionRecorded", bought


def measure(driver: WebDriver, url: str) -> dict[str, float]:
    """A cold load of `url`: bytes over the wire and when the page became usable."""
    cast(ChromiumDriver, driver).execute_cdp_cmd("Network.clearBrowserCache", {})
    driver.get(url)
    WebDriverWait(driver, 15).until(
        lambda d: d.execute_script(
            "return performance.getEntriesByName('vouch:portal-rendered').length > 0"
        )
    )
    numbers: dict[str, float] = driver.execute_script(
        """const nav = performance.getEntriesByType('navigation')[0];
        const res = performance.getEntriesByType('resource');
        const sum = (k) => res.reduce((t, r) => t + r[k], nav[k]);
        return {
          requests: res.length + 1,
          transferredKB: sum('transferSize') / 1024,
          decodedKB: sum('decodedBodySize') / 1024,
          domInteractiveMs: nav.domInteractive,
          domContentLoadedMs: nav.domContentLoadedEventEnd,
          loadEventEndMs: nav.loadEventEnd,
          renderedMs: performance.getEntriesByName('vouch:portal-rendered')[0].startTime,
        };"""
    )
    return numbers


def test_join_sign_in_share_and_see_the_reward(
    pages_server: tuple[Server, Inbox], browser: WebDriver
) -> None:
    server, inbox = pages_server
    staff = server.login()
    cid = make_campaign(server, staff)
    console_errors(browser)  # start from a clean console

    # 1. The join page: pitch, terms, the form; accessible.
    browser.get(f"{server.base}/join/{SLUG}")
    opened = time.monotonic()
    wait_for(browser, "#join-form")
    assert browser.find_element(By.ID, "title").text == "Bring a friend"
    assert "Give your friends $10" in browser.find_element(By.ID, "pitch").text
    assert "refund window" in browser.find_element(By.ID, "terms").text
    assert browser.find_element(By.ID, "sender").text == "Acme Rewards"
    accent = browser.execute_script(
        "return getComputedStyle(document.documentElement).getPropertyValue('--accent')"
    )
    assert accent.strip() == "#0b6e4f"
    violations = axe_violations(browser)
    assert not violations, describe(violations)
    browser.set_window_size(480, 1500)
    try:
        screenshot(browser, "join")
    finally:
        browser.set_window_size(1280, 900)

    # The server's field errors land on their fields: an address the browser accepts but the
    # server refuses.
    browser.find_element(By.ID, "join-name").send_keys("Ada Lovelace")
    browser.find_element(By.ID, "join-email").send_keys("ada@localhost")
    browser.find_element(By.ID, "join-consent").click()
    time.sleep(max(0.0, 2.5 - (time.monotonic() - opened)))  # the form token's minimum age
    browser.find_element(By.CSS_SELECTOR, "#join-form button[type=submit]").click()
    wait_for(browser, "#join-email-error")
    email_field = browser.find_element(By.ID, "join-email")
    assert email_field.get_attribute("aria-invalid") == "true"
    assert browser.switch_to.active_element == email_field
    violations = axe_violations(browser)  # the error state too
    assert not violations, describe(violations)

    # 2. Joining answers neutrally and emails a sign-in link.
    email_field.clear()
    email_field.send_keys(ADA)
    seen = len(inbox.messages)
    browser.find_element(By.CSS_SELECTOR, "#join-form button[type=submit]").click()
    done = wait_for(browser, "#done-section")
    assert "inbox" in done.text.lower()
    link = sign_in_link(inbox, ADA, seen)

    # 3. The magic link signs in once; the token leaves the address bar.
    browser.get(link)
    wait_for(browser, "#content")
    assert browser.current_url == f"{server.base}/portal"
    stored = browser.execute_script("return sessionStorage.getItem('vouch.portalToken')")
    assert stored and "vpt_" in stored
    links = api(
        server,
        staff,
        """query($id: ID!) { campaign(id: $id) { links(first: 5) {
        edges { node { shareUrl advocate { email } } } } } }""",
        id=cid,
    )["campaign"]["links"]["edges"]
    (share_url,) = [e["node"]["shareUrl"] for e in links if e["node"]["advocate"]["email"] == ADA]
    assert browser.find_element(By.ID, "share-url").get_attribute("value") == share_url
    intents = {
        li.get_attribute("data-channel"): li.find_element(By.TAG_NAME, "a").get_attribute("href")
        for li in browser.find_elements(By.CSS_SELECTOR, "#intents li")
    }
    assert set(intents) == {"EMAIL", "SMS", "WHATSAPP", "X", "LINKEDIN", "FACEBOOK"}
    assert str(intents["EMAIL"]).startswith("mailto:")
    # Copy: through the Clipboard API, read back from the clipboard.
    cast(ChromiumDriver, browser).execute_cdp_cmd(
        "Browser.grantPermissions",
        {"origin": server.base, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]},
    )
    browser.find_element(By.ID, "copy").click()
    wait_for_text(browser, "#copy-status", "Link copied.")
    copied = browser.execute_async_script(
        "const done = arguments[0]; navigator.clipboard.readText().then(done, e => done(String(e)));"
    )
    assert copied == share_url
    qr = browser.find_element(By.ID, "qr").get_attribute("src")
    assert qr and qr.startswith("data:image/svg+xml")

    # 4. A friend clicks in their own browser and buys; the shop tells Vouch.
    shop_records_purchase(server, staff, friend_visits(share_url))

    # 5. The portal shows the masked friend and the reward.
    browser.refresh()
    wait_for_text(browser, "#referrals li", "g***@example.org")
    assert "Bought" in browser.find_element(By.ID, "referrals").text
    rewards = browser.find_element(By.ID, "rewards").text
    assert "$10.00" in rewards, rewards
    assert browser.find_element(By.ID, "converted").text == "1"
    # The reward is being checked: pending, not yet money she has.
    earnings = {i: browser.find_element(By.ID, i).text for i in ("pending", "approved", "paid")}
    assert earnings == {"pending": "$10.00", "approved": "Nothing yet", "paid": "Nothing yet"}, (
        earnings
    )
    assert "2 more friends" in browser.find_element(By.ID, "tier-text").text
    assert FRIEND not in browser.page_source

    violations = axe_violations(browser)
    assert not violations, describe(violations)
    browser.set_window_size(480, 2000)  # a phone-width page, all of it
    try:
        screenshot(browser, "portal")  # artifacts/screenshots/: copy to docs/ by hand
    finally:
        browser.set_window_size(1280, 900)

    # 6. Signed out, the join page's second form emails a fresh sign-in link.
    browser.find_element(By.ID, "sign-out").click()
    wait_for_text(browser, "#notice", "sign-in link")
    browser.get(f"{server.base}/join/{SLUG}")
    opened = time.monotonic()
    wait_for(browser, "#link-form")
    browser.find_element(By.ID, "link-email").send_keys(ADA)
    time.sleep(max(0.0, 2.5 - (time.monotonic() - opened)))
    seen = len(inbox.messages)
    browser.find_element(By.CSS_SELECTOR, "#link-form button[type=submit]").click()
    WebDriverWait(browser, 15).until(lambda d: d.find_element(By.ID, "link-done").text)
    browser.get(sign_in_link(inbox, ADA, seen))
    wait_for_text(browser, "#referrals li", "g***@example.org")

    numbers = measure(browser, f"{server.base}/portal")
    print("\nportal cold load:", {k: round(v, 1) for k, v in numbers.items()})
    assert numbers["transferredKB"] < 100, numbers

    # 7. A rejected reward says why.
    (reward,) = api(
        server,
        staff,
        "query($id: ID!) { rewards(campaignId: $id) { nodes { id } } }",
        id=cid,
    )["rewards"]["nodes"]
    rejected = api(
        server,
        staff,
        """mutation($id: ID!) { rejectReward(id: $id, reason: "not_eligible",
        note: "Orders paid with a gift card do not count.") { __typename } }""",
        id=reward["id"],
    )
    assert typename(rejected) == "Reward", rejected
    browser.refresh()
    wait_for_text(browser, "#rewards", "Rejected")
    assert (
        "Not given because the purchase was not eligible. Orders paid with a gift card do not "
        "count." in browser.find_element(By.ID, "rewards").text
    )

    assert console_errors(browser) == []


def test_a_used_or_bad_link_explains_itself(
    pages_server: tuple[Server, Inbox], browser: WebDriver
) -> None:
    server, _ = pages_server
    console_errors(browser)
    browser.get(f"{server.base}/portal/sign-in#token=not-a-real-token")
    wait_for_text(browser, "#title", "could not sign you in")
    assert "#token" not in browser.current_url
    assert "not valid" in browser.find_element(By.ID, "notice").text
    violations = axe_violations(browser)
    assert not violations, describe(violations)
    browser.get(f"{server.base}/join/no-such-campaign")
    wait_for_text(browser, "#title", "not found")
    assert not browser.find_element(By.ID, "join-section").is_displayed()
    browser.get(f"{server.base}/portal")
    browser.execute_script("sessionStorage.clear()")
    browser.get(f"{server.base}/portal")
    wait_for_text(browser, "#notice", "sign-in link")
    assert console_errors(browser) == []
