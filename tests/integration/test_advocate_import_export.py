"""Advocates in bulk through the dashboard's API: CSV import with a line-numbered report,
idempotent re-runs, and a signed, expiring CSV download with formula-safe cells."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from urllib.parse import urlsplit

import httpx
from starlette.applications import Starlette

from server.accounts.models import Role
from server.advocates.models import Advocate
from server.audit.models import AuditEvent
from server.clock import FrozenClock
from tests.conftest import STAFF_PASSWORD, gql, make_client, staff_token
from tests.factories import live_campaign

IMPORT = """mutation($c: ID!, $csv: String!) { importAdvocates(campaignId: $c, csv: $csv) {
  __typename ... on AdvocateImport { lines created existing problems { line column message } }
  ... on UserError { code field message } } }"""
EXPORT = """mutation($c: ID!) { exportAdvocates(campaignId: $c) {
  __typename ... on AdvocateExportLink { url expiresAt } ... on UserError { code field } } }"""

FILE = (
    "\ufeffEmail,Name,external_id,vanity_code,stripe_customer_id\r\n"
    "ada@example.com,Ada,crm-1,ada-rocks,cus_Ada1\r\n"
    "not-an-email,Bad,,,\r\n"
    "\r\n"
    'ken@example.com,=HYPERLINK("http://evil.example"),crm-2,,\r\n'
    ",No email,,,\r\n"
    "lin@example.com,+Lin,crm-3,x,\r\n"
    "max@example.com,@Max,crm-4,,cus_bad id\r\n"
    "ADA@example.com,Ada again,,,\r\n"
)


async def test_import_reports_bad_lines_and_is_idempotent(client: httpx.AsyncClient) -> None:
    cid = await live_campaign(client)
    first = (await gql(client, IMPORT, c=cid, csv=FILE))["importAdvocates"]
    assert first["__typename"] == "AdvocateImport", first
    assert (first["lines"], first["created"], first["existing"]) == (7, 2, 1)
    problems = {(p["line"], p["column"]) for p in first["problems"]}
    # Line numbers are the file's own (the header is line 1; the blank line 4 still counts).
    assert problems == {(3, "email"), (6, "email"), (7, "vanity_code"), (8, "stripe_customer_id")}
    ada = await Advocate.get(email="ada@example.com")
    assert (ada.name, ada.external_id, ada.stripe_customer_id) == ("Ada", "crm-1", "cus_Ada1")
    assert not await Advocate.exists(email="max@example.com")  # a bad line changes nothing
    again = (await gql(client, IMPORT, c=cid, csv=FILE))["importAdvocates"]
    assert (again["created"], again["existing"], len(again["problems"])) == (0, 3, 4)
    assert await Advocate.all().count() == 2
    assert await AuditEvent.filter(action="advocates.import").count() == 2

    no_email = (await gql(client, IMPORT, c=cid, csv="name\nAda\n"))["importAdvocates"]
    assert (no_email["code"], no_email["field"]) == ("INVALID_INPUT", "csv")
    empty = (await gql(client, IMPORT, c=cid, csv=""))["importAdvocates"]
    assert empty["code"] == "INVALID_INPUT"
    many = "email\n" + "".join(f"p{n}@example.com\n" for n in range(1001))
    too_many = (await gql(client, IMPORT, c=cid, csv=many))["importAdvocates"]
    assert (too_many["code"], too_many["field"]) == ("INVALID_INPUT", "csv")
    assert await Advocate.all().count() == 2  # refused whole


async def test_export_link_is_signed_expiring_and_formula_safe(
    client: httpx.AsyncClient, app: Starlette, clock: FrozenClock
) -> None:
    cid = await live_campaign(client)
    await gql(client, IMPORT, c=cid, csv=FILE)
    link = (await gql(client, EXPORT, c=cid))["exportAdvocates"]
    assert link["__typename"] == "AdvocateExportLink", link
    path = urlsplit(link["url"]).path
    async with make_client(app) as anyone:  # the link is the credential, for 5 minutes
        response = await anyone.get(path)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/csv")
        assert "attachment" in response.headers["content-disposition"]
        assert response.headers["cache-control"] == "no-store"
        rows = list(csv.DictReader(io.StringIO(response.text)))
        by_email = {r["email"]: r for r in rows}
        assert set(by_email) == {"ada@example.com", "ken@example.com"}
        assert by_email["ken@example.com"]["name"] == '\'=HYPERLINK("http://evil.example")'
        assert by_email["ada@example.com"]["stripe_customer_id"] == "cus_Ada1"
        assert by_email["ada@example.com"]["share_url"].startswith("https://vouch.example.com/r/")
        # Tampered or foreign tokens are refused.
        assert (await anyone.get(path[:-2] + "xx")).status_code == 404
        clock.advance(timedelta(minutes=6))
        assert (await anyone.get(path)).status_code == 410
    assert await AuditEvent.filter(action="advocates.export").count() == 2  # the link, the file

    # An export imports back unchanged (the neutralising apostrophe is taken off again).
    other = await live_campaign(client, slug="give-20", name="Give 20")
    back = (await gql(client, IMPORT, c=other, csv=response.text))["importAdvocates"]
    assert (back["created"], back["existing"], back["problems"]) == (2, 0, [])
    ken = await Advocate.get(email="ken@example.com")
    assert ken.name == '=HYPERLINK("http://evil.example")'


async def test_export_needs_the_export_permission(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    cid = await live_campaign(client)
    async with make_client(app, await staff_token(app, Role.ANALYST)) as analyst:
        denied = (await gql(analyst, EXPORT, c=cid))["exportAdvocates"]
        assert (denied["__typename"], denied["code"]) == ("UserError", "FORBIDDEN")
        denied = (await gql(analyst, IMPORT, c=cid, csv=FILE))["importAdvocates"]
        assert denied["code"] == "FORBIDDEN"
    async with make_client(app, await staff_token(app, Role.MANAGER)) as manager:
        allowed = (await gql(manager, EXPORT, c=cid))["exportAdvocates"]
        assert allowed["__typename"] == "AdvocateExportLink"


LOGIN = """mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) { ... on SignedIn { token } } }"""
UPDATE_STAFF = """mutation($id: ID!, $role: Role, $active: Boolean) {
  updateStaffUser(id: $id, role: $role, active: $active) {
    __typename ... on UserError { code message } } }"""


async def test_an_export_link_ends_with_its_session_or_permission(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    """Signing out, a demotion below `advocates:export` or deactivation ends the links the
    person asked for at once (they went on serving every advocate's email for 5 minutes)."""
    cid = await live_campaign(client)
    await gql(client, IMPORT, c=cid, csv=FILE)
    token = await staff_token(app, Role.MANAGER, "leaver@example.com")
    me = "{ me { user { id } } }"
    async with make_client(app, token) as manager:
        manager_id = (await gql(manager, me))["me"]["user"]["id"]
        links = [(await gql(manager, EXPORT, c=cid))["exportAdvocates"]["url"] for _ in range(2)]
        async with make_client(app) as anyone:  # a second session of the same person
            signed_in = await gql(
                anyone, LOGIN, email="leaver@example.com", password=STAFF_PASSWORD
            )
        async with make_client(app, signed_in["login"]["token"]) as second:
            links.append((await gql(second, EXPORT, c=cid))["exportAdvocates"]["url"])
        paths = [urlsplit(url).path for url in links]
        async with make_client(app) as anyone:
            assert [(await anyone.get(p)).status_code for p in paths] == [200, 200, 200]
            signed_out = await gql(manager, "mutation { logout { __typename } }")
            assert signed_out["logout"]["__typename"] == "SessionsEnded", signed_out
            # The first session's links end; the second session's still work.
            assert [(await anyone.get(p)).status_code for p in paths] == [403, 403, 200]
            demoted = await gql(client, UPDATE_STAFF, id=manager_id, role="ANALYST")
            assert demoted["updateStaffUser"]["__typename"] == "StaffUser", demoted
            refused = await anyone.get(paths[2])
            assert refused.status_code == 403 and "ended" in refused.text
            assert "ada@example.com" not in refused.text
    # Promoted back, the demotion ended its sessions: the link stays ended; so does deactivation.
    await gql(client, UPDATE_STAFF, id=manager_id, role="MANAGER")
    fresh = await staff_token(app, Role.OWNER, "boss@example.com")
    async with make_client(app, fresh) as owner:
        path = urlsplit((await gql(owner, EXPORT, c=cid))["exportAdvocates"]["url"]).path
        async with make_client(app) as anyone:
            assert (await anyone.get(path)).status_code == 200
            owner_id = (await gql(owner, me))["me"]["user"]["id"]
            gone = await gql(client, UPDATE_STAFF, id=owner_id, active=False)
            assert gone["updateStaffUser"]["__typename"] == "StaffUser", gone
            assert (await anyone.get(path)).status_code == 403
