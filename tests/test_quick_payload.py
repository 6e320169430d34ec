"""ledger/quick.py against the pydantic path it stands in for, value by value.

`quick_payload` lets `opsledger log` store an event without importing pydantic (issue 15). It is only allowed to
be incomplete, never different: whenever it answers, the answer must be exactly what the models' own validation
and JSON serialisation give (the dict, its key order and its JSON text: "12.50" is not "12.5"), and it must never
answer for a payload pydantic or `ledger.limits.check_model` refuses. Hypothesis throws clean, boundary and hostile
values at every type to check that; the parametrised tests pin that the quick path is not vacuous (a typical
payload of every type it can take is taken) and where exactly its bounds fall.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from ledger import limits
from ledger.errors import LedgerError
from ledger.events import CATALOG
from ledger.quick import quick_payload
from ledger.shapes import TYPES

# -- the reference: what ledger/payloads.py `_by_model` does after the bounds check ---------------------------


def reference(event_type: str, payload: dict[str, Any]) -> dict[str, Any] | Exception:
    """The pydantic path: the type's own validator, the bounds on the typed model, the JSON dump without `type`."""
    model_class = CATALOG[event_type]
    try:
        model = model_class.__pydantic_validator__.validate_python(payload)
        limits.check_model(model)
    except (ValidationError, LedgerError) as err:
        return err
    data = model_class.__pydantic_serializer__.to_python(model, mode="json")
    del data["type"]
    return data


def assert_same_as_reference(event_type: str, payload: dict[str, Any], quick: dict[str, Any]) -> None:
    expected = reference(event_type, payload)
    assert not isinstance(expected, Exception), (
        f"quick accepted what pydantic refuses: {payload!r}: {expected}"
    )
    assert quick == expected
    assert list(quick) == list(expected)  # declaration order, as the model dumps it
    assert json.dumps(quick, sort_keys=True, ensure_ascii=False) == json.dumps(
        expected, sort_keys=True, ensure_ascii=False
    )


# -- valid values by shape --------------------------------------------------------------------------------------

# One valid value for each pattern in the catalog; a new pattern needs one here (test_every_pattern_has_an_example).
PATTERN_EXAMPLES = {
    "^[a-z0-9][a-z0-9-]*$": "pingxiang-market",
    "^[0-9a-f]{64}$": "ab" * 32,
    "^[0-9a-f]{128}$": "cd" * 64,
    r"^\d{4}-(0[1-9]|1[0-2])$": "2026-03",
}

QUICK_TYPES = [t for t, shape in TYPES.items() if not shape["checked_whole"]]
# Types with a required field the quick path never takes (a dict of changes): always pydantic's.
ALWAYS_DEFERRED = [
    t
    for t in QUICK_TYPES
    if any(s["kind"] == "other" and "default" not in s for s in TYPES[t]["fields"].values())
]
TAKEN_TYPES = [t for t in QUICK_TYPES if t not in ALWAYS_DEFERRED]


def low_bound(spec: dict[str, Any]) -> int | Decimal | None:
    if "ge" in spec:
        return Decimal(spec["ge"]) if spec["kind"] == "decimal" else spec["ge"]
    if "gt" in spec:
        return Decimal(spec["gt"]) + 1 if spec["kind"] == "decimal" else spec["gt"] + 1
    return None


def typical(spec: dict[str, Any], cli: bool) -> Any:
    """A valid value of a field as an operator gives it: text from the CLI ("2", "12.50", "true"), typed values
    from an import's JSON."""
    kind = spec["kind"]
    if kind == "str":
        if "pattern" in spec:
            return PATTERN_EXAMPLES[spec["pattern"]]
        text = "萍乡 fair 2026"
        if not spec.get("min_length", 0) <= len(text) <= spec.get("max_length", len(text)):
            text = "x" * max(spec.get("min_length", 1), 1)
        return text
    if kind == "int":
        value = max(2, low_bound(spec) or 0)
        value = min(value, spec.get("le", value))
        return str(value) if cli else value
    if kind == "decimal":
        value = Decimal("12.50")
        if "le" in spec and value > Decimal(spec["le"]):
            value = Decimal(spec["le"])
        return str(value) if cli else int(value) if value == int(value) else str(value)
    if kind == "bool":
        return "true" if cli else False
    if kind == "choice":
        return spec["choices"][-1]
    if kind == "date":
        return "2026-03-05"
    raise AssertionError(f"no typical value for a field of kind {kind}")


