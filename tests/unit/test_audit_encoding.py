"""The append-only rows' JSON text: the prebuilt encoder writes what the column's own encoder
(Tortoise's) would have written."""

from __future__ import annotations

from typing import Any

import pytest

from server.audit import appends
from server.audit.models import AuditEvent
from server.fraud.rules import Mode
from server.referrals.models import Referral
from server.webhooks.models import WebhookEvent

VALUES: list[Any] = [
    {},
    [],
    {"risk_score": [None, 42], "rules": [None, ["referral_velocity_day"]]},
    [{"rule": "blocklist", "severity": "high", "mode": "block", "reason": "Zoë's café ☕"}],
    {"nested": {"a": [1, 2.5, True, None, "\u2028", "\x00"]}, "z": -0.0, "big": 10**30},
    "text alone",
    [float("inf"), float("nan"), 1e-7, (1, "tuple")],
    {"mode": Mode.FLAG, 3: "int key", None: "null key", 1.5: "float key"},
]


@pytest.mark.parametrize(
    ("model", "name"),
    [(AuditEvent, "diff"), (AuditEvent, "actor_extra"), (WebhookEvent, "payload"),
     (Referral, "risk_signals")],
)  # fmt: skip
@pytest.mark.parametrize("value", VALUES)
def test_the_text_is_the_columns_own(model: Any, name: str, value: Any) -> None:
    own = model._meta.fields_map[name].encoder
    assert appends.json_encoder(model, name)(value) == own(value)


def test_a_value_json_cannot_write_fails_as_before() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        appends.json_encoder(AuditEvent, "diff")({"at": object()})
