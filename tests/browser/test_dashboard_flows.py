"""Dashboard flows not covered by the journey: amounts typed in a currency's real exponent
(JPY 0 decimals, KWD 3), the CSV downloads, bulk approve/reject, resetting a rehearsal's test
data."""

from __future__ import annotations

import csv
import io
import time
import uuid
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote

from selenium.webdriver.chromium.webdriver import ChromiumDriver
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser.conftest import console_errors
from tests.browser.dashboard_helpers import campaign, click, live_with_rewards, sign_in
from tests.browser.test_dashboard import (
    api,
    button,
    by_id,
    checked_screen,
    confirm,
    fill,
    page_until,
    text_appears,
    visit,
    wait,
)
from tests.e2e.procs import Server
from tests.ids import pk

RULES = """query($id: ID!) { campaign(id: $id) { rewardRuleVersions { version autoApproveMax
  fourEyesAbove budget rules { fixedAmount } } } }"""


def latest_rules(server: Server, token: str, ident: str) -> dict[str, Any]:
    versions: list[dict[str, Any]] = api(server, token, RULES, id=ident)["campaign"][
        "rewardRuleVersions"
    ]
    return max(versions, key=lambda v: int(v["version"]))


def rules_step(d: WebDriver, base: str, ident: str) -> None:
    d.get("about:blank")
    d.get(f"{base}/#/campaigns/{quote(ident)}")
    button(d, "4. Reward rules").click()
    by_id(d, "f-rules.0.fixedAmount")


def test_amounts_are_exact_in_the_currency_exponent(
    live_server: Server, browser: WebDriver
) -> None:
    d, token, base = browser, live_server.login(), live_server.base
    yen = campaign(live_server, token, name="Tokyo friends", currency="JPY")
    dinar = campaign(live_server, token, name="Kuwait friends", currency="KWD")
    sign_in(d, live_server)

    # JPY has no minor unit: 500.5 is refused next to the field, 500 is ¥500.
    rules_step(d, base, yen)
    fill(d, "f-rules.0.fixedAmount", "500.5")
    button(d, "Save & continue").click()
    assert "JPY has no minor unit" in by_id(d, "err-rules.0.fixedAmount").text
    fill(d, "f-rules.0.fixedAmount", "500")
    fill(d, "f-autoApproveMax", "1000")
    fill(d, "f-fourEyesAbove", "20000")
    button(d, "Save & continue").click()
    text_appears(d, "rules version 1")
    fill(d, "f-budget", "250000.5")
    button(d, "Save & continue").click()
    assert "JPY has no minor unit" in by_id(d, "err-budget").text
    saved = latest_rules(live_server, token, yen)
    assert saved["rules"][0]["fixedAmount"] == 500
    assert (saved["autoApproveMax"], saved["fourEyesAbove"]) == (1000, 20000)

    # KWD has three decimals: 1.2345 is refused, 1.234 is 1234 fils (0.29-style float
    # rounding would be off by one).
    rules_step(d, base, dinar)
    fill(d, "f-rules.0.fixedAmount", "1.2345")
    button(d, "Save & continue").click()
    assert "KWD has 3 decimals" in by_id(d, "err-rules.0.fixedAmount").text
    fill(d, "f-rules.0.fixedAmount", "1.234")
    fill(d, "f-autoApproveMax", "0.005")
    fill(d, "f-fourEyesAbove", "10.1")
    button(d, "Save & continue").click()
    text_appears(d, "rules version 1")
    fill(d, "f-budget", "500.125")
    button(d, "Save & continue").click()
    text_appears(d, "rules version 2")
    saved = latest_rules(live_server, token, dinar)
    assert saved["rules"][0]["fixedAmount"] == 1234
    assert (saved["autoApproveMax"], saved["fourEyesAbove"]) == (5, 10100)
    assert saved["budget"] == 500125

    # Reopened, the form shows the amounts as typed; the worked example takes KWD too.
    rules_step(d, base, dinar)
    assert by_id(d, "f-rules.0.fixedAmount").get_attribute("value") == "1.234"
    assert by_id(d, "f-fourEyesAbove").get_attribute("value") == "10.100"
    fill(d, "f-orderAmount", "80.1255")
    button(d, "Preview rewards").click()
    assert "KWD has 3 decimals" in by_id(d, "err-orderAmount").text
    fill(d, "f-orderAmount", "80.125")
    button(d, "Preview rewards").click()
    text_appears(d, "advocate gets KWD")
    text_appears(d, "1.234")
    checked_screen(d, "wizard-rules-kwd")
    assert not console_errors(d), console_errors(d)


def downloaded(folder: Path, before: set[Path], seconds: float = 15) -> Path:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        new = {p for p in folder.glob("*.csv")} - before
        if new:
            return new.pop()
        time.sleep(0.2)
    raise AssertionError(f"no CSV downloaded into {folder}")


def test_csv_downloads(live_server: Server, browser: WebDriver, tmp_path: Path) -> None:
    d, token = browser, live_server.login()
    ident = live_with_rewards(live_server, token, name="Exported", buyers=2)
    cast(ChromiumDriver, d).execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    sign_in(d, live_server)
    visit(d, live_server.base, f"analytics/{quote(ident)}", "Leaderboard", "analytics-export")
    button(d, "Export advocates (CSV)").click()
    advocates = downloaded(tmp_path, set())
    rows = list(csv.DictReader(io.StringIO(advocates.read_text(encoding="utf-8"))))
    assert [r["email"] for r in rows if r["email"].startswith("bea-")], rows
    button(d, "Download CSV").click()
    chart = downloaded(tmp_path, {advocates})
    text = chart.read_text(encoding="utf-8")
    assert text.startswith("period_start,conversions") and "conversions,2" in text
    assert not console_errors(d), console_errors(d)