def typical_payload(event_type: str, cli: bool = True, everything: bool = False) -> dict[str, Any]:
    """Required fields only (or every field the quick path takes, with `everything`), each with a typical value."""
    return {
        name: typical(spec, cli)
        for name, spec in TYPES[event_type]["fields"].items()
        if spec["kind"] != "other" and ("default" not in spec or everything)
    }


def test_every_pattern_has_an_example() -> None:
    patterns = {s["pattern"] for t in TYPES.values() for s in t["fields"].values() if "pattern" in s}
    assert patterns <= set(PATTERN_EXAMPLES)


# -- non-vacuity: the common payloads take the quick path -----------------------------------------------------------


@pytest.mark.parametrize("event_type", TAKEN_TYPES)
def test_typical_cli_payload_is_taken_and_equals_pydantic(event_type: str) -> None:
    """`opsledger log TYPE field=value...`: every value is text. If the quick path deferred these, `log` would
    import pydantic anyway and issue 15 would be back."""
    payload = typical_payload(event_type, cli=True)
    quick = quick_payload(event_type, payload)
    assert quick is not None, f"deferred a typical payload: {payload!r}"
    assert_same_as_reference(event_type, payload, quick)


@pytest.mark.parametrize("event_type", TAKEN_TYPES)
def test_full_import_payload_is_taken_and_equals_pydantic(event_type: str) -> None:
    """An import line carries JSON numbers and booleans and usually the optional fields as well."""
    payload = typical_payload(event_type, cli=False, everything=True)
    quick = quick_payload(event_type, payload)
    assert quick is not None, f"deferred a typical payload: {payload!r}"
    assert_same_as_reference(event_type, payload, quick)


@pytest.mark.parametrize("event_type", [t for t in TYPES if TYPES[t]["checked_whole"]] + ALWAYS_DEFERRED)
def test_types_checked_whole_or_with_required_nested_values_always_defer(event_type: str) -> None:
    """A model validator (a survey needs an answer) or a dict of changes is pydantic's to judge."""
    payload = {n: typical(s, True) for n, s in TYPES[event_type]["fields"].items() if s["kind"] != "other"}
    assert quick_payload(event_type, payload) is None


def test_job_fair_from_the_cli_is_typed_and_filled_with_defaults() -> None:
    """The example of issue 15: counts arrive as text and are stored as ints, the defaults are written out."""
    payload = {"title": "春风行动", "format": "offline", "kind": "themed", "companies": "12", "jobs": "340",
               "visitors": "1200"}  # fmt: skip
    assert quick_payload("job_fair_held", payload) == {
        "title": "春风行动",
        "format": "offline",
        "kind": "themed",
        "companies": 12,
        "jobs": 340,
        "visitors": 1200,
        "wujiang_companies": None,
        "doubled": 1,
    }


@pytest.mark.parametrize("text", ["12.50", "0.0", "100", "0", "0.000000", "999999999999999.999999", "7.1"])
def test_decimal_text_keeps_its_exponent_as_pydantic_does(text: str) -> None:
    """pydantic keeps the Decimal as written and dumps it with str(): "12.50" stays "12.50", never "12.5"."""
    payload = {"worker": "w1", "employer": "某公司", "amount_yuan": text}
    quick = quick_payload("gig_deal_completed", payload)
    assert quick is not None and quick["amount_yuan"] == text
    assert_same_as_reference("gig_deal_completed", payload, quick)


