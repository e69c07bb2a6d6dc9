"""One builder per class of the labelled corpus: how that fraud (or its innocent look-alike)
shows up in a shop's signups and orders. See `_fraud_corpus.py` for the people and networks."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from _fraud_corpus import (
    BOT_UA,
    CAMPAIGNS,
    DEVICES,
    DISPOSABLE,
    RELAYS,
    Builder,
    Corpus,
    Gen,
    Person,
    _add,
    _campaign_advocate,
)


def _fraud(
    c: Corpus, g: Gen, camp: int, adv: int, f: Person, at: datetime, label: str, **kw: Any
) -> None:
    """One labelled fraudulent referral (and its orders, by `convert` / `orders`)."""
    _add(c, g, campaign=camp, advocate=adv, friend=f, at=at, label=label, fraud=True, **kw)


def _legit(
    c: Corpus, g: Gen, camp: int, adv: int, f: Person, at: datetime, label: str, **kw: Any
) -> None:
    """One labelled legitimate referral (and its orders)."""
    _add(c, g, campaign=camp, advocate=adv, friend=f, at=at, label=label, fraud=False, **kw)


def ordinary(c: Corpus, g: Gen) -> None:
    camp, adv = _campaign_advocate(c, g)
    _legit(c, g, camp, adv, g.person(), g.when(), "ordinary", orders=g.r.choice((1, 1, 1, 2)))


def household(c: Corpus, g: Gen) -> None:
    """The advocate's partner or flatmate: same home network, often the same phone model."""
    camp, adv = _campaign_advocate(c, g)
    a = c.advocates[adv]
    surname = a.name.split()[1] if g.r.random() < 0.6 else g.name().split()[1]
    for _ in range(g.r.choice((1, 1, 2))):
        f = g.person(name=f"{g.name().split()[0]} {surname}")
        f = replace(
            f,
            ip=a.ip if g.r.random() < 0.7 else f.ip,
            ua=a.ua if g.r.random() < 0.6 else f.ua,
            address=a.address,
        )
        _legit(c, g, camp, adv, f, g.when(), "household", convert=0.7)


def colleagues(c: Corpus, g: Gen) -> None:
    """An advocate tells their team: one company network (NAT or a /24), company addresses."""
    camp, adv = _campaign_advocate(c, g)
    company = g.r.choice(("acme", "initech", "globex", "umbrella", "hooli", "vandelay"))
    net = f"198.51.100.{g.r.randrange(1, 250)}" if g.r.random() < 0.5 else None
    start = g.when(0.5, 9)
    for _ in range(g.r.randrange(6, 14)):
        f = g.person(domain=f"{company}{g.uid() % 9}.example")
        ip = net or f"203.0.113.{g.r.randrange(1, 255)}"
        f = replace(f, ip=ip)
        at = start + timedelta(hours=g.r.uniform(0, 72))
        _legit(c, g, camp, adv, f, at, "colleagues")


def _shared_spot(c: Corpus, g: Gen, label: str, ip: str, hours: float, size: range) -> None:
    start = g.when(1, 10)
    for _ in range(g.r.randrange(size.start, size.stop)):
        camp, adv = _campaign_advocate(c, g)
        at = start + timedelta(hours=g.r.uniform(0, hours))
        _legit(c, g, camp, adv, replace(g.person(), ip=ip), at, label)


def campus_wifi(c: Corpus, g: Gen) -> None:
    """A university NAT: many unrelated students over days, many advocates."""
    _shared_spot(c, g, "campus_wifi", f"192.0.2.{g.r.randrange(1, 250)}", 24 * 4, range(25, 40))


def event_wifi(c: Corpus, g: Gen) -> None:
    """A meetup: twenty people on one access point within two hours."""
    _shared_spot(c, g, "event_wifi", f"192.0.2.{g.r.randrange(1, 250)}", 2, range(14, 24))


