"""The versioned loyalty rules document central serves (each edit a new version)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.clock import now
from central.feed import FeedWriter
from central.models import MemberQrKey, RulesVersion
from loyalty.member_qr import MemberQrRules
from loyalty.rules import Rules, default_rules


def ensure_rules(session: Session, market: str) -> None:
    """Seed version 1 with the market's default rules when there are none."""
    if session.scalar(select(func.count()).select_from(RulesVersion)):
        return
    feed = FeedWriter(session)
    doc = default_rules(market).to_document()
    doc["version"] = 1
    session.add(RulesVersion(version=1, document=doc, created_at=now(), created_by="setup"))
    session.flush()
    feed.append("rules.updated", "1")
    feed.flush()


def current_version(session: Session) -> RulesVersion:
    """The newest rules version row."""
    row = session.scalars(select(RulesVersion).order_by(RulesVersion.version.desc())
                          .limit(1)).first()
    if row is None:
        raise LookupError("no rules: run central's setup first")
    return row


_NAMES: dict[tuple[str, int, Any], dict[str, tuple[str, str]]] = {}


def tier_names(session: Session) -> dict[str, tuple[str, str]]:
    """Tier code → (English, Chinese name) of the rules in force, parsed once per version
    (a list page needs only these; the document is several kilobytes of JSON)."""
    version, created = session.execute(
        select(RulesVersion.version, RulesVersion.created_at)
        .order_by(RulesVersion.version.desc()).limit(1)).one()
    key = (str(session.get_bind().engine.url), int(version), created)
    names = _NAMES.get(key)
    if names is None:
        names = {t.code: (t.name_en, t.name_zh) for t in current_rules(session).tiers}
        if len(_NAMES) > 64:  # versions and test databases come and go
            _NAMES.clear()
        _NAMES[key] = names
    return names


def current_rules(session: Session) -> Rules:
    """The newest rules as the domain object."""
    return Rules.from_document(current_version(session).document)


def publish(session: Session, feed: FeedWriter, document: dict[str, Any], author: str) -> int:
    """Store ``document`` as the next version (validated by the domain) and announce it.

    Raises:
        ValueError, KeyError, TypeError: the document is not a valid rules document.
    """
    feed.lock()
    version = current_version(session).version + 1
    doc = dict(document)
    doc["version"] = version
    rules = Rules.from_document(doc)  # the domain decides what a valid document is
    block = published_block(session, rules.member_qr)  # the keys are central's, not the edit's
    if block.is_default:
        doc.pop("member_qr", None)
    else:
        doc["member_qr"] = block.to_document()
    session.add(RulesVersion(version=version, document=doc, created_at=now(), created_by=author))
    session.flush()
    feed.append("rules.updated", str(version))
    return version


def published_block(session: Session, policy: MemberQrRules) -> MemberQrRules:
    """``policy``'s identity settings with the keys and revocations central holds."""
    rows = list(session.scalars(select(MemberQrKey)))
    return MemberQrRules(
        keys=tuple(sorted((r.key_id, r.public_key) for r in rows if r.revoked_at is None)),
        revoked=tuple(sorted(r.key_id for r in rows if r.revoked_at is not None)),
        proof_above_points=policy.proof_above_points,
        proof_for_instruments=policy.proof_for_instruments)


def member_phone_regions_ever(session: Session) -> frozenset[str]:
    """Every region any rules version accepted for members' mobiles.

    A pushed enrollment is checked against these, not only the rules in force: a till may
    have enrolled a member offline under an earlier version, and refusing the enrollment now
    would lose the member and their points. Narrowing the regions applies to new sign-ups
    online and at counters that hold the new version.
    """
    regions: set[str] = set()
    for document in session.scalars(select(RulesVersion.document)):
        regions.update(Rules.from_document(document).member_phone_regions)
    return frozenset(regions)