def test_dict_and_list_defaults_are_fresh_copies() -> None:
    """The shapes' own {} and [] must never be handed out: a caller that fills one would change every later
    event's default."""
    payload = {"from_schema": 1, "to_schema": 2, "old_head_seq": 5, "old_head_hash": "ab" * 32}
    first = quick_payload("ledger_migrated", payload)
    assert first is not None
    first["signed_heads"]["1"] = "x"
    first["signoffs"].append("x")
    second = quick_payload("ledger_migrated", payload)
    assert second is not None and second["signed_heads"] == {} and second["signoffs"] == []
    assert_same_as_reference("ledger_migrated", payload, second)


# -- what is deferred: shape of the payload ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event_type", "payload"),
    [
        ("no_such_type", {"title": "x"}),
        ("job_fair_held", {**typical_payload("job_fair_held"), "type": "job_fair_held"}),
        ("job_fair_held", {**typical_payload("job_fair_held"), "titel": "x"}),
        ("job_fair_held", {k: v for k, v in typical_payload("job_fair_held").items() if k != "visitors"}),
        ("ledger_migrated", {**typical_payload("ledger_migrated"), "signed_heads": {}}),
        ("job_fair_held", {**typical_payload("job_fair_held"), 1: "x"}),
    ],
    ids=["unknown-type", "type-key", "unknown-key", "missing-required", "nested-value", "non-text-key"],
)
def test_payloads_pydantic_must_word_are_deferred(event_type: str, payload: dict[Any, Any]) -> None:
    assert quick_payload(event_type, payload) is None


def test_a_mapping_that_is_not_a_dict_is_deferred() -> None:
    from types import MappingProxyType

    assert quick_payload("staff_left", MappingProxyType({"name": "王"})) is None  # type: ignore[arg-type]


# -- bounds: exactly at the bound is taken, one past it is deferred (and pydantic refuses it) ---------------------


def _bound_cases() -> list[Any]:
    cases = []
    for event_type in TAKEN_TYPES:
        for name, spec in TYPES[event_type]["fields"].items():
            kind = spec["kind"]
            if kind == "int":
                for key, inside, outside in (("ge", 0, -1), ("le", 0, 1), ("gt", 1, 0), ("lt", -1, 0)):
                    if key in spec:
                        cases.append((event_type, name, spec[key] + inside, spec[key] + outside))
            elif kind == "decimal":
                for key, step in (("ge", Decimal("-0.000001")), ("le", Decimal("0.000001"))):
                    if key in spec:
                        edge = Decimal(spec[key])
                        cases.append((event_type, name, str(edge), str(edge + step)))
            elif kind == "str":
                if spec.get("min_length", 0) > 0 and "pattern" not in spec:
                    cases.append((event_type, name, "x" * spec["min_length"], "x" * (spec["min_length"] - 1)))
                if "max_length" in spec and "pattern" not in spec:
                    cases.append((event_type, name, "𝒜" * spec["max_length"], "𝒜" * (spec["max_length"] + 1)))
    return [pytest.param(*case, id=f"{case[0]}.{case[1]}={case[3]!r}"[:80]) for case in cases]


@pytest.mark.parametrize(("event_type", "field", "at_bound", "past_bound"), _bound_cases())
def test_value_at_a_bound_is_taken_and_one_past_it_is_deferred(
    event_type: str, field: str, at_bound: Any, past_bound: Any
) -> None:
    """Lengths count code points as pydantic does (an astral 𝒜 is one character); a negative number past a ge
    bound is given as an int or a signed text, which pydantic refuses for the bound, not the form."""
    payload = {**typical_payload(event_type), field: at_bound}
    quick = quick_payload(event_type, payload)
    assert quick is not None
    assert_same_as_reference(event_type, payload, quick)
    past = {**typical_payload(event_type), field: past_bound}
    assert quick_payload(event_type, past) is None
    assert isinstance(reference(event_type, past), Exception)


