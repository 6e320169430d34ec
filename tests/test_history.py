"""Building a history (`Ledger.append_history`, `append_many(recorded_at=...)`): what the demo and tests use to
write a ledger as it stood on past dates, and what `--as-of` then says about a contract recorded later.

A history written in one transaction with a stamp per batch is the same ledger, hash for hash, as the batches
appended one by one with the clock at each instant; it is built forwards (an instant before a site's last
recorded event is refused and nothing is written); under `--as-of`, a site whose contract was recorded after the
instant is told so, with the instant to pick, rather than told to add a contract.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from conftest import keyring_for, signed_drafts
from freezegun import freeze_time

from ledger.envelope import SHANGHAI, Draft
from ledger.errors import LedgerError
from ledger.ledger import Ledger
from schemes import service
from schemes.errors import SchemeError

SITE = "sx"
MON = datetime(2026, 3, 2, 8, 45, tzinfo=SHANGHAI)  # recorded the morning after
TUE = datetime(2026, 3, 3, 8, 50, tzinfo=SHANGHAI)
SEP = datetime(2026, 9, 1, 9, 0, tzinfo=SHANGHAI)  # the contract, signed late


def draft(etype: str, on: str, payload: dict, n: int, actor: str = "op") -> Draft:
    return Draft(type=etype, site=SITE, occurred_at=on, actor=actor, payload=payload, id=f"ev-{n}")


def days() -> list[tuple[datetime, list[Draft]]]:
    """A site registered on Monday, two fairs on Tuesday, the contract only in September."""
    fair = {
        "title": "周四专场",
        "format": "offline",
        "kind": "daily",
        "companies": 36,
        "jobs": 950,
        "visitors": 210,
    }
    return [
        (MON, signed_drafts([draft("site_registered", "2026-02-27", {"name": "沙县零工市场"}, 1, "buyer")])),
        (TUE, [draft("job_fair_held", "2026-03-02", fair, 2), draft("job_fair_held", "2026-03-02", fair, 3)]),
        (SEP, signed_drafts([draft("contract_signed", "2026-01-01", {"scheme": "shaxian-gig", "start": "2026-01-01",
                                                                      "fee_yuan": "100000"}, 4, "buyer")])),
    ]  # fmt: skip


def rows(ledger: Ledger) -> list[tuple[int, str, str, str]]:
    return [(e.seq, e.id, e.recorded_at, e.hash) for e in ledger.events()]


@pytest.fixture
def history(tmp_path: Path) -> Ledger:
    ledger = Ledger(tmp_path / "history.db", create=True)
    numbered = [(instant, list(enumerate(batch, start=1))) for instant, batch in days()]
    ledger.append_history(numbered, keys=keyring_for())
    yield ledger
    ledger.close()


def test_each_batch_is_stamped_with_its_instant(history: Ledger) -> None:
    assert [e.recorded_at for e in history.events()] == [
        "2026-03-02T08:45:00.000000+08:00",
        "2026-03-03T08:50:00.000000+08:00",
        "2026-03-03T08:50:00.000000+08:00",
        "2026-09-01T09:00:00.000000+08:00",
    ]


def test_a_history_is_the_ledger_the_clock_would_have_written(history: Ledger, tmp_path: Path) -> None:
    by_clock = Ledger(tmp_path / "clock.db", create=True)
    for instant, batch in days():
        with freeze_time(instant):
            by_clock.append_many(enumerate(batch, start=1), keys=keyring_for())
    assert rows(by_clock) == rows(history)  # recorded times, chain and hashes alike
    again = Ledger(tmp_path / "again.db", create=True)
    for instant, batch in days():
        again.append_many(enumerate(batch, start=1), keys=keyring_for(), recorded_at=instant)
    assert rows(again) == rows(history)


def test_a_history_is_built_forwards(history: Ledger) -> None:
    fair = {
        "title": "补录",
        "format": "offline",
        "kind": "daily",
        "companies": 40,
        "jobs": 960,
        "visitors": 220,
    }
    before = history.head()
    with pytest.raises(LedgerError, match=r"recorded_at 2026-03-03T09:00:00\.000000\+08:00 is before site sx's "
                                          r"last event, recorded 2026-09-01T09:00:00\.000000\+08:00"):  # fmt: skip
        history.append_history([(datetime(2026, 3, 3, 9, 0, tzinfo=SHANGHAI), [(1, draft("job_fair_held",
                                "2026-03-03", fair, 5))])])  # fmt: skip
    assert history.head() == before  # nothing written


def test_as_of_before_the_contract_was_recorded_names_it(history: Ledger) -> None:
    with pytest.raises(SchemeError) as told:
        service.score_site(history, SITE, "2026-Q1", as_of="2026-07-05")
    assert str(told.value) == (
        "site 'sx' had no contract recorded at 2026-07-05T23:59:59.999999+08:00: its contract (seq 4, shaxian-gig "
        "from 2026-01-01) was recorded 2026-09-01T09:00:00.000000+08:00; pick a later --as-of"
    )
    card = service.score_site(history, SITE, "2026-Q1", as_of="2026-09-01")  # a day later: scored
    assert card.scheme == "shaxian-gig"


def test_as_of_before_the_site_was_registered_says_so(history: Ledger) -> None:
    with pytest.raises(SchemeError, match=r"^site 'sx' was not registered yet at 2026-03-01T23:59:59\.999999\+08:00 "
                                          r"\(registered 2026-03-02T08:45:00\.000000\+08:00\): pick a later --as-of$"):  # fmt: skip
        service.score_site(history, SITE, "2026-Q1", as_of="2026-03-01")
    with pytest.raises(
        SchemeError, match=r"^Y1-Q1 counts from a contract start: site 'sx' had no contract recorded"
    ):
        service.score_site(history, SITE, "Y1-Q1", as_of="2026-07-05")


def test_without_as_of_no_contract_still_says_to_add_one(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "bare.db", create=True)
    ledger.append_many([(1, signed_drafts([draft("site_registered", "2026-02-27", {"name": "沙县"}, 1, "buyer")])[0])],
                       keys=keyring_for())  # fmt: skip
    for as_of in (None, "2030-01-01"):  # nothing recorded later either
        with pytest.raises(SchemeError, match=r"^site 'sx' has no contract: run `opsledger contract add sx "):
            service.score_site(ledger, SITE, "2026-Q1", as_of=as_of)
