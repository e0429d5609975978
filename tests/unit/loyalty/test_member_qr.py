"""Issue #20 point 5: the member's signed QR — valid, expired, wrong key, tampered payload,
a revoked key, and a QR of version ≤ 7 that a scanner reads back whole."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest
import segno
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st
from pyzbar.pyzbar import decode

from loyalty.ids import new_id
from loyalty.member_qr import (
    PREFIX,
    MemberQrBadSignature,
    MemberQrExpired,
    MemberQrMalformed,
    MemberQrRevokedKey,
    MemberQrRules,
    MemberQrUnknownKey,
    b45decode,
    b45encode,
    looks_like_member_qr,
    public_key_text,
    read,
    sign,
    verify,
)
from printing.symbols import qr_image

NOW = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
KEY = Ed25519PrivateKey.generate()
KEY_ID = "a1b2c3d4"


def rules_with(*pairs: tuple[str, Ed25519PrivateKey], revoked: tuple[str, ...] = ()
               ) -> MemberQrRules:
    return MemberQrRules(keys=tuple(sorted((k, public_key_text(p)) for k, p in pairs)),
                         revoked=revoked)


KEYS = rules_with((KEY_ID, KEY))


def test_base45_matches_the_examples_of_rfc_9285() -> None:
    assert b45encode(b"AB") == "BB8"
    assert b45encode(b"Hello!!") == "%69 VD92EX0"
    assert b45encode(b"base-45") == "UJCLQE7W581"
    assert b45decode("QED8WEX0") == b"ietf!"
    with pytest.raises(ValueError):
        b45decode("GGW")  # 65535 + 1: out of range
    with pytest.raises(ValueError):
        b45decode("ab")  # lower case is not Base45


@given(st.binary(max_size=200))
def test_base45_round_trips_any_bytes(data: bytes) -> None:
    assert b45decode(b45encode(data)) == data


def test_a_valid_code_proves_its_member_until_its_not_after() -> None:
    member = new_id()
    text = sign(member, KEY_ID, KEY, NOW + timedelta(minutes=10))
    assert text.startswith(PREFIX) and looks_like_member_qr(text)
    assert verify(text, KEYS, NOW) == member
    assert verify(text, KEYS, NOW + timedelta(minutes=10)) == member
    assert read(text)[0].not_after == NOW + timedelta(minutes=10)


def test_an_expired_code_is_refused_with_its_reason() -> None:
    text = sign(new_id(), KEY_ID, KEY, NOW + timedelta(minutes=10))
    with pytest.raises(MemberQrExpired, match="expired"):
        verify(text, KEYS, NOW + timedelta(minutes=10, seconds=1))


def test_a_code_signed_with_another_key_under_a_known_key_id_is_not_genuine() -> None:
    forger = Ed25519PrivateKey.generate()
    text = sign(new_id(), KEY_ID, forger, NOW + timedelta(minutes=10))
    with pytest.raises(MemberQrBadSignature):
        verify(text, KEYS, NOW)


def test_a_code_under_a_key_id_the_till_does_not_know_is_refused() -> None:
    other = Ed25519PrivateKey.generate()
    text = sign(new_id(), "0000ffff", other, NOW + timedelta(minutes=10))
    with pytest.raises(MemberQrUnknownKey) as err:
        verify(text, KEYS, NOW)
    assert err.value.key_id == "0000ffff"


def test_any_changed_byte_of_the_payload_breaks_the_signature() -> None:
    member, other = new_id(), new_id()
    text = sign(member, KEY_ID, KEY, NOW + timedelta(minutes=10))
    raw = bytearray(b45decode(text[len(PREFIX):]))
    # Another member's id in place of the signed one, then every single byte flipped.
    swapped = bytes(raw[:1]) + bytes.fromhex(other.replace("-", "")) + bytes(raw[17:])
    with pytest.raises(MemberQrBadSignature):
        verify(PREFIX + b45encode(swapped), KEYS, NOW)
    for index in range(len(raw)):
        if 17 <= index < 21:  # the key id: a changed one is an unknown key, tested above
            continue
        tampered = bytearray(raw)
        tampered[index] ^= 0x01
        with pytest.raises((MemberQrBadSignature, MemberQrMalformed)):
            verify(PREFIX + b45encode(bytes(tampered)), KEYS, NOW)


def test_a_later_not_after_written_into_an_expired_code_does_not_revive_it() -> None:
    text = sign(new_id(), KEY_ID, KEY, NOW - timedelta(minutes=1))
    raw = bytearray(b45decode(text[len(PREFIX):]))
    raw[21:25] = int((NOW + timedelta(days=365)).timestamp()).to_bytes(4, "big")
    with pytest.raises(MemberQrBadSignature):
        verify(PREFIX + b45encode(bytes(raw)), KEYS, NOW)


def test_a_genuine_code_valid_for_longer_than_central_ever_serves_is_refused() -> None:
    text = sign(new_id(), KEY_ID, KEY, NOW + timedelta(days=30))  # only a leaked key does this
    with pytest.raises(MemberQrBadSignature):
        verify(text, KEYS, NOW)


def test_a_revoked_key_is_refused_even_for_a_genuine_unexpired_code() -> None:
    text = sign(new_id(), KEY_ID, KEY, NOW + timedelta(minutes=10))
    revoked = rules_with((KEY_ID, KEY), revoked=(KEY_ID,))
    with pytest.raises(MemberQrRevokedKey, match="revoked"):
        verify(text, revoked, NOW)


def test_after_a_rotation_codes_of_both_keys_verify() -> None:
    new_key = Ed25519PrivateKey.generate()
    keys = rules_with((KEY_ID, KEY), ("0badcafe", new_key))
    old, new = new_id(), new_id()
    assert verify(sign(old, KEY_ID, KEY, NOW + timedelta(minutes=5)), keys, NOW) == old
    assert verify(sign(new, "0badcafe", new_key, NOW + timedelta(minutes=5)), keys, NOW) == new


@pytest.mark.parametrize("text", ["", "RGQ:", "RGQ:abc", "RGQ:" + "0" * 137, "0912345678",
                                  "RGQ:" + b45encode(b"\x02" + bytes(88))])
def test_malformed_text_is_refused_as_unreadable(text: str) -> None:
    with pytest.raises(MemberQrMalformed):
        verify(text, KEYS, NOW)


def test_other_scans_are_not_taken_for_a_member_qr() -> None:
    for text in ("0912345678", "12345678901", "AB12345678115120700000", "/ABC+123"):
        assert not looks_like_member_qr(text)


def test_the_code_fits_a_qr_of_version_at_most_7_in_alphanumeric_mode_and_scans_back() -> None:
    text = sign(new_id(), KEY_ID, KEY, NOW + timedelta(minutes=10))
    qr = segno.make_qr(text, error="m", boost_error=False)
    assert qr.version <= 7 and qr.mode == "alphanumeric", (qr.version, qr.mode)
    image = qr_image(text, 4).convert("L")  # the project's QR path (slips, cards)
    [symbol] = decode(image)
    assert symbol.type == "QRCODE"
    assert verify(symbol.data.decode("ascii"), KEYS, NOW) == read(text)[0].member_id


def test_the_rules_block_checks_its_keys_and_round_trips() -> None:
    block = MemberQrRules.from_document({
        "keys": {KEY_ID: public_key_text(KEY)}, "revoked": ["0000ffff"],
        "proof_above_points": 500, "proof_for_instruments": True})
    assert MemberQrRules.from_document(block.to_document()) == block
    with pytest.raises(ValueError, match="32 raw bytes"):
        MemberQrRules.from_document({"keys": {KEY_ID: base64.b64encode(b"x" * 31).decode()}})
    with pytest.raises(ValueError, match="8 lowercase hex"):
        MemberQrRules.from_document({"keys": {"K1": public_key_text(KEY)}})
    with pytest.raises(ValueError, match="proof_above_points"):
        MemberQrRules.from_document({"proof_above_points": -1})
