"""The envelope (`Draft`) is a plain record checked without pydantic, and it agrees with its reference model.

`opsledger log` must not import pydantic (issue 15: start-up), so `ledger.envelope.Draft` checks the clean forms
writers send itself and hands anything else to `ledger.draft_model.DraftModel`, the pydantic model the envelope
always was. These tests pin that the two never disagree: whatever the quick check accepts, the model accepts with
the same values; whatever the model refuses, constructing a Draft refuses with the model's own error.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from ledger.draft_model import checked
from ledger.envelope import DRAFT_FIELDS, Draft, EvidenceRef
from ledger.errors import LedgerError
from ledger.importer import make_draft

ROOT = Path(__file__).resolve().parent.parent
HEX = "0123456789abcdef"
GOOD = {"type": "job_fair_held", "site": "px-1", "occurred_at": "2026-03-05", "actor": "op.li", "payload": {}}


def _texts() -> st.SearchStrategy[str]:
    """Names as writers send them, and the mistakes around them: empty, too long, control and odd characters."""
    return st.one_of(
        st.sampled_from(
            ["px-1", "a", "A.b_c-9", "-px", "px 1", "px\n", "站点", "op\x1b[2K", "x" * 80, "x" * 81]
        ),
        st.text(max_size=90),
    )


def _hex(n: int) -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(alphabet=HEX, min_size=n, max_size=n),
        st.sampled_from(["", "A" * n, "0" * (n - 1), "0" * (n + 1), "0" * n + "\n"]),
    )


def _occurred() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from(["2026-03-05", " 2026-03-05 ", "2026-03-05T09:30:00", "2026-03-05T09:30:00+00:00",
                         "2026-02-30", "1999-12-31", "2100-01-01", "yesterday", "", "2026-03-05\n"]),
        st.dates(min_value=date(1990, 1, 1), max_value=date(2110, 1, 1)),
        st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2110, 1, 1),
                     timezones=st.sampled_from([None, UTC, timezone(timedelta(hours=8))])),
        st.integers(), st.none(),
    )  # fmt: skip


def _evidence() -> st.SearchStrategy[Any]:
    ref = st.one_of(
        st.builds(
            lambda n, h: {"file_name": n, "sha256": h}, st.sampled_from(["a.pdf", "", "x" * 256]), _hex(64)
        ),
        st.builds(lambda h: EvidenceRef("签到表.jpg", h), st.text(alphabet=HEX, min_size=64, max_size=64)),
        st.just({"file_name": "a.pdf"}),
        st.just({"file_name": "a.pdf", "sha256": "0" * 64, "size": 3}),
        st.just("a.pdf"),
    )
    return st.one_of(st.lists(ref, max_size=3), st.lists(ref, max_size=3).map(tuple), st.just("a.pdf"))


@st.composite
def drafts(draw: st.DrawFn) -> dict[str, Any]:
    """Draft fields: mostly one field changed from a good draft, sometimes several, sometimes one missing or
    one unknown (the mistakes writers make one at a time, and the combinations the property must hold over)."""
    fields: dict[str, Any] = dict(GOOD)
    options = {
        "type": st.one_of(st.sampled_from(["job_fair_held", "", "举办招聘会"]), st.integers()),
        "site": _texts(),
        "occurred_at": _occurred(),
        "actor": _texts(),
        "payload": st.one_of(st.just({"title": "周四专场"}), st.just({1: "x"}), st.just([]), st.none(),
                             st.dictionaries(st.text(max_size=5), st.integers(), max_size=3)),
        "evidence": _evidence(),
        "idempotency_key": st.one_of(st.none(), _texts(), st.just("k" * 200), st.just("k" * 201)),
        "id": st.one_of(st.none(), _texts()),
        "covers": st.one_of(st.none(), st.sampled_from(["2026", "2026-H1", "2026-Q3", "2026-03", "2026-13",
                                                        "2026-Q5", "2026-03\n", "２０２６", ""])),
        "signer": st.one_of(st.none(), _hex(64)),
        "signature": st.one_of(st.none(), _hex(128)),
    }  # fmt: skip
    for name in draw(st.lists(st.sampled_from(sorted(options)), min_size=1, max_size=4, unique=True)):
        fields[name] = draw(options[name])
    return fields


def reference(fields: dict[str, Any]) -> dict[str, Any] | ValidationError:
    try:
        return checked(fields)
    except ValidationError as err:
        return err


def _said(err: ValidationError) -> list[dict[str, Any]]:
    return err.errors(include_url=False, include_context=False)


def as_values(draft: Draft) -> dict[str, Any]:
    values = {name: getattr(draft, name) for name in DRAFT_FIELDS}
    values["evidence"] = tuple(ref.as_dict() for ref in draft.evidence)
    return values


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts())
def test_a_draft_is_whatever_the_reference_model_makes_of_the_same_fields(fields: dict[str, Any]) -> None:
    expected = reference(fields)
    if isinstance(expected, ValidationError):
        with pytest.raises(ValidationError) as raised:
            Draft(**fields)
        # The same refusal (the context holds error objects, compared through their text): the same one-line message.
        assert _said(raised.value) == _said(expected)
    else:
        assert as_values(Draft(**fields)) == expected


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"site": "px 1"}, "site"),
        ({"site": "x" * 81}, "site"),
        ({"actor": ""}, "actor"),
        ({"covers": "2026-Q5"}, "covers"),
        ({"signer": "0" * 63}, "signer"),
        ({"evidence": [{"file_name": "a.pdf", "sha256": "xyz"}]}, "evidence"),
    ],
)
def test_a_mistake_in_the_envelope_is_one_line_naming_the_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(LedgerError) as raised:
        make_draft(**{**GOOD, **change})
    assert str(raised.value).startswith(field) and "\n" not in str(raised.value)


@pytest.mark.parametrize(
    ("fields", "field"), [({**GOOD, "colour": "red"}, "colour"), ({"type": "job_fair_held"}, "site")]
)
def test_a_missing_or_unknown_envelope_field_is_named(fields: dict[str, Any], field: str) -> None:
    with pytest.raises(LedgerError, match=field):
        make_draft(**fields)


def test_the_payload_is_the_drafts_own_copy() -> None:
    """The model copied the payload; the dataclass does too, so a writer reusing its dict changes no draft."""
    payload = {"title": "周四专场"}
    draft = Draft(**{**GOOD, "payload": payload})
    payload["title"] = "changed"
    assert draft.payload == {"title": "周四专场"}


def test_a_clean_draft_is_made_without_importing_pydantic() -> None:
    probe = (
        "import sys, json\nfrom ledger.envelope import Draft\n"
        f"Draft(**json.loads({json.dumps(json.dumps(GOOD))}), evidence=[{{'file_name': 'a.pdf', 'sha256': '0' * 64}}])\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('pydantic', 'ledger.events', "
        "'ledger.draft_model')))))"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []
