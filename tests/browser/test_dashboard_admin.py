"""The dashboard's admin screens, used as a person would: webhook endpoints (edit, rotate,
test, deliveries, replay), the blocklist, the audit log's filters, archiving a campaign.
axe-core runs on each screen; the console stays clean."""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC, datetime, timedelta

import httpx
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from tests.browser.conftest import console_errors
from tests.browser.dashboard_helpers import campaign, click, receiver, row_texts, sign_in
from tests.browser.test_dashboard import (
    api,
    button,
    by_id,
    checked_screen,
    confirm,
    fill,
    text_appears,
    visit,
    wait,
)
from tests.e2e.procs import LOGIN, Server

ENDPOINTS = "{ webhookEndpoints(first: 100) { nodes { id url description eventTypes enabled } } }"


def deliveries(d: WebDriver, status: str, at_least: int = 1) -> list[str]:
    """Press "Refresh deliveries" until `at_least` rows have `status`; their text."""
    css = f"tr[data-status={json.dumps(status)}]"
    for _ in range(60):
        rows = row_texts(d, css)
        if len(rows) >= at_least:
            return rows
        button(d, "Refresh deliveries").click()
        time.sleep(0.5)
    raise AssertionError(f"no {status} delivery shown")


def test_webhook_endpoints_are_edited_rotated_tested_and_replayed(
    live_server: Server, browser: WebDriver
) -> None:
    d, token = browser, live_server.login()
    sign_in(d, live_server)
    with receiver() as hook:
        visit(d, live_server.base, "webhooks", "New endpoint", "webhooks")
        # The event types offered are the API's list, each with its description.
        listed = api(live_server, token, "{ webhookEventTypes { name description } }")
        types = listed["webhookEventTypes"]
        boxes = d.find_elements(By.CSS_SELECTOR, "input[id^='ev-new-']")
        assert [str(b.get_attribute("id"))[len("ev-new-") :] for b in boxes] == [
            t["name"] for t in types
        ]
        assert [b.get_attribute("title") for b in boxes] == [t["description"] for t in types]
        fill(d, "f-url", hook.url)
        fill(d, "f-description", "Shop")
        by_id(d, "ev-new-reward.approved").click()
        button(d, "Add endpoint").click()
        first_secret = by_id(d, "webhook-secret").text
        assert first_secret.startswith("whsec_")
        button(d, "I have stored it").click()
        assert first_secret not in d.find_element(By.TAG_NAME, "body").text
        ours = next(e for e in api(live_server, token, ENDPOINTS)["webhookEndpoints"]["nodes"]
                    if e["url"] == hook.url)  # fmt: skip
        ident = ours["id"]
        assert ours["eventTypes"] == ["reward.approved"]

        # Edit: a typed error next to the URL, then description and events saved.
        fill(d, f"f-url-{ident}", "ftp://shop.example.com/hook")
        button(d, "Save endpoint").click()
        assert by_id(d, f"err-url-{ident}").text
        fill(d, f"f-url-{ident}", hook.url)
        fill(d, f"f-description-{ident}", "Shop backend")
        by_id(d, f"ev-{ident}-referral.created").click()
        button(d, "Save endpoint").click()
        text_appears(d, f"Saved {hook.url}.")
        saved = next(e for e in api(live_server, token, ENDPOINTS)["webhookEndpoints"]["nodes"]
                     if e["id"] == ident)  # fmt: skip
        assert saved["description"] == "Shop backend"
        assert sorted(saved["eventTypes"]) == ["referral.created", "reward.approved"]

        # A test event, delivered to the receiver and shown in the log.
        button(d, "Send test event").click()
        text_appears(d, "Test event queued")
        shown = deliveries(d, "delivered")
        assert "webhook.test" in shown[0]
        wait(d, lambda _: hook.requests)
        event_id = hook.requests[0]["webhook-id"]
        assert len(hook.requests[0]["webhook-signature"].split()) == 1

        # Rotation: a new secret shown once; the old one keeps signing for the overlap.
        confirm(d, "Rotate secret")
        second_secret = by_id(d, "webhook-secret").text
        assert second_secret.startswith("whsec_") and second_secret != first_secret
        text_appears(d, "The previous secret also signs every request")
        button(d, "I have stored it").click()
        button(d, "Send test event").click()
        wait(d, lambda _: len(hook.requests) >= 2, 30)
        assert len(hook.requests[1]["webhook-signature"].split()) == 2  # new and previous

        # Replay the first delivery: a new delivery with the same webhook-id.
        deliveries(d, "delivered", 2)
        original = f"//tr[td[contains(., {json.dumps(event_id)})]]"
        click(d, f"{original}//button[normalize-space()='Replay']")
        text_appears(d, f"Replaying webhook.test ({event_id})")
        wait(d, lambda _: [r for r in hook.requests[2:] if r["webhook-id"] == event_id], 30)
        text_appears(d, "(replay 1)")

        # A failing receiver: the failed attempt and its status code are listed; replayed
        # once the receiver is back, the event arrives with the same webhook-id.
        hook.status = 500
        button(d, "Send test event").click()
        wait(d, lambda _: len(hook.requests) >= 4, 30)
        failed_id = hook.requests[3]["webhook-id"]
        failing = deliveries(d, "failed")
        assert "last: 500" in failing[0] and "HTTP 500" in failing[0]
        hook.status = 200
        click(d, "//tr[@data-status='failed']//button[normalize-space()='Replay']")
        text_appears(d, f"Replaying webhook.test ({failed_id})")
        wait(d, lambda _: [r for r in hook.requests[4:] if r["webhook-id"] == failed_id], 30)
        deliveries(d, "delivered", 4)

        # Disabled from its card.
        by_id(d, f"enabled-{ident}").click()
        button(d, "Save endpoint").click()
        text_appears(d, "disabled")
        checked_screen(d, "webhooks-deliveries")
        assert not console_errors(d), console_errors(d)
    states = api(live_server, token, ENDPOINTS)["webhookEndpoints"]["nodes"]
    assert next(e for e in states if e["id"] == ident)["enabled"] is False


BLOCKLIST = "query($k: BlocklistKind) { blocklist(kind: $k, first: 100) { nodes { id pattern } } }"


def test_blocklist_entries_are_listed_added_and_removed(
    live_server: Server, browser: WebDriver
) -> None:
    d, token = browser, live_server.login()
    tag = uuid.uuid4().hex[:6]
    for n in range(26):  # more than a page
        added = api(live_server, token,
            """mutation($v: String!) { addBlocklistEntry(input: {kind: EMAIL, value: $v,
               reason: "bulk"}) { __typename } }""", v=f"farm{n}-{tag}@example.net")  # fmt: skip
        assert added["addBlocklistEntry"]["__typename"] == "BlocklistEntry", added
    sign_in(d, live_server)
    visit(d, live_server.base, "blocklist", "Add an entry", "blocklist")
    assert len(d.find_elements(By.CSS_SELECTOR, "tr[data-entry]")) == 25
    button(d, "More entries").click()
    wait(d, lambda d: len(d.find_elements(By.CSS_SELECTOR, "tr[data-entry]")) > 25)

    Select(by_id(d, "f-blockKind")).select_by_visible_text("IP hash")
    fill(d, "f-blockValue", "not-an-address")
    button(d, "Add to blocklist").click()
    assert by_id(d, "err-blockValue").text  # the server's error, next to the field

    Select(by_id(d, "f-blockKind")).select_by_visible_text("Domain")
    fill(d, "f-blockValue", f"coupons-{tag}.example")
    fill(d, "f-blockReason", "Coupon farm")
    button(d, "Add to blocklist").click()
    text_appears(d, f"Blocked domain coupons-{tag}.example.")
    Select(by_id(d, "f-kindFilter")).select_by_visible_text("Domain")
    row = f"//tr[td/code[normalize-space()='coupons-{tag}.example']]"
    wait(d, lambda d: d.find_elements(By.XPATH, row))
    wait(d, lambda d: all("domain" in r for r in row_texts(d, "tr[data-entry]")))
    text = next(r for r in row_texts(d, "tr[data-entry]") if f"coupons-{tag}.example" in r)
    assert "Coupon farm" in text and "UTC" in text
    checked_screen(d, "blocklist")

    click(d, f"{row}//button[normalize-space()='Remove']")
    click(d, f"{row}//button[normalize-space()='Yes, remove']")
    text_appears(d, f"Removed coupons-{tag}.example.")
    wait(d, lambda d: not d.find_elements(By.XPATH, row))
    left = api(live_server, token, BLOCKLIST, k="DOMAIN")["blocklist"]["nodes"]
    assert f"coupons-{tag}.example" not in [e["pattern"] for e in left]
    assert not console_errors(d), console_errors(d)


