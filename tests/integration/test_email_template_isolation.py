"""A campaign's own template never grows a value in the server's process, whatever the data.

The template check of `setEmailTemplate` renders against sample data; a branch taken only for
some advocate (here: a long name) passes it. Such a branch that grows a value with `~` in a
loop, a filter with a large number (`center`, `indent`, `wordwrap`) or loops for minutes used to
run in the email worker's (and `previewEmail`'s) process: now every render of a staff-written
template happens in the render process (server/email/isolated.py), limited in memory, time and
size; the one message fails (given up, "cannot render"), the others go, and the server's
memory does not move and its event loop keeps answering meanwhile."""

from __future__ import annotations

import asyncio
import resource
import time
from pathlib import Path

import httpx
import pytest

from server.clock import FrozenClock
from server.email import isolated
from server.email.models import EmailMessage
from server.email.sender import Deliverer
from server.outbox.lease import OutboxStatus
from tests.conftest import GraphQLErrors, gql
from tests.factories import enroll, live_campaign
from tests.mail_server import Inbox

SET_TEMPLATE = """mutation($input: SetEmailTemplateInput!) { setEmailTemplate(input: $input) {
  __typename ... on EmailPreview { subject text html } ... on UserError { code field message } } }"""
PREVIEW = """query($c: ID!, $k: EmailKind!, $a: ID) { previewEmail(campaignId: $c, kind: $k,
  advocateId: $a) { subject text html } }"""
LONG_NAME = "Bartholomew Montgomery-Smythe"
ONLY_FOR_LONG_NAMES = "{%% if advocate.name|length > 20 %%}%s{%% endif %%}ok"
GROWING = {
    # ~ in a loop, through a namespace: 2**27 characters, then copies of it.
    "concatenation": '{% set ns = namespace(s="ab") %}{% for i in range(27) %}'
    "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
    # A filter's width: a 300 MB string.
    "filter": "{{ advocate.name|center(300000000)|length }}",
    "indent": "{{ advocate.name|indent(300000000)|length }}",
}
# A billion iterations: minutes of CPU with no output.
LOOPING = "{% for a in range(100000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}"
MB = 1024  # ru_maxrss is in kB on Linux


async def _hostile(client: httpx.AsyncClient, cid: str, body: str) -> None:
    text = ONLY_FOR_LONG_NAMES % body
    custom = {"campaignId": cid, "kind": "WELCOME", "subject": "Hi", "text": text, "html": "x"}
    saved = (await gql(client, SET_TEMPLATE, input=custom))["setEmailTemplate"]
    assert saved["text"] == "ok", saved  # the sample's name ("there") is short


def _peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // MB


async def test_growth_for_some_data_fails_that_message_in_the_render_process(
    client: httpx.AsyncClient, inbox: Inbox, deliverer: Deliverer, clock: FrozenClock
) -> None:
    cid = await live_campaign(client)
    peak = _peak_mb()
    for n, body in enumerate(GROWING.values()):
        await _hostile(client, cid, body)
        long = await enroll(client, cid, f"long{n}@example.com", name=LONG_NAME)
        await enroll(client, cid, f"short{n}@example.com", name="Al")
        with pytest.raises(GraphQLErrors) as refused:  # the preview, with the long name
            await gql(client, PREVIEW, c=cid, k="WELCOME", a=long["advocate"]["id"])
        assert refused.value.args[0][0]["extensions"]["code"] == "INVALID_INPUT"
        assert await deliverer.run_once(clock=clock) == 2
        failed = await EmailMessage.get(to_address=f"long{n}@example.com")
        assert failed.status is OutboxStatus.FAILED and failed.next_attempt_at is None
        assert failed.last_error.startswith("cannot render"), failed.last_error
        assert inbox.messages[-1]["To"] == f"short{n}@example.com"
    # Each would have held hundreds of megabytes here.
    assert _peak_mb() - peak < 100, (peak, _peak_mb())


async def test_a_render_that_loops_is_cut_off_and_the_server_answers_meanwhile(
    client: httpx.AsyncClient, inbox: Inbox, deliverer: Deliverer, clock: FrozenClock
) -> None:
    cid = await live_campaign(client)
    await _hostile(client, cid, LOOPING)
    await enroll(client, cid, "long@example.com", name=LONG_NAME)
    started = time.monotonic()
    sending = asyncio.create_task(deliverer.run_once(clock=clock))
    answered = 0
    while not sending.done():
        asked = time.monotonic()
        assert (await client.get("/healthz")).status_code == 200
        assert time.monotonic() - asked < 1
        answered += 1
        await asyncio.sleep(0.2)
    assert await sending == 1
    assert time.monotonic() - started < isolated.SECONDS + 5
    assert answered >= 5
    failed = await EmailMessage.get(to_address="long@example.com")
    assert failed.status is OutboxStatus.FAILED
    assert "longer than" in failed.last_error, failed.last_error
    # The next message renders (a new render process) and goes.
    await enroll(client, cid, "al@example.com", name="Al")
    assert await deliverer.run_once(clock=clock) == 1
    assert [m["To"] for m in inbox.messages] == ["al@example.com"]


async def test_the_render_process_holds_none_of_the_servers_secrets(
    client: httpx.AsyncClient,
) -> None:
    cid = await live_campaign(client)
    await _hostile(client, cid, "{{ advocate.name }}")
    proc = isolated._process._proc
    assert proc is not None and proc.poll() is None
    environ = (await asyncio.to_thread(Path(f"/proc/{proc.pid}/environ").read_bytes)).split(b"\0")
    names = {e.split(b"=", 1)[0].decode() for e in environ if e}
    assert names <= set(isolated.KEPT_ENVIRONMENT), names


async def test_slow_renders_wait_for_the_render_process_not_for_the_servers_threads(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Renders take turns at the one render process on a thread of their own: queued on the
    default executor, twenty previews of a looping template held all its threads (the ones
    password checks run on) for seconds."""
    monkeypatch.setattr(isolated, "SECONDS", 0.5)
    cid = await live_campaign(client)
    await _hostile(client, cid, LOOPING)
    long = await enroll(client, cid, "long@example.com", name=LONG_NAME)
    ask = {"query": PREVIEW, "variables": {"c": cid, "k": "WELCOME", "a": long["advocate"]["id"]}}
    previews = [asyncio.create_task(client.post("/graphql", json=ask)) for _ in range(20)]
    await asyncio.sleep(0.3)  # all of them waiting for the render process
    started = time.monotonic()
    await asyncio.get_running_loop().run_in_executor(None, time.monotonic)
    waited = time.monotonic() - started
    answers = await asyncio.gather(*previews)
    assert waited < 0.3, waited
    codes = {a.json()["errors"][0]["extensions"]["code"] for a in answers}
    # Refused, or out of the request's time while waiting its turn.
    assert codes <= {"INVALID_INPUT", "TIMEOUT"} and "INVALID_INPUT" in codes, codes
