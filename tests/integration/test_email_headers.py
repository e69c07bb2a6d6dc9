"""User text reaches email headers as one line: a campaign name (the From display name and
the default subjects) or a template's subject with CR, LF or other line breaks neither adds a
header (`Bcc:`) nor stops the email worker. Such a name made the standard library raise
ValueError in the worker; the exception left the drain, so the batch's other messages waited
for their lease to end and the same message failed the next batch again."""

from __future__ import annotations

import httpx

from server.clock import FrozenClock
from server.email import mime
from server.email.models import EmailMessage
from server.email.sender import Deliverer
from server.outbox.lease import OutboxStatus
from tests.conftest import gql
from tests.factories import enroll, live_campaign
from tests.mail_server import Inbox

SET_TEMPLATE = """mutation($input: SetEmailTemplateInput!) { setEmailTemplate(input: $input) {
  __typename ... on UserError { code field message } } }"""
BROKEN = "Spring\r\nBcc: victim@example.com\u2028sale\x85now\x00"


async def test_line_breaks_in_a_campaign_name_or_subject_stay_in_one_header_line(
    client: httpx.AsyncClient, inbox: Inbox, deliverer: Deliverer, clock: FrozenClock
) -> None:
    # NUL is refused at the API; the rest is what a name may hold (or an older row held).
    cid = await live_campaign(client, name=BROKEN.replace("\x00", ""))
    nudge = {
        "campaignId": cid,
        "kind": "NUDGE",
        "subject": "{{ campaign.name }}\r\nX-Injected: yes",
        "text": "Hi",
        "html": "<p>Hi</p>",
    }
    assert (await gql(client, SET_TEMPLATE, input=nudge))["setEmailTemplate"]["__typename"] == (
        "EmailPreview"
    )
    await enroll(client, cid, "ada@example.com", name="Ada")
    await enroll(client, cid, "bo@example.com", name="Bo")
    assert await deliverer.run_once(clock=clock) == 2
    rows = await EmailMessage.all()
    assert [r.status for r in rows] == [OutboxStatus.DELIVERED] * 2, [r.last_error for r in rows]
    assert sorted(m["To"] for m in inbox.messages) == ["ada@example.com", "bo@example.com"]
    for message in inbox.messages:
        assert message["Bcc"] is None and message["X-Injected"] is None
        assert "\r" not in str(message["Subject"]) and "\n" not in str(message["Subject"])
        assert str(message["From"]).startswith('"Spring Bcc: victim@example.com sale now"')
    assert mime.one_line(" a\r\n\tb\u2029c ") == "a b c"