def test_audit_log_filters_by_actor_and_until_and_pages(
    live_server: Server, browser: WebDriver
) -> None:
    d, token, base = browser, live_server.login(), live_server.base
    email = f"rue-{uuid.uuid4().hex[:6]}@example.com"
    made = api(live_server, token,
        """mutation($e: String!) { createStaffUser(input: {email: $e, name: "Rue", role: ADMIN,
           password: "audit-trail-checker-3"}) { __typename } }""", e=email)  # fmt: skip
    assert made["createStaffUser"]["__typename"] == "CreatedStaffUser", made
    rue = httpx.post(f"{base}/graphql", timeout=15, json={"query": LOGIN, "variables": {
        "e": email, "p": "audit-trail-checker-3"}}).json()["data"]["login"]["token"]  # fmt: skip
    campaign(live_server, rue, name="Rue's campaign")
    sign_in(d, live_server)
    visit(d, base, "audit", "Events, newest first", "audit")
    rows = "tr[data-audit]"
    assert len(d.find_elements(By.CSS_SELECTOR, rows)) == 25
    button(d, "More events").click()
    wait(d, lambda d: len(d.find_elements(By.CSS_SELECTOR, rows)) > 25)

    Select(by_id(d, "f-actorId")).select_by_visible_text(f"Rue ({email})")
    wait(d, lambda d: all("Rue" in r for r in row_texts(d, rows)))
    text_appears(d, "campaign.create")
    only = row_texts(d, rows)
    assert only and all("Rue" in r for r in only)

    yesterday = (datetime.now(UTC) - timedelta(days=1)).strftime("%m%d%Y")
    by_id(d, "f-until").send_keys(yesterday)
    text_appears(d, "No events match.")
    today = datetime.now(UTC).strftime("%m%d%Y")
    by_id(d, "f-until").clear()  # typed digits need not replace a whole date
    by_id(d, "f-until").send_keys(today)
    text_appears(d, "campaign.create")
    checked_screen(d, "audit-filtered")
    assert not console_errors(d), console_errors(d)


def test_a_draft_campaign_is_archived(live_server: Server, browser: WebDriver) -> None:
    d, token = browser, live_server.login()
    name = f"Old idea {uuid.uuid4().hex[:4]}"
    ident = campaign(live_server, token, name=name)
    sign_in(d, live_server)
    visit(d, live_server.base, "campaigns", "Create campaign", "campaigns-archive")
    Select(by_id(d, "status-filter")).select_by_visible_text("Draft")
    row = f"//tr[td/a[normalize-space()={json.dumps(name)}]]"
    wait(d, lambda d: d.find_elements(By.XPATH, row))
    assert "From launch, no end date" in d.find_element(By.XPATH, row).text  # no dates set
    confirm = f"{row}//button[normalize-space()='Yes, archive']"

    def asked(d: WebDriver) -> bool:  # the list may re-render under a click: ask again then
        if not d.find_elements(By.XPATH, confirm):
            click(d, f"{row}//button[normalize-space()='Archive']")
            time.sleep(0.3)
        return bool(d.find_elements(By.XPATH, confirm))

    wait(d, asked)
    click(d, confirm)
    wait(d, lambda d: not d.find_elements(By.XPATH, row))  # no longer a draft
    status = api(live_server, token, "query($id: ID!) { campaign(id: $id) { status } }", id=ident)
    assert status["campaign"]["status"] == "ARCHIVED"
    Select(by_id(d, "status-filter")).select_by_visible_text("Archived")
    wait(d, lambda d: d.find_elements(By.XPATH, row))
    assert not d.find_elements(By.XPATH, f"{row}//button[normalize-space()='Archive']")
    assert not console_errors(d), console_errors(d)
