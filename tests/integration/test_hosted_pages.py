"""The hosted pages are static shells and files, served under a strict policy; the portal
shows the campaign's branding."""

from __future__ import annotations

import re

import httpx
import pytest
from starlette.applications import Starlette

from tests.conftest import gql, make_client
from tests.factories import enroll, live_campaign

BRANDING = """mutation($input: SetCampaignBrandingInput!) { setCampaignBranding(input: $input) {
  __typename ... on UserError { code field } } }"""
ISSUE = """mutation($id: ID!) { issuePortalToken(linkId: $id) { ... on PortalToken { token } } }"""


@pytest.mark.parametrize("path", ["/join/give-10", "/portal/sign-in", "/portal"])
async def test_pages_load_only_their_own_files(client: httpx.AsyncClient, path: str) -> None:
    page = await client.get(path)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"] == "no-store"
    policy = page.headers["content-security-policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
    ):
        assert directive in policy
    assert "unsafe" not in policy
    # No inline script or style, no attribute handlers: everything comes from /static/portal.
    assert not re.search(r"<script(?![^>]*\bsrc=)", page.text)
    assert "<style" not in page.text and " style=" not in page.text
    assert not re.search(r"\son[a-z]+=", page.text)
    for asset in re.findall(r'(?:src|href)="(/static/portal/[^"]+)"', page.text):
        served = await client.get(asset)
        assert served.status_code == 200, asset
        assert served.headers["content-type"].split(";")[0] in ("text/javascript", "text/css")


async def test_scripts_import_only_served_modules(client: httpx.AsyncClient) -> None:
    seen: set[str] = set()
    todo = ["/static/portal/join.js", "/static/portal/sign-in.js", "/static/portal/portal.js"]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        body = await client.get(path)
        assert body.status_code == 200, path
        base = path.rsplit("/", 1)[0]
        for spec in re.findall(r'from "(\./[^"]+|\.\./[^"]+)"', body.text):
            parts = [*base.split("/"), *spec.split("/")]
            resolved: list[str] = []
            for part in parts:
                if part == "..":
                    resolved.pop()
                elif part not in (".", ""):
                    resolved.append(part)
            todo.append("/" + "/".join(resolved))
    assert "/static/portal/operations/portal.js" in seen


async def test_branding_reaches_the_portal_and_the_policy(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    cid = await live_campaign(client)
    logo = "https://cdn.example.com/acme/logo.svg"
    done = await gql(
        client,
        BRANDING,
        input={"campaignId": cid, "logoUrl": logo, "accentColor": "#0a7c4a", "senderName": "Acme"},
    )
    assert done["setCampaignBranding"]["__typename"] == "Campaign", done
    link = await enroll(client, cid)
    token = (await gql(client, ISSUE, id=link["id"]))["issuePortalToken"]["token"]
    async with make_client(app, token) as portal:
        seen = await gql(portal, "{ portal { branding { logoUrl accentColor senderName } } }")
    assert seen["portal"]["branding"] == {
        "logoUrl": logo,
        "accentColor": "#0a7c4a",
        "senderName": "Acme",
    }
    policy = (await client.get("/portal")).headers["content-security-policy"]
    assert f"img-src 'self' data: {logo};" in policy
