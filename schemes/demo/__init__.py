"""`opsledger demo`: a realistic year of operations for one site under each scheme, on a fresh ledger.

One site per scheme and a cohort of twelve Wujiang units, a whole calendar year of daily work with the rhythm the
seed documents describe, written as data tables (`plans/`, in the vocabulary of `plan.py`) and read into events
by `generate.py`; borderline figures on purpose, a correction, a retraction, a late event, complaints, assessors'
judgements (signed with keys derived from the seed) and contracts with fees. `build.py` appends the year day by
day with realistic recorded times; `summary.py` prints every scorecard and the Wujiang ranking.

Deterministic: the same seed gives the same events, ids, order, recorded times and hashes.
"""

from __future__ import annotations

from schemes.demo.build import DemoResult, build, check_year, checkpoints, mornings, prepare, recorded_at
from schemes.demo.generate import Log, generate
from schemes.demo.sites import (
    ASSESSOR,
    BUYER,
    CHIFENG,
    DONGSHENG,
    PINGXIANG,
    SHAXIAN,
    WUJIANG_UNITS,
    DemoSite,
    demo_keys,
    demo_sites,
)
from schemes.demo.summary import Line, building_label, checkpoints_text, money_line, summaries, summary_text

__all__ = [
    "ASSESSOR", "BUYER", "CHIFENG", "DONGSHENG", "PINGXIANG", "SHAXIAN", "WUJIANG_UNITS", "DemoResult", "DemoSite",
    "Line", "Log", "build", "building_label", "check_year", "checkpoints", "checkpoints_text", "demo_keys", "demo_sites", "generate", "money_line", "mornings", "prepare",
    "recorded_at", "summaries", "summary_text",
]  # fmt: skip