@pytest.mark.parametrize(
    ("value", "taken"),
    [(limits.INT_MAX, True), (str(limits.INT_MAX), True), (limits.INT_MAX + 1, False), (str(10**17), False)],
)
def test_counts_stop_at_the_ledgers_int_bound(value: Any, taken: bool) -> None:
    """pydantic takes any int; ledger.limits.check_model refuses beyond INT_MAX, so the quick path must too."""
    payload = {**typical_payload("job_fair_held"), "visitors": value}
    quick = quick_payload("job_fair_held", payload)
    assert (quick is not None) is taken
    if quick is not None:
        assert_same_as_reference("job_fair_held", payload, quick)
    else:
        assert isinstance(reference("job_fair_held", payload), Exception)


@pytest.mark.parametrize(("day", "taken"), [("2000-01-01", True), ("2099-12-31", True), ("1999-12-31", False),
                                            ("2100-01-01", False), ("0001-01-01", False)])  # fmt: skip
def test_dates_stop_at_the_ledgers_date_range(day: str, taken: bool) -> None:
    """pydantic takes year 1; the ledger's range (ledger.limits) is 2000..2099, checked on the typed model."""
    payload = {**typical_payload("contract_signed"), "start": day}
    quick = quick_payload("contract_signed", payload)
    assert (quick is not None) is taken
    if quick is not None:
        assert_same_as_reference("contract_signed", payload, quick)
    else:
        assert isinstance(reference("contract_signed", payload), Exception)


# -- pydantic's lax forms the quick path leaves to pydantic ------------------------------------------------------

# (type, field, value): pydantic accepts each (in lax mode) but it is not a form the quick path takes, because its
# result would need pydantic's own parsing rules ("1e3" dumps as "1E+3", "２" is a digit to Decimal) to reproduce.
LAX_FORMS = [
    ("job_fair_held", "doubled", " 2"),
    ("job_fair_held", "doubled", "2 "),
    ("job_fair_held", "doubled", "02"),
    ("job_fair_held", "doubled", "+2"),
    ("job_fair_held", "doubled", "1_000"),
    ("job_fair_held", "doubled", "2.0"),
    ("job_fair_held", "doubled", 2.0),
    ("job_fair_held", "doubled", True),
    ("gig_deal_completed", "amount_yuan", "1e3"),
    ("gig_deal_completed", "amount_yuan", "１"),
    ("gig_deal_completed", "amount_yuan", " 1"),
    ("gig_deal_completed", "amount_yuan", ".5"),
    ("gig_deal_completed", "amount_yuan", "5."),
    ("gig_deal_completed", "amount_yuan", "00.5"),
    ("gig_deal_completed", "amount_yuan", "1_0"),
    ("gig_deal_completed", "amount_yuan", 5.5),
    ("gig_job_posted", "on_provincial_platform", "yes"),
    ("gig_job_posted", "on_provincial_platform", "True"),
    ("gig_job_posted", "on_provincial_platform", "1"),
    ("gig_job_posted", "on_provincial_platform", 1),
    ("gig_job_posted", "employer", b"bytes"),
    ("revenue_reported", "month", "٢٠٢٦-03"),
    ("contract_signed", "start", "2026-03-05T00:00:00"),
]


@pytest.mark.parametrize(("event_type", "field", "value"), LAX_FORMS, ids=[repr(v) for *_, v in LAX_FORMS])
def test_lax_forms_pydantic_takes_are_left_to_pydantic(event_type: str, field: str, value: Any) -> None:
    payload = {**typical_payload(event_type), field: value}
    assert not isinstance(reference(event_type, payload), Exception), "pydantic no longer takes this form"
    assert quick_payload(event_type, payload) is None


# (type, field, value): refused by pydantic; the quick path must not take them either.
REFUSED = [
    ("gig_job_posted", "employer", "a\ud800b"),  # a lone surrogate cannot become Rust text
    ("revenue_reported", "month", "2026-03\n"),  # Python's $ matches before a final newline, Rust's does not
    ("contract_signed", "start", "2026-02-30"),
    ("contract_signed", "start", "2026-3-5"),
    ("job_fair_held", "doubled", "0"),
    ("job_fair_held", "format", "Online"),
    ("gig_deal_completed", "amount_yuan", "-1"),
    ("gig_deal_completed", "amount_yuan", "1.0000001"),  # beyond 6 places: check_model
]


