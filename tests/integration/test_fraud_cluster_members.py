"""Which of a cluster's (member, rule) pairs are news (queries.MEMBERS_LACKING with the
parameters queries.member_rules makes): on both databases, members lacking different rules,
a member that carries its rule already (written compact or spaced), a rejected one and a
decided one."""

from __future__ import annotations

import httpx
from tortoise.transactions import in_transaction

from server.fraud import queries as q
from server.fraud.rules import ReviewStatus
from server.referrals.models import Referral, ReferralStatus
from tests.conftest import gql
from tests.factories import enroll, paying_campaign
from tests.ids import pk

SIGNUP = (
    "mutation($input: RecordSignupInput!) { recordSignup(input: $input) { __typename "
    "... on Referral { id } ... on UserError { code field message } } }"
)


def _signal(rule: str) -> dict[str, str]:
    return {"rule": rule, "severity": "medium", "mode": "flag", "reason": "Seen before."}


async def test_each_member_is_read_with_the_rules_it_lacks(client: httpx.AsyncClient) -> None:
    cid = await paying_campaign(client)
    code = (await enroll(client, cid, "ada@example.com"))["code"]
    ids = []
    for name in ("tom", "ann", "raj", "eve", "kim"):
        done = await gql(
            client, SIGNUP, input={"friend": {"referralCode": code, "email": f"{name}@example.net"}}
        )
        assert done["recordSignup"]["__typename"] == "Referral", done
        ids.append(pk(done["recordSignup"]["id"]))
    lacks_one, lacks_both, carries, rejected, decided = ids
    seq, names = "sequential_emails", "lookalike_names"
    await Referral.filter(id__in=ids).update(risk_signals=[_signal("shared_ip")])
    await Referral.filter(id=lacks_one).update(risk_signals=[_signal(seq)])
    await Referral.filter(id=rejected).update(status=ReferralStatus.REJECTED)
    await Referral.filter(id=decided).update(review_status=ReviewStatus.DISMISSED)
    async with in_transaction() as conn:
        ex = q.executor(conn)
        spaced = f'[{{"rule": "{names}", "severity": "medium", "mode": "flag", "reason": "x"}}]'
        await ex.run(q.UPDATE_RISK, [10, spaced, "none", carries])
        pairs = sorted((rid, rule) for rid in ids for rule in (seq, names))
        pairs.remove((carries, seq))
        rows = await ex.rows(q.MEMBERS_LACKING, q.member_rules(ex, pairs))
    found = [(int(r["id"]), sorted(str(r["rules"]).split(","))) for r in rows]
    assert found == [(lacks_one, [names]), (lacks_both, [names, seq])]