def influencer(c: Corpus, g: Gen) -> None:
    """A post goes viral: a genuine burst from everywhere, some above the hourly limit."""
    camp, adv = _campaign_advocate(c, g)
    start = g.when(1, 10)
    for _ in range(g.r.randrange(14, 30)):
        at = start + timedelta(minutes=g.r.expovariate(1 / 40))
        _legit(c, g, camp, adv, g.person(), at, "influencer", convert=0.4)


def returning_customer(c: Corpus, g: Gen) -> None:
    """A happy friend orders again and again; some were referred in two campaigns."""
    f = g.person()
    camp, adv = _campaign_advocate(c, g)
    _legit(
        c,
        g,
        camp,
        adv,
        f,
        g.when(0.5, 5),
        "returning_customer",
        convert=1.0,
        orders=g.r.randrange(3, 7),
    )
    if g.r.random() < 0.4:
        other = (camp + 1) % CAMPAIGNS
        camp2, adv2 = _campaign_advocate(c, g, other)
        _legit(c, g, camp2, adv2, f, g.when(6, 12), "returning_customer", convert=1.0)


def similar_addresses(c: Corpus, g: Gen) -> None:
    """Different people whose names and addresses look alike, referred by different people."""
    name = g.name()
    first, last = name.lower().split()
    for local in (f"{first}.{last}", f"{first}{last}", f"{first[0]}{last}", f"{first}.{last}2"):
        if g.r.random() < 0.6:
            camp, adv = _campaign_advocate(c, g)
            f = replace(g.person(name=name), email=f"{local}@{g.domain()}")
            _legit(c, g, camp, adv, f, g.when(), "similar_addresses")


def privacy_relay(c: Corpus, g: Gen) -> None:
    camp, adv = _campaign_advocate(c, g)
    alias = "".join(g.r.choices("abcdefghijklmnopqrstuvwxyz0123456789", k=10))
    f = replace(g.person(), email=f"{alias}@{g.r.choice(RELAYS)}")
    _legit(c, g, camp, adv, f, g.when(), "privacy_relay")


# ---- fraud --------------------------------------------------------------------------------------


def _alias(g: Gen, email: str) -> str:
    """Another address of the same inbox, as a fraudster would type it."""
    local, _, domain = email.partition("@")
    plain = local.replace(".", "")
    if domain in ("gmail.com",):
        return g.r.choice(
            (
                f"{'.'.join(plain)}@gmail.com",
                f"{plain}+ref{g.uid()}@gmail.com",
                f"{plain.upper()}@googlemail.com",
                f"{local}+{g.uid()}@gmail.com",
            )
        )
    if domain in ("icloud.com", "me.com"):
        return f"{local}+promo@{g.r.choice(('mac.com', 'me.com', 'icloud.com'))}"
    if domain == "proton.me":
        return f"{local}+x{g.uid()}@{g.r.choice(('pm.me', 'protonmail.com', 'proton.me'))}"
    if domain.startswith(("outlook", "hotmail")):
        return f"{local}+deal{g.uid()}@{domain}"
    return f"{local.upper()}@{domain.upper()}"


def disguised_self(c: Corpus, g: Gen) -> None:
    camp, adv = _campaign_advocate(c, g)
    a = c.advocates[adv]
    if g.r.random() < 0.5:
        f = replace(a, email=_alias(g, a.email), name=g.name() if g.r.random() < 0.3 else a.name)
    else:  # a fresh address, but the advocate's own card, phone or device
        f = g.person()
        owned = [k for k in ("card", "phone", "device") if getattr(a, k)] or ["ua"]
        pick = g.r.choice(owned)  # whichever of their own identifiers they cannot change
        f = replace(f, **{pick: getattr(a, pick)}, ip=a.ip)
    _fraud(c, g, camp, adv, f, g.when(), "disguised_self", convert=0.8)


def same_device(c: Corpus, g: Gen) -> None:
    """The advocate signs a made-up friend up from their own phone, sometimes on mobile data."""
    camp, adv = _campaign_advocate(c, g)
    a = c.advocates[adv]
    ip = a.ip if g.r.random() < 0.6 else g.home_ip()
    f = replace(g.person(), ip=ip, ua=a.ua, device=a.device)
    _fraud(c, g, camp, adv, f, g.when(), "same_device", convert=0.7)


