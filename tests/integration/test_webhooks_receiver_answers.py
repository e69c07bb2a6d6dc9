"""Whatever a webhook receiver answers is logged, and the worker goes on: an answer with NUL
bytes in it (an image, a compressed body) could not be stored on PostgreSQL, so recording the
attempt raised, the batch's other deliveries waited for their lease, and the same delivery
broke the next batch again."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from server.clock import FrozenClock
from server.webhooks.delivery import Deliverer
from tests.factories import enroll, live_campaign
from tests.integration.test_webhooks import _deliveries, _endpoint, _new_referral
from tests.webhook_receiver import Receiver, serve_receiver


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    async with serve_receiver() as r:
        yield r


@pytest.fixture
def deliverer(app: Starlette) -> Deliverer:
    return Deliverer(box=app.state.services.secret_box, production=False, timeout=10)


async def test_an_answer_with_nul_bytes_is_logged_without_them(
    client: httpx.AsyncClient, receiver: Receiver, deliverer: Deliverer, clock: FrozenClock
) -> None:
    made = await _endpoint(client, receiver, ["referral.created"])
    link = await enroll(client, await live_campaign(client))
    for n, mode in enumerate(["binary", "binary-fail"]):
        receiver.mode = mode
        await _new_referral(client, link["code"], n)
        assert await deliverer.run_once(clock=clock) == 1
    log = await _deliveries(client, made["endpoint"]["id"])
    attempts = sorted((a for d in log for a in d["attempts"]), key=lambda a: a["ok"])
    assert [(a["ok"], a["statusCode"]) for a in attempts] == [(False, 500), (True, 200)]
    for attempt in attempts:
        assert "\x00" not in attempt["responseExcerpt"]
        assert attempt["responseExcerpt"].startswith("\ufffdPNG"), attempt
