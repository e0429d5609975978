"""A till's data folder with an encrypted store, for the encryption tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from loyalty.store import cipher, keys
from loyalty.store.backup import open_and_upgrade
from loyalty.store.members import Birthday
from loyalty.store.service import CounterService
from printing import samples
from printing.jobs import JobStore
from printing.slip_data import MemberRef
from printing.slips import build_award
from tests.helpers.store import StoreFixture, make_store

PHONE = "0934567812"           # typed at the counter; stored as +886934567812
NAME = "鄭雅文"
BIRTH_YEAR = 1987              # in the outbox payload: "birth_year":1987
#: What must never appear in the bytes of a till's files without its key.
NEEDLES = {"phone": b"934567812", "name": NAME.encode(), "birthday": b'"birth_year":1987'}


@dataclass
class Till:
    data: Path
    key_dir: Path
    key: cipher.StoreKey | None
    store: StoreFixture

    @property
    def backups(self) -> Path:
        return self.data / "backups"

    def files(self) -> list[Path]:
        """Every file in the data folder (store, its WAL, backups, print queue…)."""
        return sorted(p for p in self.data.rglob("*") if p.is_file())


def fill(store: StoreFixture, data: Path) -> None:
    """A member with phone, name and birthday, an award, and a slip in the print queue."""
    svc: CounterService = store.service()
    svc.sign_in(store.cashier.id, "1357")
    member = svc.enroll(phone=PHONE, name=NAME, birthday=Birthday(7, 14, BIRTH_YEAR))
    svc.award(member.member_id, samples.twd(880))
    svc.close()
    jobs = JobStore(data / keys.PRINT_QUEUE_FILE)
    slip = samples.award(MemberRef(name=NAME, phone_e164="+886" + PHONE[1:],
                                           code=samples.SAMPLE_CODE, tier_name="金卡會員"))
    jobs.add(build_award(slip))
    jobs.close()


def make_till(root: Path, *, encrypted: bool = True) -> Till:
    """A till's data folder as the counter leaves it: the store (encrypted with a key kept
    in a key file outside the folder when ``encrypted``), filled, with a print queue."""
    data, key_dir = root / "data", root / "keys"
    data.mkdir(parents=True)
    key = None
    if encrypted:
        key = keys.unlock(data / "store.db", keys.default_vault(data, key_dir))
        open_and_upgrade(data / "store.db", data / "backups").dispose()
    store = make_store(data / "store.db")
    fill(store, data)
    return Till(data, key_dir, key, store)


def found(path: Path) -> set[str]:
    """Which needles the raw bytes of ``path`` contain."""
    raw = path.read_bytes()
    return {what for what, needle in NEEDLES.items() if needle in raw}
