"""The auditor's workflow: close periods, accept late events, sign scores off, audit sign-offs, diff two
instants, export and verify self-contained bundles.

    replay.py         scoring from part of the log: up to a seq, as recorded by an instant (`score --as-of`)
    changes.py        what each event did to a scorecard; `diff` between two instants
    closing.py        close a period, accept a late event
    delegation.py     the keys the buyer delegated to assessors
    signoff.py        the signed statement and `sign_off`
    signoff_audit.py  `audit`: each sign-off re-verified, and what changed since
    evidence.py       the evidence each scheme item asks for, attached and missing
    bundle.py         `export`: a bundle directory, and what a verified one proves
    bundle_format.py  a bundle's files as read back (pydantic shapes)
    bundle_verify.py  `verify-bundle`: a bundle checked on its own
    text.py           the printed forms (text and JSON) the CLI shows
    deep.py           `verify --deep`: everything derived from the chains, recomputed and compared

Inside, imports point one way: replay and delegation at the bottom, text at the top (nothing imports it).
"""

from schemes.audit.bundle import export
from schemes.audit.bundle_verify import verify_bundle
from schemes.audit.changes import diff
from schemes.audit.closing import accept_late, close_period, closes
from schemes.audit.delegation import key_registrations, signing_key
from schemes.audit.evidence import ItemEvidence, covers, evidence_report
from schemes.audit.replay import replay_as_of, score_upto
from schemes.audit.signoff import PURPOSE, sign_off, signed_fields, signoff_payload
from schemes.audit.signoff_audit import audit
from schemes.audit.text import (
    audit_json,
    audit_text,
    diff_json,
    diff_text,
    evidence_text,
    export_text,
    report_text,
)

__all__ = [
    "PURPOSE",
    "ItemEvidence",
    "accept_late",
    "audit",
    "audit_json",
    "audit_text",
    "close_period",
    "closes",
    "covers",
    "diff",
    "diff_json",
    "diff_text",
    "evidence_report",
    "evidence_text",
    "export",
    "export_text",
    "key_registrations",
    "report_text",
    "replay_as_of",
    "score_upto",
    "sign_off",
    "signed_fields",
    "signing_key",
    "signoff_payload",
    "verify_bundle",
]