def test_bulk_approve_and_reject(live_server: Server, browser: WebDriver) -> None:
    d, token = browser, live_server.login()
    tag = uuid.uuid4().hex[:4]
    ident = live_with_rewards(live_server, token, name=f"Bulk {tag}", buyers=3)
    sign_in(d, live_server)
    visit(d, live_server.base, "approvals", "Four eyes", "approvals-bulk")
    ours = f"//tr[td[normalize-space()='Bulk {tag}']]"
    page_until(d, f"({ours})[3]", "More rewards")
    boxes = d.find_elements(By.XPATH, f"{ours}//input[@type='checkbox']")
    boxes[0].click()
    boxes[1].click()
    confirm(d, "Approve selected (2)")
    text_appears(d, "2 done.")
    fill(d, "f-note", "Same card as another buyer")
    page_until(d, ours, "More rewards")
    click(d, f"{ours}//input[@type='checkbox']")
    confirm(d, "Reject selected (1)")
    text_appears(d, "1 done.")
    wait(d, lambda d: not d.find_elements(By.XPATH, ours))
    statuses = api(live_server, token,
        "query($c: ID!) { rewards(campaignId: $c, first: 10) { nodes { status } } }",
        c=ident)["rewards"]["nodes"]  # fmt: skip
    assert sorted(r["status"] for r in statuses) == ["APPROVED", "APPROVED", "REJECTED"], statuses
    assert not console_errors(d), console_errors(d)


def test_rehearsal_test_data_is_reset(live_server: Server, browser: WebDriver) -> None:
    d, token = browser, live_server.login()
    ident = live_with_rewards(live_server, token, name="Dress rehearsal", buyers=2, test=True)
    sign_in(d, live_server)
    visit(d, live_server.base, f"rehearse/{quote(ident)}", "Reset and go live", "rehearse-reset")
    text_appears(d, "→ 2 → 2")
    confirm(d, "Reset test data")
    text_appears(d, "Deleted ")
    text_appears(d, "funnel 0 → 0 → 0")
    left = api(live_server, token,
        "query($c: ID!) { rewards(campaignId: $c, first: 10) { nodes { id } } }",
        c=ident)["rewards"]["nodes"]  # fmt: skip
    assert left == []
    assert not console_errors(d), console_errors(d)


def test_payouts_by_file(live_server: Server, browser: WebDriver, tmp_path: Path) -> None:
    """Approved rewards out as a PayPal file, the provider's result file back in: each reward
    paid once, also when the file is recorded twice."""
    d, token = browser, live_server.login()
    ident = live_with_rewards(live_server, token, name="Paid by file", buyers=2)
    waiting = api(live_server, token,
        "query($c: ID!) { rewards(campaignId: $c, first: 10) { nodes { id } } }",
        c=ident)["rewards"]["nodes"]  # fmt: skip
    approved = api(live_server, token,
        "mutation($ids: [ID!]!) { approveRewards(ids: $ids) { __typename } }",
        ids=[r["id"] for r in waiting])  # fmt: skip
    assert approved["approveRewards"]["__typename"] == "BulkResult", approved
    cast(ChromiumDriver, d).execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    sign_in(d, live_server)
    visit(d, live_server.base, "payouts", "Download a payout file", "payouts")
    fill(d, "f-currency", "usd")
    button(d, "Download file").click()
    sent = downloaded(tmp_path, set())
    assert sent.name.startswith("vouch-payouts-paypal-usd-"), sent.name
    lines = list(csv.reader(io.StringIO(sent.read_text(encoding="utf-8"))))
    mine = {f"VOUCH-R{pk(r['id'])}" for r in waiting}  # other tests' rewards may be payable too
    ours = [line for line in lines if line[3] in mine]
    assert len(ours) == 2 and all(line[1:3] == ["5.00", "USD"] for line in ours), lines
    text_appears(d, f"{len(lines)} reward")

    result = tmp_path / "paypal-result.txt"  # not *.csv: downloaded() watches those
    result.write_text(
        "Transaction ID,Recipient,Amount,Currency,Status,Customer ID\r\n"
        + "".join(
            f"PP-{n},{e},{a},{c},Success,{ref}\r\n" for n, (e, a, c, ref, *_) in enumerate(lines)
        ),
        encoding="utf-8",
    )
    for recorded in (f"{len(lines)} marked paid, 0 already paid", f"0 marked paid, {len(lines)}"):
        by_id(d, "f-file").send_keys(str(result))
        button(d, "Record payments").click()
        text_appears(d, recorded)
    statuses = api(live_server, token,
        "query($c: ID!) { rewards(campaignId: $c, first: 10) { nodes { status externalReference } } }",
        c=ident)["rewards"]["nodes"]  # fmt: skip
    assert {r["status"] for r in statuses} == {"FULFILLED"}, statuses
    assert all(r["externalReference"].startswith("paypal:PP-") for r in statuses), statuses
    assert not console_errors(d), console_errors(d)