@pytest.mark.parametrize(("event_type", "field", "value"), REFUSED, ids=[repr(v) for *_, v in REFUSED])
def test_values_pydantic_refuses_are_deferred(event_type: str, field: str, value: Any) -> None:
    payload = {**typical_payload(event_type), field: value}
    assert isinstance(reference(event_type, payload), Exception)
    assert quick_payload(event_type, payload) is None


# -- the property: whatever the quick path answers, pydantic answers the same -------------------------------------

HOSTILE_TEXT = [
    "0", "00", "007", "-0", "-1", "+1", " 1", "1 ", "1_000", "1e3", "1E3", "2.0", "2.", ".5", "0.0", "12.50",
    "１２", "٣", "²", "0x10", "1,000", "", " ", "true", "false", "True", "yes", "no", "1", "on", "null", "None",
    "nan", "NaN", "inf", "-inf", "Infinity", "1e999999", "123456789012345.1234567", "1234567890123456",
    "99999999999999999999", "2026-03-05", "2026-3-5", "2026-02-30", "2026-03-05T00:00:00", "2026-03-05 10:00",
    "20260305", "1999-12-31", "2100-01-01", "0001-01-01", "2026-03", "2026-13", "2026-03\n", "٢٠٢٦-03",
    "a\nb", "a\ud800b", "𝒜𝒜", "\x00", "\u202e", "onsite", "online", "offline", "Online", "ab" * 32, "AB" * 32,
    "ab" * 32 + "\n", "cd" * 64, "pingxiang-market", "-bad", "x" * 501, "𝒜" * 500, "𝒜" * 501,
]  # fmt: skip

