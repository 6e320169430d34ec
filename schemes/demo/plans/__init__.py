"""One module per scheme, each a table of what its site did in the demo's year (see `schemes/demo/plan.py`)."""

from __future__ import annotations

from schemes.demo.plan import Plan
from schemes.demo.plans import chifeng, dongsheng, pingxiang, shaxian, wujiang


def all_plans() -> list[Plan]:
    """In the order they are read (the order the random values are drawn in)."""
    return [dongsheng.PLAN, shaxian.PLAN, pingxiang.PLAN, chifeng.PLAN, *wujiang.plans()]