def disposable(c: Corpus, g: Gen) -> None:
    camp, adv = _campaign_advocate(c, g)
    start = g.when()
    for _ in range(g.r.randrange(1, 4)):
        f = g.person(domain=g.r.choice(DISPOSABLE))
        at = start + timedelta(hours=g.r.uniform(0, 30))
        _fraud(c, g, camp, adv, f, at, "disposable", convert=0.6)


def velocity_burst(c: Corpus, g: Gen) -> None:
    """A script creates accounts for one code: same browser build, a few proxy networks."""
    camp, adv = _campaign_advocate(c, g)
    start = g.when(1, 12)
    nets = [f"10.{g.r.randrange(256)}.{g.r.randrange(256)}" for _ in range(g.r.randrange(2, 5))]
    for i in range(g.r.randrange(16, 32)):
        at = start + timedelta(minutes=i * g.r.uniform(1.5, 4))
        f = replace(g.person(), ua=BOT_UA, device=None, ip=f"{g.r.choice(nets)}.{g.uid() % 250}")
        _fraud(c, g, camp, adv, f, at, "velocity_burst", convert=0.15)


def farm(c: Corpus, g: Gen) -> None:
    """Many friends from one network over days, split across the advocate's campaigns."""
    adv = g.r.choice([a for camp, a in c.enrolments if a % 5 == 0])
    camps = [camp for camp, a in c.enrolments if a == adv]
    v6 = g.r.random() < 0.5
    net = (
        f"2001:db8:{g.r.randrange(65536):x}:{g.r.randrange(65536):x}"
        if v6
        else (f"10.{g.r.randrange(256)}.{g.r.randrange(256)}")
    )
    cards = [g.token("fp_") for _ in range(2)]
    start = g.when(0.5, 8)
    for _ in range(g.r.randrange(9, 16)):
        at = start + timedelta(hours=g.r.uniform(0, 72))
        ip = g.ipv6(net) if v6 else f"{net}.{g.r.randrange(1, 255)}"
        f = replace(g.person(), ip=ip, card=g.r.choice(cards))
        _fraud(c, g, g.r.choice(camps), adv, f, at, "farm", convert=0.8)


def friend_many_advocates(c: Corpus, g: Gen) -> None:
    """A coupon hunter collects every advocate's first-order reward with one inbox and card."""
    hunter = g.person()
    start = g.when(0.5, 9)
    used: set[tuple[int, int]] = set()
    for i in range(g.r.randrange(3, 6)):
        camp, adv = _campaign_advocate(c, g)
        if (camp, adv) in used or any(camp == u for u, _ in used):
            camp, adv = _campaign_advocate(c, g, (i) % CAMPAIGNS)
        used.add((camp, adv))
        f = replace(
            hunter,
            email=_alias(g, hunter.email) if i else hunter.email,
            ip=g.home_ip() if g.r.random() < 0.5 else hunter.ip,
        )
        at = start + timedelta(hours=g.r.uniform(0, 96))
        _fraud(c, g, camp, adv, f, at, "friend_many_advocates", convert=1.0)


def ring(c: Corpus, g: Gen) -> None:
    """Advocates refer each other: A -> B -> (C ->) A, in one campaign or across two."""
    size = g.r.choice((2, 3))
    members = g.r.sample(sorted({a for _, a in c.enrolments} - set(c.blocked_advocates)), size)
    start = g.when(0.5, 9)
    for i, adv in enumerate(members):
        friend = c.advocates[members[(i + 1) % size]]
        camps = [camp for camp, a in c.enrolments if a == adv]
        at = start + timedelta(hours=i * g.r.uniform(2, 30))
        _fraud(c, g, g.r.choice(camps), adv, friend, at, "ring", convert=0.8)