JUNK = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=12),
    st.text(alphabet=st.characters(min_codepoint=0x10000, max_codepoint=0x1F64F), max_size=4),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.sampled_from([2**63, -(2**63), 10**30, limits.INT_MAX, limits.INT_MAX + 1, 10**15, -(10**15)]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.sampled_from([Decimal("1.5"), Decimal("NaN"), b"12", bytearray(b"x")]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def near_bounds(spec: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values on and around the field's own bounds, as ints and as text."""
    values: list[Any] = []
    for key in ("ge", "le", "gt", "lt"):
        if key in spec:
            edge = Decimal(spec[key])
            for step in (-1, 0, 1):
                values += [int(edge) + step, str(int(edge) + step)]
            values += [str(edge - Decimal("0.000001")), str(edge + Decimal("0.000001")), str(edge) + ".0"]
    for key in ("min_length", "max_length"):
        if key in spec:
            for n in (spec[key] - 1, spec[key], spec[key] + 1):
                values += ["x" * max(n, 0), "𝒜" * max(n, 0)]
    return st.sampled_from(values) if values else st.nothing()


def valid_for(spec: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values in the clean forms of the field's kind, inside and outside its bounds."""
    kind = spec["kind"]
    low, high = low_bound(spec), spec.get("le")
    if kind == "int":
        ints = st.integers(min_value=int(low or 0) - 2, max_value=int(high or 10**6) + 2)
        return st.one_of(ints, ints.map(str))
    if kind == "decimal":
        places = st.integers(min_value=0, max_value=7)
        numbers = st.decimals(min_value=-5, max_value=int(high or 10**6) + 5, places=3, allow_nan=False)
        return st.one_of(
            numbers.map(str),
            st.integers(min_value=-5, max_value=10**6),
            st.builds(lambda n, p: f"{n}.{'5' * p}" if p else str(n), st.integers(0, 10**6), places),
        )
    if kind == "str":
        if "pattern" in spec:
            example = PATTERN_EXAMPLES[spec["pattern"]]
            return st.sampled_from([example, example.upper(), example + "\n", example[:-1], "x" + example])
        return st.text(min_size=0, max_size=spec.get("max_length", 20) + 1)
    if kind == "bool":
        return st.sampled_from([True, False, "true", "false", "TRUE", "yes", 0, 1])
    if kind == "choice":
        return st.one_of(st.sampled_from(spec["choices"]), st.sampled_from(spec["choices"]).map(str.upper))
    if kind == "date":
        return st.one_of(
            st.dates().map(str),
            st.datetimes().map(lambda d: d.isoformat()),
            st.sampled_from(["2026-03-05", "2000-01-01", "2099-12-31"]),
        )
    return st.sampled_from([{}, [], {"a": "b"}, ["x"]])


def clean_for(spec: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values in the forms the quick path takes, mostly inside the field's bounds: without these most payloads
    would hold one hostile value somewhere and the property would rarely see an answer to check."""
    kind = spec["kind"]
    low, high = low_bound(spec), spec.get("le")
    if kind == "int":
        ints = st.integers(min_value=int(low or 0), max_value=int(high or 10**6))
        strategy: st.SearchStrategy[Any] = st.one_of(ints, ints.map(str))
    elif kind == "decimal":
        top = int(Decimal(high)) if high is not None else 10**9
        whole = st.integers(min_value=int(low or 0), max_value=top)
        fraction = st.text(alphabet="0123456789", min_size=1, max_size=6)
        strategy = st.one_of(
            whole,
            whole.map(str),
            st.builds(
                lambda n, f: f"{n}.{f}", st.integers(min_value=int(low or 0), max_value=top - 1), fraction
            ),
        )
    elif kind == "str" and "pattern" in spec:
        strategy = st.just(PATTERN_EXAMPLES[spec["pattern"]])
    elif kind == "str":
        strategy = st.text(min_size=spec.get("min_length", 0), max_size=min(spec.get("max_length", 30), 30))
    elif kind == "bool":
        strategy = st.sampled_from([True, False, "true", "false"])
    elif kind == "choice":
        strategy = st.sampled_from(spec["choices"])
    elif kind == "date":
        strategy = st.dates(min_value=limits.DATE_MIN, max_value=limits.DATE_MAX).map(str)
    else:
        strategy = st.sampled_from([{}, []])
    return st.one_of(strategy, st.none()) if spec.get("nullable") else strategy


def hostile_for(spec: dict[str, Any]) -> st.SearchStrategy[Any]:
    return st.one_of(valid_for(spec), near_bounds(spec), JUNK)


@st.composite
def payloads(draw: st.DrawFn) -> tuple[str, dict[Any, Any]]:
    """A payload of a random type: either clean values throughout with at most one hostile value or key among
    them, or hostile values anywhere; required fields mostly present, optional ones at random."""
    event_type = draw(st.sampled_from(list(TYPES)))
    fields = TYPES[event_type]["fields"]
    wild = draw(st.integers(0, 3)) == 0
    keep_required = draw(st.integers(0, 4)) > 0
    payload: dict[Any, Any] = {}
    for name, spec in fields.items():
        required = "default" not in spec
        if (required and keep_required) or draw(st.booleans()):
            payload[name] = draw(hostile_for(spec) if wild else clean_for(spec))
    spoil = draw(st.integers(0, 3))
    if spoil == 0 and payload:
        name = draw(st.sampled_from(sorted(payload)))
        payload[name] = draw(hostile_for(fields[name]))
    elif spoil == 1:
        payload[draw(st.sampled_from(["type", "bogus", "Title", "标题"]))] = draw(JUNK)
    return event_type, payload


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payloads())
def test_whatever_quick_accepts_pydantic_accepts_with_the_same_result(
    case: tuple[str, dict[Any, Any]],
) -> None:
    """The safety property: a quick answer is never a second opinion, only a shortcut to the same one."""
    event_type, payload = case
    quick = quick_payload(event_type, payload)
    event("taken" if quick is not None else "deferred")
    if quick is not None:
        assert_same_as_reference(event_type, payload, quick)
