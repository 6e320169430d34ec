"""The SQLite ledger's tables and the triggers that keep its events append-only (created by `SQLiteStore`)."""

SCHEMA = """
CREATE TABLE events (
    seq INTEGER PRIMARY KEY,
    site TEXT NOT NULL,
    site_seq INTEGER NOT NULL CHECK (site_seq >= 1),
    id TEXT NOT NULL,
    type TEXT NOT NULL,
    version INTEGER NOT NULL,
    occurred_at TEXT NOT NULL,
    occurred_on TEXT NOT NULL,
    covers TEXT,
    recorded_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    idempotency_key TEXT,
    signer TEXT,
    signature TEXT,
    payload TEXT NOT NULL,
    evidence TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (site, site_seq),
    UNIQUE (site, prev_hash),
    UNIQUE (site, id),
    UNIQUE (site, idempotency_key)
);
CREATE INDEX events_site_day ON events (site, occurred_on);
CREATE INDEX events_type_site ON events (type, site);
CREATE INDEX events_recorded ON events (recorded_at);
CREATE INDEX events_id ON events (id);
CREATE INDEX events_amends ON events (json_extract(payload, '$.target')) WHERE type IN ('correction', 'retraction');
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE projection (
    scheme TEXT NOT NULL, site TEXT NOT NULL, key TEXT NOT NULL,
    site_seq INTEGER NOT NULL, head_hash TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (scheme, site, key)
);
CREATE TABLE records (namespace TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (namespace, key));
"""

TRIGGERS = {
    "events_no_update": "CREATE TRIGGER events_no_update BEFORE UPDATE ON events "
    "BEGIN SELECT RAISE(ABORT, 'events are append-only: append a correction instead'); END",
    "events_no_delete": "CREATE TRIGGER events_no_delete BEFORE DELETE ON events "
    "BEGIN SELECT RAISE(ABORT, 'events are append-only: append a retraction instead'); END",
}

# What amends a few known events (`SQLiteStore.amending`: the contracts' corrections and retractions, read on every
# refresh) is found on this index by its target, where it was found by reading every amendment the ledger holds,
# which grew with the log (issue 15: a refresh flat in the log). Part of SCHEMA for a new ledger; a ledger created
# before it gets it the first time a process that may write it looks for amendments (`SQLiteStore.amending`).
AMENDS_INDEX = "events_amends"
AMENDS_INDEX_SQL = (
    "CREATE INDEX IF NOT EXISTS events_amends ON events (json_extract(payload, '$.target')) "
    "WHERE type IN ('correction', 'retraction')"
)
