"""The caller's optional evidence about a person, hashed on receipt (keyed HMAC-SHA256) so
nothing raw is ever stored: IP address and its network, user agent, device id, payment
fingerprint, phone number and postal address.

Each value is normalised first, so two spellings of one phone or address give one hash. The
IP and user-agent hashes use the click key (`visitor-hash`) so they match /r/{code}'s clicks;
everything else uses its own derived key (`fraud-evidence`)."""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import dataclass, fields

from server.errors import InvalidInput
from server.referrals import rules as referral_rules
from server.settings import Settings, derived_key

MAX_USER_AGENT = 1024
MAX_VALUE = 256
NETWORK_V4, NETWORK_V6 = 24, 64


@dataclass(frozen=True, slots=True)
class Evidence:
    """Keyed hashes of what the caller told us about one person; None where not given."""

    ip_hash: str | None = None
    net_hash: str | None = None
    ua_hash: str | None = None
    device_hash: str | None = None
    payment_hash: str | None = None
    phone_hash: str | None = None
    address_hash: str | None = None

    def given(self) -> dict[str, str]:
        """The identifying hashes (device, payment, phone, address) that were given."""
        kinds = ("device", "payment", "phone", "address")
        return {k: v for k in kinds if (v := getattr(self, f"{k}_hash")) is not None}

    def columns(self) -> dict[str, str | None]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True, slots=True)
class RawEvidence:
    """As the API received it; exists only for the duration of one request."""

    ip_address: str | None = None
    user_agent: str | None = None
    device_id: str | None = None
    payment_fingerprint: str | None = None
    phone: str | None = None
    address: str | None = None


def network_of(raw: str) -> str:
    """The network an address belongs to: its /24 (IPv4) or /64 (IPv6, a household's prefix)."""
    address = ipaddress.ip_address(raw.strip())
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    bits = NETWORK_V4 if address.version == 4 else NETWORK_V6
    return str(ipaddress.ip_network(f"{address}/{bits}", strict=False))


def _text(value: str | None, field: str, limit: int = MAX_VALUE) -> str | None:
    if value is None:
        return None
    value = unicodedata.normalize("NFKC", value).strip()
    if not value or len(value) > limit:
        raise InvalidInput(f"Give 1-{limit} characters.", field=field)
    return value


def _phone(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    if not 6 <= len(digits) <= 15:
        raise InvalidInput("A phone number has 6-15 digits.", field="phone")
    return digits


def _address(value: str) -> str:
    return " ".join(re.findall(r"[0-9a-z]+", value.casefold()))


def hash_evidence(settings: Settings, raw: RawEvidence) -> Evidence:
    """Validate and hash; raises InvalidInput (with the field) for malformed values."""
    visitor = derived_key(settings, "visitor-hash")
    key = derived_key(settings, "fraud-evidence")
    ip_hash = net_hash = ua_hash = None
    if raw.ip_address is not None:
        try:
            network = network_of(raw.ip_address)
        except ValueError:
            raise InvalidInput("Not an IP address.", field="ipAddress") from None
        ip_hash = referral_rules.ip_hash(visitor, raw.ip_address)
        net_hash = referral_rules.keyed_hash(key, "net:" + network)
    ua = _text(raw.user_agent, "userAgent", MAX_USER_AGENT)
    if ua is not None:
        ua_hash = referral_rules.keyed_hash(visitor, raw.user_agent or "")
    device = _text(raw.device_id, "deviceId")
    payment = _text(raw.payment_fingerprint, "paymentFingerprint")
    phone = _text(raw.phone, "phone")
    address = _text(raw.address, "address")

    def h(kind: str, value: str | None) -> str | None:
        return None if value is None else referral_rules.keyed_hash(key, f"{kind}:{value}")

    return Evidence(
        ip_hash=ip_hash,
        net_hash=net_hash,
        ua_hash=ua_hash,
        device_hash=h("device", device),
        payment_hash=h("payment", payment),
        phone_hash=h("phone", _phone(phone) if phone else None),
        address_hash=h("address", _address(address) if address else None),
    )


def network_hash(settings: Settings, raw_ip: str) -> str:
    key = derived_key(settings, "fraud-evidence")
    return referral_rules.keyed_hash(key, "net:" + network_of(raw_ip))
