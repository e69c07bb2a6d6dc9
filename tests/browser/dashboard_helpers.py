"""What the dashboard's browser tests share beyond tests/browser/test_dashboard.py's helpers:
signing in as the admin, a local webhook receiver, campaigns made through the API."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser.test_dashboard import api, button, by_id, fill, text_appears, wait
from tests.e2e.procs import ADMIN, LOGIN, PASSWORD, Server


def sign_in(driver: WebDriver, server: Server) -> None:
    driver.delete_all_cookies()
    driver.get("about:blank")
    driver.get(f"{server.base}/")
    by_id(driver, "f-email")
    fill(driver, "f-email", ADMIN)
    fill(driver, "f-password", PASSWORD)
    button(driver, "Sign in").click()
    text_appears(driver, "Recent milestones")


def click(driver: WebDriver, xpath: str) -> None:
    """Click what `xpath` finds, again if a re-render replaced it meanwhile."""

    def attempt(d: WebDriver) -> bool:
        try:
            d.find_element(By.XPATH, xpath).click()
        except StaleElementReferenceException:
            return False
        return True

    wait(driver, attempt)


def row_texts(driver: WebDriver, css: str) -> list[str]:
    """The text of every element `css` finds, read again if a re-render replaced one."""

    def read(d: WebDriver) -> tuple[list[str]] | None:  # a tuple: truthy even when empty
        try:
            return ([e.text for e in d.find_elements(By.CSS_SELECTOR, css)],)
        except StaleElementReferenceException:
            return None

    texts: tuple[list[str]] = wait(driver, read)
    return texts[0]


@dataclass
class Receiver:
    """A webhook receiver on 127.0.0.1: answers `status` (200 unless changed) and keeps every
    request's headers."""

    url: str
    status: int = 200
    requests: list[dict[str, str]] = field(default_factory=list)


@contextmanager
def receiver() -> Iterator[Receiver]:
    got = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("content-length") or 0))
            got.requests.append({k.lower(): v for k, v in self.headers.items()})
            self.send_response(got.status)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            return

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    got.url = f"http://127.0.0.1:{httpd.server_address[1]}/hook"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield got
    finally:
        httpd.shutdown()
        httpd.server_close()


def campaign(
    server: Server, token: str, *, name: str, currency: str = "USD", test: bool = False
) -> str:
    """A draft campaign (its landing page answers, so the launch preflight has no warning)."""
    made = api(server, token,
        """mutation($i: CreateCampaignInput!) { createCampaign(input: $i) {
           __typename ... on Campaign { id } ... on UserError { message } } }""",
        i={"name": name, "slug": f"c-{uuid.uuid4().hex[:8]}", "currency": currency,
           "landingUrl": f"{server.base}/healthz", "testMode": test})  # fmt: skip
    assert made["createCampaign"]["__typename"] == "Campaign", made
    ident: str = made["createCampaign"]["id"]
    return ident


def colleague(server: Server, token: str) -> str:
    """A second admin's token (whoever changes a campaign's rules may not approve its rewards
    for a day)."""
    email, password = f"ops-{uuid.uuid4().hex[:6]}@example.com", "another-pair-of-hands-5"
    made = api(server, token,
        """mutation($e: String!, $p: String!) { createStaffUser(input: {email: $e, name: "Ops",
           role: ADMIN, password: $p}) { __typename } }""", e=email, p=password)  # fmt: skip
    assert made["createStaffUser"]["__typename"] == "CreatedStaffUser", made
    answer = httpx.post(f"{server.base}/graphql", timeout=15,
        json={"query": LOGIN, "variables": {"e": email, "p": password}}).json()  # fmt: skip
    ops: str = answer["data"]["login"]["token"]
    return ops


def live_with_rewards(
    server: Server, token: str, *, name: str, buyers: int, test: bool = False
) -> str:
    """A launched campaign whose every $5 reward needs one approval, and `buyers` friends who
    bought: `buyers` rewards awaiting approval. A colleague sets its rules, so that the admin
    may approve them."""
    ident = campaign(server, token, name=name, test=test)
    rules = api(server, colleague(server, token),
        """mutation($i: SetRewardRulesInput!) { setRewardRules(input: $i) {
           __typename ... on UserError { message } } }""",
        i={"campaignId": ident, "autoApproveMax": 0, "fourEyesAbove": 100000, "rules": [
            {"key": "adv", "recipient": "ADVOCATE", "trigger": "FIRST_PURCHASE", "kind": "CASH",
             "currency": "USD", "fixedAmount": 500, "holdDays": 0}]})  # fmt: skip
    assert rules["setRewardRules"]["__typename"] == "RewardRuleVersion", rules
    launched = api(server, token,
        "mutation($c: ID!) { launchCampaign(id: $c) { __typename ... on UserError { message } } }",
        c=ident)  # fmt: skip
    assert launched["launchCampaign"]["__typename"] == "Campaign", launched
    tag = uuid.uuid4().hex[:6]
    enrolled = api(server, token,
        """mutation($c: ID!, $e: String!) { enrollAdvocate(input: {campaignId: $c, email: $e,
           name: "Bea"}) { ... on Enrollment { link { code } } ... on UserError { message } } }""",
        c=ident, e=f"bea-{tag}@example.com")  # fmt: skip
    code = enrolled["enrollAdvocate"]["link"]["code"]
    for n in range(buyers):
        friend = {"referralCode": code, "email": f"buyer{n}-{tag}@example.net"}
        for query in (
            "mutation($f: FriendInput!) { recordSignup(input: {friend: $f}) { __typename ... on UserError { message } } }",
            f"""mutation($f: FriendInput!) {{ recordConversion(input: {{friend: $f, externalOrderId: "O-{tag}-{n}",
               amount: 4000, currency: "USD", idempotencyKey: "o-{tag}-{n}"}}) {{ __typename ... on UserError {{ message }} }} }}""",
        ):  # fmt: skip
            done = api(server, token, query, f=friend)
            assert "message" not in next(iter(done.values())), done
    return ident