def blocklisted(c: Corpus, g: Gen) -> None:
    camp, adv = _campaign_advocate(c, g)
    f = g.person()
    kind = g.r.randrange(4)
    order_ip = None
    if kind == 0:  # a known abuser's inbox, typed differently
        gmail = f"{f.name.lower().replace(' ', '.')}{g.uid()}@gmail.com"
        c.blocked_emails.append(gmail)
        f = replace(f, email=_alias(g, gmail))
    elif kind == 1:  # a neighbour of a blocked address, or the blocked one itself
        base = g.ipv4()
        c.blocked_ips.append(base)
        head = base.rpartition(".")[0]
        f = replace(f, ip=base if g.r.random() < 0.4 else f"{head}.{g.r.randrange(1, 255)}")
    elif kind == 2:  # signs up clean, orders from the blocked network
        order_ip = g.ipv4()
        c.blocked_ips.append(order_ip)
    else:  # a known abuser enrolled again
        adv = len(c.advocates)
        c.advocates.append(g.person())
        c.enrolments.append((camp, adv))
        c.blocked_advocates.append(adv)
    _fraud(
        c,
        g,
        camp,
        adv,
        f,
        g.when(),
        "blocklisted",
        convert=1.0 if kind == 2 else 0.6,
        order_ip=order_ip,
    )


def rotating_ip(c: Corpus, g: Gen) -> None:
    """One phone, a new address for every account (IPv6 privacy addresses or a proxy pool)."""
    camp, adv = _campaign_advocate(c, g)
    phone = replace(g.person(), device=g.token("dev_"))  # the one device is what defines it
    start = g.when(0.5, 10)
    for _ in range(g.r.randrange(6, 12)):
        at = start + timedelta(hours=g.r.uniform(0, 48))
        f = replace(g.person(), ua=phone.ua, device=phone.device, ip=g.home_ip())
        _fraud(c, g, camp, adv, f, at, "rotating_ip", convert=0.6)


def sequential(c: Corpus, g: Gen) -> None:
    camp, adv = _campaign_advocate(c, g)
    base = g.name().split()[0].lower() + g.r.choice(("", ".s", "_k", "x"))
    domain = g.domain()
    start = g.when(0.5, 10)
    first = g.r.randrange(1, 5)
    for n in range(first, first + g.r.randrange(4, 9)):
        at = start + timedelta(hours=g.r.uniform(0, 36))
        f = replace(g.person(), email=f"{base}{n}@{domain}")
        _fraud(c, g, camp, adv, f, at, "sequential", convert=0.6)


def _typo(g: Gen, word: str) -> str:
    i = g.r.randrange(1, len(word))
    ops = (
        word[:i] + word[i + 1 :],
        word[:i] + word[i] + word[i:],
        word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :] if i < len(word) else word + "e",
        word[:i] + g.r.choice("aeiouy") + word[i + 1 :],
    )
    return g.r.choice(ops)


def lookalike_names(c: Corpus, g: Gen) -> None:
    camp, adv = _campaign_advocate(c, g)
    first, last = g.name().split()
    start = g.when(0.5, 10)
    for _ in range(g.r.randrange(4, 8)):
        name = f"{_typo(g, first) if g.r.random() < 0.6 else first} {_typo(g, last)}"
        at = start + timedelta(hours=g.r.uniform(0, 48))
        f = replace(g.person(name=name), ua=g.r.choice(DEVICES))
        _fraud(c, g, camp, adv, f, at, "lookalike_names", convert=0.6)


BUILDERS: dict[str, Builder] = {
    fn.__name__: fn
    for fn in (
        ordinary,
        household,
        colleagues,
        campus_wifi,
        event_wifi,
        influencer,
        returning_customer,
        similar_addresses,
        privacy_relay,
        disguised_self,
        same_device,
        disposable,
        velocity_burst,
        farm,
        friend_many_advocates,
        ring,
        blocklisted,
        rotating_ip,
        sequential,
        lookalike_names,
    )
}
