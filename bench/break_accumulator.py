"""Shows that tests/test_projection_incremental.py can fail: one accumulator update is broken on purpose (in this
process only) and the property test is run against it; it must report a counterexample.

    python bench/break_accumulator.py sum-retire     # a sum forgets to subtract a retired (retracted, corrected) fact
    python bench/break_accumulator.py state-order    # state at the end keeps the first event per key, not the last
    python bench/break_accumulator.py exponent       # a sum keeps "3.50" after retiring 1.50 from 1.50 + 2
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from projections.accumulate import base, counts, readings  # noqa: E402


def sum_retire() -> None:
    step = counts.SumKind.step

    def broken(self, spec, ctx, w, event, sign):  # type: ignore[no-untyped-def]
        if sign > 0:
            step(self, spec, ctx, w, event, sign)

    counts.SumKind.step = broken  # type: ignore[method-assign]


def state_order() -> None:
    def broken(self, spec, ctx, w, event, sign):  # type: ignore[no-untyped-def]
        if event.occurred_on > ctx.window(spec)[1] or not base._hit(spec.enter, event):
            return
        w["n"] += sign
        key = base._key(event.payload.get(spec.key))
        if sign > 0:
            w["k"].setdefault(key, [event.occurred_at, event.seq, 0])

    readings.StateKind.step = broken  # type: ignore[method-assign]


def exponent() -> None:
    def broken(acc, amount, sign):  # type: ignore[no-untyped-def]
        from decimal import Decimal

        acc["t"] = str(Decimal(acc["t"]) + sign * amount)
        acc["x"] = {}

    counts._dadd = readings._dadd = broken  # each kind module's own name for it


BREAKS = {"sum-retire": (sum_retire, "chifeng-park"), "state-order": (state_order, "pingxiang-market"),
          "exponent": (exponent, "pingxiang-market")}  # fmt: skip

if __name__ == "__main__":
    breaker, scheme = BREAKS[sys.argv[1]]
    breaker()
    import test_projection_incremental as t

    try:
        t.test_accumulators_equal_the_pure_fold_and_a_fresh_entry(scheme)
    except (AssertionError, ExceptionGroup) as err:  # hypothesis groups several distinct failures
        print(
            f"{sys.argv[1]}: the property test FAILED, as it must ({type(err).__name__} {str(err)[:300]!r})"
        )
        sys.exit(0)
    print(f"{sys.argv[1]}: the property test passed: it cannot see this break")
    sys.exit(1)
