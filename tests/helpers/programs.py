"""Programs for instrument tests: put them at central through the admin API, issue head
office's coupons, and read what central holds."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, text

from tests.helpers.central_server import CentralServer

REWARD = {"program_id": "free-coffee", "kind": "coupon", "name_zh": "免費咖啡",
          "name_en": "Free coffee", "reward_item": "中杯拿鐵",
          "offline": {"mode": "per_terminal", "max_per_terminal": 5}}
COUPON = {"program_id": "welcome", "kind": "coupon", "name_zh": "迎新券",
          "name_en": "Welcome coupon", "reward_value": "50",
          "offline": {"mode": "per_terminal", "max_per_terminal": 1}}
ONLINE_ONLY = {"program_id": "vip-coupon", "kind": "coupon", "name_zh": "貴賓券",
               "name_en": "VIP coupon", "reward_value": "100", "offline": {"mode": "never"}}
BIRTHDAY = {"program_id": "bday", "kind": "birthday_gift", "name_zh": "生日禮",
            "name_en": "Birthday gift", "reward_item": "蛋糕",
            "offline": {"mode": "per_terminal", "max_per_terminal": 5}}
STAMPS = {"program_id": "coffee-card", "kind": "stamp_card", "name_zh": "集點卡",
          "name_en": "Stamp card", "units": 10, "reward_program": "free-coffee",
          "stamp_min_sale": "60"}
REFERRAL = {"program_id": "friend", "kind": "referral", "name_zh": "推薦好友",
            "name_en": "Refer a friend", "reward_program": "free-coffee",
            "referral_min_sale": "100"}
PASS = {"program_id": "latte-10", "kind": "prepaid_pass", "name_zh": "拿鐵寄杯十杯",
        "name_en": "10 lattes", "units": 10, "price": "900", "refund_unit_price": "80",
        "offline": {"mode": "per_terminal", "max_per_terminal": 10}}
ALL = (REWARD, COUPON, ONLINE_ONLY, BIRTHDAY, STAMPS, REFERRAL, PASS)


def put_programs(central: CentralServer, *docs: dict[str, Any]) -> int:
    """PUT each program (rewards first); returns the last rules version."""
    version = 0
    with central.client("admin") as http:
        for doc in docs or ALL:
            response = http.put(f"/v1/admin/programs/{doc['program_id']}", json=doc)
            assert response.status_code == 200, response.text
            version = int(response.json()["version"])
    return version


def issue(central: CentralServer, program_id: str, *member_ids: str) -> list[str]:
    """Head office issues one instrument of ``program_id`` to each member."""
    with central.client("admin") as http:
        response = http.post(f"/v1/admin/programs/{program_id}/issue",
                             json={"member_ids": list(member_ids)})
        assert response.status_code == 200, response.text
        body = response.json()
    assert body["refused"] == []
    return [row["instrument_id"] for row in body["issued"]]


def central_rows(db_url: str, sql: str, **params: Any) -> list[Any]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(sql), params))
    finally:
        engine.dispose()


def remaining(db_url: str, instrument_id: str) -> int:
    return int(central_rows(db_url, "SELECT remaining FROM instruments WHERE id = :i",
                            i=instrument_id)[0][0])


def entries(db_url: str, instrument_id: str) -> list[Any]:
    """The instrument's ledger at central, in feed order."""
    return central_rows(db_url, "SELECT id, kind, units, terminal_id, conflict, balance_after "
                        "FROM instrument_entries WHERE instrument_id = :i ORDER BY feed_seq",
                        i=instrument_id)


def conflicts(db_url: str, instrument_id: str) -> list[str]:
    return [r[0] for r in central_rows(
        db_url, "SELECT reason FROM instrument_conflicts WHERE instrument_id = :i",
        i=instrument_id)]


def instrument_convergence(db_url: str, terms: list[Any]) -> dict[str, int]:
    """Compare central's instrument ledger with every terminal's (``Terminal`` objects):
    entries checked, lost (a till holds what central does not), duplicated (central holds
    what a till does not, or an instrument issued twice), balance errors (a ``remaining``
    that is not its ledger's sum, here or there, or differs between till and central)."""
    from loyalty.store.instrument_replica import remaining_mismatches

    central = {r[0]: int(r[1]) for r in central_rows(
        db_url, "SELECT id, units FROM instrument_entries")}
    held = {r[0]: int(r[1]) for r in central_rows(db_url, "SELECT id, remaining FROM instruments")}
    counts = {"instrument_entries_checked": 0, "instrument_lost": 0,
              "instrument_duplicated": 0, "instrument_balance_errors": 0}
    for term in terms:
        with term.db.connect() as conn:
            local = {r[0]: int(r[1]) for r in conn.exec_driver_sql(
                "SELECT id, units FROM instrument_ledger WHERE state != 'rejected'")}
            left = {r[0]: int(r[1]) for r in conn.exec_driver_sql(
                "SELECT id, remaining FROM instruments")}
            counts["instrument_balance_errors"] += len(remaining_mismatches(conn))
        counts["instrument_entries_checked"] += len(local)
        counts["instrument_lost"] += len(set(local) - set(central))
        counts["instrument_duplicated"] += len(set(central) - set(local))
        counts["instrument_balance_errors"] += sum(
            1 for k, v in local.items() if central.get(k) not in (None, v))
        counts["instrument_balance_errors"] += sum(1 for k, v in left.items()
                                                   if held.get(k) != v)
    counts["instrument_duplicated"] += int(central_rows(
        db_url, "SELECT count(*) FROM (SELECT instrument_id FROM instrument_entries "
        "WHERE kind = 'issue' GROUP BY instrument_id HAVING count(*) > 1) d")[0][0])
    counts["instrument_balance_errors"] += int(central_rows(
        db_url, "SELECT count(*) FROM instruments i WHERE i.remaining != (SELECT "
        "coalesce(sum(e.units), 0) FROM instrument_entries e WHERE e.instrument_id = i.id)"
    )[0][0])
    return counts
