"""Issue 11 §4: rewards funnelled to the company's own link are refused on write or caught by
the launch preflight, which simulates friends through the real code and writes nothing."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from starlette.applications import Starlette

from server.accounts.models import Role
from server.analytics.models import CampaignDay, Visitor
from server.app import create_app
from server.campaigns.models import Campaign
from server.clock import FrozenClock
from server.referrals.models import Click
from server.settings import Env, Settings
from tests.conftest import gql, make_client, staff_token
from tests.factories import CASH_PER_FIRST_PURCHASE, create_campaign, enroll

RULES = [
    CASH_PER_FIRST_PURCHASE,
    {
        "key": "get",
        "recipient": "FRIEND",
        "trigger": "FIRST_PURCHASE",
        "kind": "CREDIT",
        "currency": "USD",
        "fixedAmount": 500,
    },
]
SET_RULES = """mutation($input: SetRewardRulesInput!) { setRewardRules(input: $input) {
  __typename ... on UserError { code message } } }"""
PREFLIGHT = """query($id: ID!) { campaignPreflight(campaignId: $id) {
    __typename warnings
    findings { code severity message linkCode }
    journeys { sharerCode sharerEmail newAdvocate friendEmail clickedCode clicks coupon
               creditedCode creditedEmail refused
               payees { recipient email value { amount currency } } } } }"""
LAUNCH = """mutation($id: ID!, $ack: [PreflightFindingCode!]) {
  launchCampaign(id: $id, acknowledge: $ack) {
    __typename ... on Campaign { id status } ... on UserError { code message field } } }"""
UPDATE = """mutation($id: ID!, $input: UpdateCampaignInput!) { updateCampaign(id: $id, input: $input) {
  __typename ... on Campaign { id } ... on UserError { code message field } } }"""
STATS = """query($id: ID!) { campaign(id: $id) { testMode
  stats { clicks referrals signups conversions } links(first: 100) { nodes { code } } } }"""
AUDIT = """query($action: String!) { auditLog(action: $action) { nodes { action changes } } }"""
GO_LIVE = """mutation($id: ID!, $reset: Boolean!, $ack: [PreflightFindingCode!]) {
  goLive(campaignId: $id, resetTestData: $reset, acknowledge: $ack) {
    __typename ... on Campaign { id testMode status } ... on UserError { code message field } } }"""

CLEAN_SHARE = {"socialMessage": "I like this shop: {share_url}", "emailBody": "Code {code}"}


async def _campaign(client: httpx.AsyncClient, **overrides: Any) -> str:
    made = await create_campaign(client, share=CLEAN_SHARE, **overrides)
    assert made["__typename"] == "Campaign", made
    done = await gql(client, SET_RULES, input={"campaignId": made["id"], "rules": RULES})
    assert done["setRewardRules"]["__typename"] == "RewardRuleVersion", done
    return str(made["id"])


async def _preflight(client: httpx.AsyncClient, cid: str) -> dict[str, Any]:
    report: dict[str, Any] = (await gql(client, PREFLIGHT, id=cid))["campaignPreflight"]
    assert report["__typename"] == "PreflightReport", report
    return report


def _codes(report: dict[str, Any], severity: str = "WARNING") -> set[str]:
    return {f["code"] for f in report["findings"] if f["severity"] == severity}


async def _nothing_written(client: httpx.AsyncClient, cid: str, advocates: int) -> None:
    data = await gql(client, STATS, id=cid)
    stats = data["campaign"]["stats"]
    assert (stats["clicks"], stats["referrals"], stats["signups"], stats["conversions"]) == (
        0,
        0,
        0,
        0,
    )
    assert len(data["campaign"]["links"]["nodes"]) == advocates
    # Whatever mode the stats read: no click row and no counter was left behind either (the
    # simulated clicks are written in the preflight's transaction, never group-committed).
    assert await Click.all().count() == 0
    assert await CampaignDay.all().count() == 0 and await Visitor.all().count() == 0


async def _force(slug: str, **columns: Any) -> None:
    """A campaign saved before the write-time checks existed."""
    await Campaign.filter(slug=slug).update(**columns)


async def test_a_clean_campaign_has_no_warnings_writes_nothing_and_launches(
    client: httpx.AsyncClient,
) -> None:
    cid = await _campaign(client)
    ada = await enroll(client, cid, "ada@shopper.example.org")
    report = await _preflight(client, cid)
    assert report["warnings"] == []
    assert _codes(report) == set()
    journeys = report["journeys"]
    assert [j["newAdvocate"] for j in journeys] == [False, True, True]
    assert journeys[0]["sharerCode"] == ada["code"]
    for j in journeys:
        assert j["refused"] is None, j
        assert j["clickedCode"] == j["creditedCode"] == j["sharerCode"]
        assert j["clicks"] == 1
        paid = {(p["recipient"], p["email"], p["value"]["amount"]) for p in j["payees"]}
        assert paid == {("ADVOCATE", j["sharerEmail"], 1000), ("FRIEND", j["friendEmail"], 500)}
    await _nothing_written(client, cid, advocates=1)
    launched = (await gql(client, LAUNCH, id=cid))["launchCampaign"]
    assert launched["status"] == "ACTIVE", launched
    [event] = (await gql(client, AUDIT, action="campaign.preflight"))["auditLog"]["nodes"]
    assert event["changes"] == {"preflight_warnings": [None, []], "acknowledged": [None, []]}


async def test_share_templates_must_carry_the_advocates_own_link(
    client: httpx.AsyncClient,
) -> None:
    cid = await _campaign(client)
    company = await enroll(client, cid, "marketing@example.com", couponCode="WELCOME10")
    code = company["code"]
    spelled = f"{code[:5]}-{code[5:]}".lower()
    for share, field in (
        ({"socialMessage": "Shop here!"}, "share.socialMessage"),
        ({"emailBody": f"Use https://vouch.example.com/r/{code}"}, "share.emailBody"),
        ({"socialMessage": "{share_url} or HTTPS://VOUCH.EXAMPLE.COM:443/R/x/../" + code}, None),
        ({"socialMessage": "{share_url} or //vouch.example.com./r/%2561bc"}, None),
        ({"socialMessage": "{share_url}, or type " + spelled}, None),
        ({"emailBody": "{share_url} - coupon WELCOME10 works too"}, None),
    ):
        refused = (await gql(client, UPDATE, id=cid, input={"share": share}))["updateCampaign"]
        assert refused["code"] == "INVALID_INPUT", (share, refused)
        assert refused["field"] == (field or refused["field"]), refused
        assert refused["field"] in {"share.socialMessage", "share.emailBody"}
    ok = {"socialMessage": "Try {share_url} (or my code {code})", "emailSubject": "Hi"}
    done = (await gql(client, UPDATE, id=cid, input={"share": ok}))["updateCampaign"]
    assert done["__typename"] == "Campaign", done


async def test_hard_coded_company_link_in_a_template_is_caught_and_needs_acknowledgement(
    client: httpx.AsyncClient,
) -> None:
    cid = await _campaign(client, slug="hard-coded")
    company = await enroll(client, cid, "marketing@example.com")
    await _force(
        "hard-coded", share_social_message=f"Join: https://vouch.example.com/r/{company['code']}"
    )
    report = await _preflight(client, cid)
    assert {
        "TEMPLATE_MISSING_SHARE_URL",
        "TEMPLATE_FOREIGN_LINK",
        "CREDIT_TO_OTHER_ADVOCATE",
        "REWARD_TO_THIRD_PARTY",
        "CREDIT_CONCENTRATED",
    } <= _codes(report)
    newcomers = [j for j in report["journeys"] if j["newAdvocate"]]
    assert len(newcomers) == 2
    for j in newcomers:
        assert j["clickedCode"] == j["creditedCode"] == company["code"]
        assert {p["email"] for p in j["payees"]} == {"marketing@example.com", j["friendEmail"]}
    await _nothing_written(client, cid, advocates=1)

    refused = (await gql(client, LAUNCH, id=cid))["launchCampaign"]
    assert (refused["code"], refused["field"]) == ("INVALID_STATE", "acknowledge")
    assert "TEMPLATE_FOREIGN_LINK" in refused["message"]
    partial = (await gql(client, LAUNCH, id=cid, ack=["TEMPLATE_FOREIGN_LINK"]))["launchCampaign"]
    assert partial["__typename"] == "UserError"
    launched = (await gql(client, LAUNCH, id=cid, ack=report["warnings"]))["launchCampaign"]
    assert launched["status"] == "ACTIVE", launched
    [event] = (await gql(client, AUDIT, action="campaign.preflight"))["auditLog"]["nodes"]
    assert event["changes"]["acknowledged"] == [None, sorted(report["warnings"])]


async def test_a_landing_url_looping_to_a_referral_link_is_refused_and_caught(
    client: httpx.AsyncClient,
) -> None:
    for url in (
        "https://vouch.example.com/r/ABCDE23456",
        "https://VOUCH.example.com:443/r/ABCDE23456",
        "https://vouch.example.com./shop/../R/abcde23456?x=1",
        "http://vouch.example.com//r//give-10/ada",
        "https://vouch.example.com/%72/ABCDE23456",
        "https://user@vouch.example.com\\r\\ABCDE23456",
    ):
        made = await create_campaign(client, slug="loop", landingUrl=url)
        assert (made.get("code"), made.get("field")) == ("INVALID_INPUT", "landingUrl"), url
    cid = await _campaign(client, slug="loop")
    fine = await gql(client, UPDATE, id=cid, input={"landingUrl": "https://shop.example/r/x"})
    assert fine["updateCampaign"]["__typename"] == "Campaign"
    company = await enroll(client, cid, "marketing@example.com")
    looped = await gql(
        client,
        UPDATE,
        id=cid,
        input={"landingUrl": f"https://vouch.example.com/r/{company['code']}"},
    )
    assert looped["updateCampaign"]["field"] == "landingUrl"

    await _force("loop", landing_url=f"https://vouch.example.com/r/{company['code']}")
    report = await _preflight(client, cid)
    assert {"LANDING_LOOPS_TO_REDIRECT", "CREDIT_TO_OTHER_ADVOCATE", "CREDIT_CONCENTRATED"} <= (
        _codes(report)
    )
    newcomer = next(j for j in report["journeys"] if j["newAdvocate"])
    assert newcomer["clickedCode"] == newcomer["sharerCode"]
    assert newcomer["creditedCode"] == company["code"]
    assert newcomer["clicks"] > 1
    await _nothing_written(client, cid, advocates=1)


async def test_a_public_coupon_on_a_company_link_wins_under_last_touch(
    client: httpx.AsyncClient,
) -> None:
    cid = await _campaign(client, slug="coupon")
    company = await enroll(client, cid, "marketing@example.com", couponCode="WELCOME10")
    await enroll(client, cid, "ada@shopper.example.org")
    report = await _preflight(client, cid)
    assert _codes(report) == {"COUPON_OVERRIDES_ADVOCATE"}
    typed = [j for j in report["journeys"] if j["coupon"] == "WELCOME10"]
    assert typed and all(j["creditedCode"] == company["code"] for j in typed)
    assert all(j["sharerCode"] != company["code"] for j in typed)

    first = await _campaign(client, slug="coupon-first", attributionModel="FIRST_TOUCH")
    await enroll(client, first, "marketing@example.com", couponCode="WELCOME11")
    await enroll(client, first, "ada@shopper.example.org")
    report = await _preflight(client, first)
    assert report["warnings"] == []
    typed = [j for j in report["journeys"] if j["coupon"] == "WELCOME11"]
    assert typed and all(j["creditedCode"] == j["sharerCode"] for j in typed)


async def test_rewards_to_a_staff_address_are_a_warning(client: httpx.AsyncClient) -> None:
    cid = await _campaign(client)
    await enroll(client, cid, "Owner@Example.com")  # the signed-in owner's own inbox
    report = await _preflight(client, cid)
    assert _codes(report) == {"REWARD_TO_STAFF"}
    assert report["warnings"] == ["REWARD_TO_STAFF"]


async def test_go_live_is_one_audited_step_and_test_mode_has_no_back_door(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    cid = await _campaign(client, slug="rehearsal", testMode=True)
    assert (await gql(client, LAUNCH, id=cid))["launchCampaign"]["status"] == "ACTIVE"
    link = await enroll(client, cid, "ada@shopper.example.org")
    assert (await anon_click(app, link["code"])) == 302
    advance = "mutation($id: ID!) { advanceTestClock(campaignId: $id, hours: 48) { __typename } }"
    await gql(client, advance, id=cid)

    back_door = await gql(client, UPDATE, id=cid, input={"testMode": False})
    assert (back_door["updateCampaign"]["code"], back_door["updateCampaign"]["field"]) == (
        "INVALID_STATE",
        "testMode",
    )
    kept = (await gql(client, GO_LIVE, id=cid, reset=False))["goLive"]
    assert (kept["code"], kept["field"]) == ("INVALID_STATE", "resetTestData")
    async with make_client(app, await staff_token(app, Role.MANAGER)) as manager:
        denied = (await gql(manager, GO_LIVE, id=cid, reset=True))["goLive"]
        assert denied["code"] == "FORBIDDEN"

    live = (await gql(client, GO_LIVE, id=cid, reset=True))["goLive"]
    assert (live["testMode"], live["status"]) == (False, "ACTIVE"), live
    data = await gql(client, STATS, id=cid)
    assert data["campaign"]["stats"]["clicks"] == 0
    [event] = (await gql(client, AUDIT, action="campaign.go_live"))["auditLog"]["nodes"]
    changes = event["changes"]
    assert changes["test_mode"] == [True, False]
    assert changes["test_clock_minutes"] == [48 * 60, 0]
    assert changes["deleted.clicks"] == [1, 0]
    assert changes["preflight_warnings"] == [None, []]
    again = (await gql(client, GO_LIVE, id=cid, reset=False))["goLive"]
    assert again["code"] == "INVALID_STATE"
    # The real clock again: a click now is a live click.
    assert (await anon_click(app, link["code"])) == 302
    assert (await gql(client, STATS, id=cid))["campaign"]["stats"]["clicks"] == 1


async def test_go_live_with_warnings_needs_acknowledgement(client: httpx.AsyncClient) -> None:
    cid = await _campaign(client, slug="staffed", testMode=True)
    await enroll(client, cid, "owner@example.com")
    refused = (await gql(client, GO_LIVE, id=cid, reset=False))["goLive"]
    assert (refused["code"], refused["field"]) == ("INVALID_STATE", "acknowledge")
    assert (await gql(client, STATS, id=cid))["campaign"]["testMode"] is True
    live = (await gql(client, GO_LIVE, id=cid, reset=False, ack=["REWARD_TO_STAFF"]))["goLive"]
    assert live["testMode"] is False, live
    [event] = (await gql(client, AUDIT, action="campaign.go_live"))["auditLog"]["nodes"]
    assert event["changes"]["acknowledged"] == [None, ["REWARD_TO_STAFF"]]


async def anon_click(app: Starlette, code: str) -> int:
    async with make_client(app) as anonymous:
        return (await anonymous.get(f"/r/{code}")).status_code


async def test_an_unanswering_landing_page_is_a_warning_only_when_checks_are_on(
    client: httpx.AsyncClient, settings: Settings, clock: FrozenClock
) -> None:
    cid = await _campaign(client, landingUrl="http://127.0.0.1:1/join")  # nothing listens there
    assert "LANDING_UNREACHABLE" not in (await _preflight(client, cid))["warnings"]
    checking = create_app(
        settings.model_copy(update={"preflight_check_landing": True}),
        clock=clock,
        manage_db=False,
        run_jobs=False,
    )
    token = await staff_token(checking, Role.OWNER, "checker@example.com")
    async with make_client(checking, token) as checker:
        report = await _preflight(checker, cid)
    assert report["warnings"] == ["LANDING_UNREACHABLE"]


async def test_the_landing_check_reaches_no_private_address_in_production(
    client: httpx.AsyncClient, settings: Settings, clock: FrozenClock
) -> None:
    """A campaign writer may not turn the landing check on the server's own network: in
    production a landing URL on a non-public address is not fetched (SSRF), as webhooks."""
    hits: list[bytes] = []

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        hits.append(await reader.readline())
        writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    cid = await _campaign(client, landingUrl=f"http://127.0.0.1:{port}/internal-admin")
    reports = {}
    try:
        for env in (Env.DEVELOPMENT, Env.PRODUCTION):
            update = {"preflight_check_landing": True, "env": env}
            checking = create_app(
                settings.model_copy(update=update), clock=clock, manage_db=False, run_jobs=False
            )
            token = await staff_token(checking, Role.MANAGER, f"checker-{env.value}@example.com")
            async with make_client(checking, token) as checker:
                reports[env] = await _preflight(checker, cid)
    finally:
        server.close()
        await server.wait_closed()
    assert hits == [b"GET /internal-admin HTTP/1.1\r\n"]  # the development check only
    assert "LANDING_UNREACHABLE" not in reports[Env.DEVELOPMENT]["warnings"]
    [finding] = [
        f for f in reports[Env.PRODUCTION]["findings"] if f["code"] == "LANDING_UNREACHABLE"
    ]
    assert "non-public address" in finding["message"], finding
