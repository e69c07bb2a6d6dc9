"""Shared rate limits in a real redis-server: two server processes count against one limit;
with Redis down, redirects fail open and mutations fail closed but typed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from tests.e2e.procs import Server, env_for, free_port, prepare, redis_server, serving, vouch
from tests.factories import CREATE, ENROLL, LAUNCH


def mutate(server: Server, token: str, query: str, **variables: Any) -> dict[str, Any]:
    response = httpx.post(
        f"{server.base}/graphql",
        json={"query": query, "variables": variables},
        headers={"authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert not body.get("errors"), body
    payload: dict[str, Any] = next(iter(body["data"].values()))
    return payload


def test_two_servers_share_one_limit_and_degrade_without_redis(tmp_path: Path) -> None:
    with redis_server() as (port, redis):
        env = env_for(
            f"sqlite://{tmp_path / 'vouch.db'}",
            VOUCH_RATE_LIMIT_STORAGE=f"async+redis://127.0.0.1:{port}",
            VOUCH_MUTATION_LIMIT="8/minute",
            VOUCH_REDIRECT_LIMIT="4/minute",
        )
        prepare(env, tmp_path)
        with serving(env, tmp_path) as one, serving(env, tmp_path) as two:
            token = one.login()
            made = mutate(
                one,
                token,
                CREATE,
                input={
                    "name": "Give 10",
                    "slug": "give-10",
                    "landingUrl": "https://shop.example.com/",
                },
            )
            mutate(one, token, LAUNCH, id=made["id"])
            enrolled = mutate(
                one, token, ENROLL, input={"campaignId": made["id"], "email": "a@example.com"}
            )
            code = enrolled["link"]["code"]
            # 3 mutations so far on `one`; 5 more alternating between the two processes
            # fill the shared limit of 8, and the next on either is refused.
            for i in range(5):
                again = mutate((one, two)[i % 2], token, LAUNCH, id=made["id"])
                assert again.get("code") != "RATE_LIMITED", again
            refused = mutate(two, token, LAUNCH, id=made["id"])
            assert refused["code"] == "RATE_LIMITED" and refused["message"], refused

            for i in range(4):
                assert httpx.get(f"{(one, two)[i % 2].base}/r/{code}").status_code == 302
            limited = httpx.get(f"{one.base}/r/{code}")
            assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0

            redis.terminate()
            redis.wait(timeout=10)
            # Redis down: the friend still reaches the shop (fail open) ...
            friend = httpx.get(f"{two.base}/r/{code}")
            assert friend.status_code == 302, friend.text
            assert "shop.example.com" in friend.headers["location"]
            # ... and a mutation is refused with a typed, retryable answer (fail closed).
            down = mutate(one, token, LAUNCH, id=made["id"])
            assert down["code"] == "SERVICE_UNAVAILABLE" and down["message"], down
            login = httpx.post(
                f"{one.base}/graphql",
                json={
                    "query": 'mutation { login(email: "boss@example.com", password: "x") '
                    "{ ... on UserError { code retryAfter } } }"
                },
                timeout=30,
            ).json()
            assert login["data"]["login"]["code"] == "SERVICE_UNAVAILABLE"
            assert login["data"]["login"]["retryAfter"] > 0
        assert "Traceback" not in one.output() + two.output()

    # Starting against a Redis that is not there: one line, exit 1, before serving.
    done = vouch(["serve", "--port", str(free_port())], env, tmp_path)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("vouch: ") and "rate-limit" in lines[0], done
