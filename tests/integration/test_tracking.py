from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from itsdangerous import URLSafeSerializer

from server.clock import FrozenClock
from server.referrals.models import Click, LinkStatus, ReferralLink
from server.settings import Settings, derived_key
from tests.conftest import gql
from tests.factories import create_campaign, enroll, live_campaign
from tests.ids import pk

LANDING = "https://shop.example.com/join?utm_source=vouch&ref=stale"


async def test_redirect_records_a_click_and_keeps_query(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    cid = await live_campaign(client, landingUrl=LANDING, attributionWindowDays=14)
    link = await enroll(client, cid)
    response = await client.get(f"/r/{link['code'].lower()}", headers={"user-agent": "UA/1"})
    assert response.status_code == 302
    target = urlsplit(response.headers["location"])
    query = parse_qs(target.query)
    assert (target.netloc, target.path) == ("shop.example.com", "/join")
    assert query["utm_source"] == ["vouch"] and query["ref"] == [link["code"]]
    click = await Click.get(visit_token=query["vt"][0])
    assert click.campaign_id == pk(cid)
    assert "203.0.113.7" not in (click.ip_hash + click.ua_hash) and len(click.ip_hash) == 32
    cookie = response.headers["set-cookie"]
    for part in ("vouch_ref=", "HttpOnly", "SameSite=lax", "Max-Age=1209600", "Secure"):
        assert part.lower() in cookie.lower(), cookie
    signer = URLSafeSerializer(derived_key(settings, "ref-cookie").hex(), salt="vouch-ref")
    value = cookie.split("vouch_ref=", 1)[1].split(";", 1)[0].strip('"')
    assert signer.loads(value) == {"c": link["code"], "v": click.visit_token}
    assert response.headers["cache-control"] == "no-store"


async def test_same_visitor_hashes_the_same(client: httpx.AsyncClient) -> None:
    link = await enroll(client, await live_campaign(client))
    for _ in range(3):
        await client.get(f"/r/{link['code']}", headers={"user-agent": "Same/1"})
    await client.get(f"/r/{link['code']}", headers={"user-agent": "Other/2"})
    stats = await gql(client, "{ campaigns { nodes { stats { clicks uniqueVisitors } } } }")
    assert stats["campaigns"]["nodes"][0]["stats"] == {"clicks": 4, "uniqueVisitors": 2}


@pytest.mark.parametrize("code", ["NOPE", "22222-22222", "%3Cscript%3E", "A" * 300])
async def test_unknown_code_is_a_friendly_404(client: httpx.AsyncClient, code: str) -> None:
    await enroll(client, await live_campaign(client))
    response = await client.get(f"/r/{code}")
    assert response.status_code == 404
    assert "This referral link doesn't work" in response.text
    assert await Click.all().count() == 0


async def test_blocked_link_is_a_404(client: httpx.AsyncClient) -> None:
    link = await enroll(client, await live_campaign(client))
    await ReferralLink.filter(code=link["code"]).update(status=LinkStatus.BLOCKED)
    assert (await client.get(f"/r/{link['code']}")).status_code == 404
    assert await Click.all().count() == 0


async def test_not_live_campaigns_redirect_without_attribution(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    draft = await create_campaign(client, slug="draft", landingUrl=LANDING)
    draft_link = await enroll(client, draft["id"], "a@example.com")
    scheduled = await live_campaign(
        client, slug="later", landingUrl=LANDING, startsAt="2026-04-01T00:00:00Z"
    )
    scheduled_link = await enroll(client, scheduled, "b@example.com")
    paused = await live_campaign(client, slug="paused", landingUrl=LANDING)
    paused_link = await enroll(client, paused, "c@example.com")
    await gql(client, "mutation($id: ID!) { pauseCampaign(id: $id) { __typename } }", id=paused)
    for link in (draft_link, scheduled_link, paused_link):
        response = await client.get(f"/r/{link['code']}")
        assert response.status_code == 302
        assert response.headers["location"] == LANDING
        assert "set-cookie" not in response.headers
    assert await Click.all().count() == 0


async def test_head_requests_are_not_clicks(client: httpx.AsyncClient) -> None:
    link = await enroll(client, await live_campaign(client, landingUrl=LANDING))
    response = await client.head(f"/r/{link['code']}")
    assert (response.status_code, response.headers["location"]) == (302, LANDING)
    assert await Click.all().count() == 0


async def test_vanity_links_resolve_within_their_campaign(client: httpx.AsyncClient) -> None:
    cid = await live_campaign(client, slug="spring")
    await enroll(client, cid, vanityCode="Ada-Rocks")
    response = await client.get("/r/spring/ada-rocks")
    assert response.status_code == 302 and "vt=" in response.headers["location"]
    assert (await client.get("/r/other/ada-rocks")).status_code == 404


async def test_healthz(client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch) -> None:
    ok = await client.get("/healthz")
    assert (ok.status_code, ok.json()) == (200, {"status": "ok", "database": "up"})

    async def down() -> None:
        raise ConnectionRefusedError("database is gone")

    monkeypatch.setattr("server.db.ping", down)
    bad = await client.get("/healthz")
    assert (bad.status_code, bad.json()["database"]) == (503, "down")
