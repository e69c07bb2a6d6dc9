"""vouch.js in a real browser: a friend clicks /r/{code}, lands on the shop's page (served by
this test, another origin), browses on; the checkout form carries the visit token, and
recordConversion with it attributes the order to the advocate."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import console_errors
from tests.e2e.procs import Server, free_port
from tests.factories import CONVERT, CREATE, ENROLL, LAUNCH

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<script src="{vouch}/vouch.js"></script></head><body><main><h1>{title}</h1>
<form id="checkout" method="post" action="/checkout">
<input type="hidden" name="vouch_vt" data-vouch="visit-token">
<input type="hidden" name="vouch_ref" data-vouch="referral-code">
<button type="submit">Buy</button></form></main></body></html>"""


class Shop:
    """The shop's own site: a landing page and a checkout page that both include vouch.js."""

    def __init__(self, vouch: str) -> None:
        self.posted: list[dict[str, list[str]]] = []
        shop = self

        class Handler(BaseHTTPRequestHandler):
            def _send(self, body: str) -> None:
                data = body.encode()
                self.send_response(200)
                self.send_header("content-type", "text/html; charset=utf-8")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                title = "Checkout" if self.path.startswith("/checkout") else "Welcome"
                self._send(PAGE.format(vouch=vouch, title=title))

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", "0"))
                shop.posted.append(parse_qs(self.rfile.read(length).decode()))
                self._send("<!doctype html><title>Thanks</title><p id='thanks'>Thanks</p>")

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.port = free_port()
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        # `localhost`, not the API's 127.0.0.1: the shop is another site.
        self.base = f"http://localhost:{self.port}"


@pytest.fixture
def shop(live_server: Server) -> Iterator[Shop]:
    site = Shop(live_server.base)
    thread = threading.Thread(target=site.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.server.shutdown()
        site.server.server_close()


def _gql(server: Server, token: str, query: str, **variables: Any) -> dict[str, Any]:
    body = httpx.post(
        f"{server.base}/graphql",
        json={"query": query, "variables": variables},
        headers={"authorization": f"Bearer {token}"},
        timeout=30,
    ).json()
    assert not body.get("errors"), body
    data: dict[str, Any] = body["data"]
    return data


def test_click_landing_checkout_carries_the_token_and_converts(
    live_server: Server, browser: WebDriver, shop: Shop
) -> None:
    token = live_server.login()
    slug = "js-" + secrets.token_hex(4)
    made = _gql(
        live_server,
        token,
        CREATE,
        input={"name": "Snippet", "slug": slug, "landingUrl": f"{shop.base}/landing"},
    )["createCampaign"]
    _gql(live_server, token, LAUNCH, id=made["id"])
    link = _gql(
        live_server, token, ENROLL, input={"campaignId": made["id"], "email": f"{slug}@example.com"}
    )["enrollAdvocate"]["link"]

    browser.get(f"{live_server.base}/r/{link['code']}")
    WebDriverWait(browser, 10).until(lambda d: d.current_url.startswith(shop.base))
    visit_token = browser.execute_script("return Vouch.visitToken()")
    assert isinstance(visit_token, str) and len(visit_token) > 10
    assert browser.execute_script("return Vouch.referralCode()") == link["code"]
    # Another page of the shop, no query string: the first-party cookie remembers.
    browser.get(f"{shop.base}/checkout")
    assert browser.execute_script("return Vouch.clientReferenceId()") == visit_token
    payment_link = browser.execute_script(
        "return Vouch.checkoutUrl('https://buy.stripe.com/test_123')"
    )
    assert payment_link == f"https://buy.stripe.com/test_123?client_reference_id={visit_token}"
    cookie = browser.get_cookie("_vouch")
    assert cookie is not None and cookie.get("sameSite") == "Lax"
    # The cookie lives for the campaign's attribution window (30 days by default).
    assert cookie["expiry"] - browser.execute_script("return Date.now() / 1000") > 29 * 86400
    browser.find_element(By.CSS_SELECTOR, "#checkout button").click()
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.ID, "thanks"))
    assert shop.posted == [{"vouch_vt": [visit_token], "vouch_ref": [link["code"]]}]
    assert console_errors(browser) == []

    # The shop's backend reports the order with what the form carried.
    recorded = _gql(
        live_server,
        token,
        CONVERT,
        input={
            "friend": {"visitToken": shop.posted[0]["vouch_vt"][0], "email": f"f-{slug}@x.org"},
            "externalOrderId": f"order-{slug}",
            "amount": 2500,
            "currency": "USD",
            "idempotencyKey": f"key-{slug}",
        },
    )["recordConversion"]
    assert recorded["__typename"] == "ConversionRecorded", recorded
    referral = recorded["conversion"]["referral"]
    assert referral["status"] == "CONVERTED"
    attribution = _gql(
        live_server,
        token,
        "query($id: ID!) { node(id: $id) { ... on Referral { attributionMethod link { code } } } }",
        id=referral["id"],
    )["node"]
    assert attribution == {"attributionMethod": "visit_token", "link": {"code": link["code"]}}
