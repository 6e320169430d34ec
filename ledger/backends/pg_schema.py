"""The PostgreSQL schema of a ledger: tables, the database's own guards (triggers) and who may do what (grants).

Everything lives in one schema, `opsledger`, so a database that also holds other applications' tables is fine
and a table of theirs named `events` is never mistaken for ours. Two group roles carry the privileges; login
roles are made members of them by the administrator:

- `opsledger_user`: operators and assessors. SELECT and INSERT on events, never UPDATE, DELETE or TRUNCATE
  (and triggers refuse those even to the owner). Every event they insert must name them as its actor: the
  insert trigger compares `actor` with `session_user`, so the name on an event is the authenticated login.
- `opsledger_app`: trusted applications (the web app, `opsledger migrate`), members of opsledger_user that may
  write events on behalf of others (the web app authenticates its own users) and keep the projection cache.
  Only they write the cache and the records: a cache an operator could edit would be a score an operator could
  edit.

The insert trigger also refuses a row that does not continue its site's chain (position and prev_hash), so a
row written with plain SQL cannot fork, skip or reorder a chain either; the hash itself is checked by `verify`.
"""

from __future__ import annotations

SCHEMA = "opsledger"
USER_ROLE = "opsledger_user"
APP_ROLE = "opsledger_app"
GENESIS_SQL = "repeat('0', 64)"

# SQLSTATEs raised by our triggers (class "OL": never one of PostgreSQL's own).
APPEND_ONLY = "OLAPP"
NOT_LOGIN = "OLACT"
NOT_CHAINED = "OLCHN"
BAD_DAY = "OLDAY"

TABLES = [
    f"CREATE SCHEMA {SCHEMA}",
    f'CREATE TABLE {SCHEMA}.meta (key text COLLATE "C" PRIMARY KEY, value text NOT NULL)',
    f"CREATE SEQUENCE {SCHEMA}.event_seq AS bigint",
    # Text columns compared as text (dates, instants, hashes) use the C collation: byte order, like SQLite.
    f"""CREATE TABLE {SCHEMA}.events (
        seq bigint PRIMARY KEY DEFAULT nextval('{SCHEMA}.event_seq'),
        site text COLLATE "C" NOT NULL,
        site_seq bigint NOT NULL CHECK (site_seq >= 1),
        id text COLLATE "C" NOT NULL,
        type text COLLATE "C" NOT NULL,
        version integer NOT NULL,
        occurred_at text COLLATE "C" NOT NULL,
        occurred_on text COLLATE "C" NOT NULL,
        covers text COLLATE "C",
        recorded_at text COLLATE "C" NOT NULL,
        actor text NOT NULL,
        idempotency_key text COLLATE "C",
        signer text COLLATE "C",
        signature text COLLATE "C",
        payload text NOT NULL,
        evidence text NOT NULL,
        prev_hash text COLLATE "C" NOT NULL,
        hash text COLLATE "C" NOT NULL,
        CONSTRAINT events_site_seq UNIQUE (site, site_seq),
        CONSTRAINT events_site_prev_hash UNIQUE (site, prev_hash),
        CONSTRAINT events_site_id UNIQUE (site, id),
        CONSTRAINT events_site_key UNIQUE (site, idempotency_key)
    )""",
    f"ALTER SEQUENCE {SCHEMA}.event_seq OWNED BY {SCHEMA}.events.seq",
    f"CREATE INDEX events_site_day ON {SCHEMA}.events (site, occurred_on)",
    f"CREATE INDEX events_type_site ON {SCHEMA}.events (type, site)",
    f"CREATE INDEX events_recorded ON {SCHEMA}.events (recorded_at)",
    f"CREATE INDEX events_id ON {SCHEMA}.events (id)",
    # What amends a few known events (`amending`: the contracts' corrections and retractions, read on every
    # refresh), found by its target rather than by reading every amendment (issue 15). A ledger created before
    # this index is answered without it; its owner can add it with this statement.
    f"CREATE INDEX events_amends ON {SCHEMA}.events ((payload::jsonb ->> 'target')) "
    "WHERE type IN ('correction', 'retraction')",
    f"""CREATE TABLE {SCHEMA}.projection (
        scheme text COLLATE "C" NOT NULL, site text COLLATE "C" NOT NULL, key text COLLATE "C" NOT NULL,
        site_seq bigint NOT NULL, head_hash text NOT NULL, data text NOT NULL,
        PRIMARY KEY (scheme, site, key)
    )""",
    f"""CREATE TABLE {SCHEMA}.records (
        namespace text COLLATE "C" NOT NULL, key text COLLATE "C" NOT NULL, value text NOT NULL,
        PRIMARY KEY (namespace, key)
    )""",
    f"""CREATE TABLE {SCHEMA}.blobs (
        sha256 text COLLATE "C" PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{{64}}$'),
        size bigint NOT NULL, content bytea NOT NULL
    )""",
]

FUNCTIONS = [
    f"""CREATE FUNCTION {SCHEMA}.events_refuse() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
        RAISE EXCEPTION 'events are append-only: append a % instead',
            CASE TG_OP WHEN 'UPDATE' THEN 'correction' ELSE 'retraction' END USING ERRCODE = '{APPEND_ONLY}';
    END $fn$""",
    # A statement-level check over the rows a statement inserted (a COPY of 1,000 rows is checked by one
    # query, and COPY keeps its multi-row inserts). The chain query is dynamic SQL, planned per statement: a
    # cached plan made when the table was small would scan the table for every batch of a long import.
    f"""CREATE FUNCTION {SCHEMA}.events_check_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
    DECLARE
        bad record;
        bad_site text;
        bad_seq bigint;
    BEGIN
        SELECT n.actor INTO bad FROM new_rows n WHERE n.actor IS DISTINCT FROM session_user::text LIMIT 1;
        IF FOUND AND NOT pg_has_role(session_user, '{APP_ROLE}', 'MEMBER') THEN
            RAISE EXCEPTION 'the actor of an event must be the database role that writes it: "%" is logged in, '
                'an event names "%" (only members of {APP_ROLE} write for others)', session_user, bad.actor
                USING ERRCODE = '{NOT_LOGIN}';
        END IF;
        SELECT n.occurred_on, n.occurred_at INTO bad FROM new_rows n
            WHERE n.occurred_on IS DISTINCT FROM left(n.occurred_at, 10) LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'occurred_on % is not the day of occurred_at %', bad.occurred_on, bad.occurred_at
                USING ERRCODE = '{BAD_DAY}';
        END IF;
        EXECUTE 'SELECT n.site, n.site_seq FROM new_rows n LEFT JOIN {SCHEMA}.events p '
            'ON p.site = n.site AND p.site_seq = n.site_seq - 1 '
            'WHERE CASE WHEN n.site_seq = 1 THEN n.prev_hash <> {GENESIS_SQL.replace("'", "''")} '
            'ELSE p.seq IS NULL OR p.hash <> n.prev_hash OR p.seq >= n.seq END LIMIT 1' INTO bad_site, bad_seq;
        IF bad_site IS NOT NULL THEN
            RAISE EXCEPTION 'site % #%: does not continue the chain (no #% with that hash before it)',
                bad_site, bad_seq, bad_seq - 1 USING ERRCODE = '{NOT_CHAINED}';
        END IF;
        RETURN NULL;
    END $fn$""",
]

# name -> CREATE TRIGGER; integrity_problems() reports any that is missing or disabled.
TRIGGERS = {
    "events_no_update": f"CREATE TRIGGER events_no_update BEFORE UPDATE ON {SCHEMA}.events "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {SCHEMA}.events_refuse()",
    "events_no_delete": f"CREATE TRIGGER events_no_delete BEFORE DELETE ON {SCHEMA}.events "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {SCHEMA}.events_refuse()",
    "events_no_truncate": f"CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON {SCHEMA}.events "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {SCHEMA}.events_refuse()",
    "events_check_insert": f"CREATE TRIGGER events_check_insert AFTER INSERT ON {SCHEMA}.events "
    f"REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {SCHEMA}.events_check_insert()",
}

GRANTS = [
    f"REVOKE ALL ON SCHEMA {SCHEMA} FROM PUBLIC",
    f"GRANT USAGE ON SCHEMA {SCHEMA} TO {USER_ROLE}",
    f"GRANT SELECT ON {SCHEMA}.meta TO {USER_ROLE}",
    f"GRANT SELECT, INSERT ON {SCHEMA}.events TO {USER_ROLE}",
    f"GRANT USAGE ON SEQUENCE {SCHEMA}.event_seq TO {USER_ROLE}",
    f"GRANT UPDATE ON SEQUENCE {SCHEMA}.event_seq TO {APP_ROLE}",  # setval after a copy (migrate)
    f"GRANT SELECT ON {SCHEMA}.projection TO {USER_ROLE}",
    f"GRANT INSERT, UPDATE, DELETE ON {SCHEMA}.projection TO {APP_ROLE}",
    f"GRANT SELECT, INSERT ON {SCHEMA}.blobs TO {USER_ROLE}",
    f"GRANT SELECT, INSERT, UPDATE, DELETE ON {SCHEMA}.records TO {APP_ROLE}",
]

# One statement listing what the guards look like now: trigger name -> enabled ('O' origin, 'A' always).
TRIGGER_STATE = (
    "SELECT t.tgname, t.tgenabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
    f"JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '{SCHEMA}' AND c.relname = 'events' "
    "AND NOT t.tgisinternal"
)

# Privileges that would let someone other than the owner change history (the triggers still refuse it).
WIDE_GRANTS = (
    "SELECT r.rolname, p.privilege FROM pg_roles r "
    "CROSS JOIN (VALUES ('UPDATE'), ('DELETE'), ('TRUNCATE')) AS p(privilege) "
    f"WHERE r.rolname IN ('{USER_ROLE}', '{APP_ROLE}', 'PUBLIC') "
    f"AND has_table_privilege(r.oid, '{SCHEMA}.events', p.privilege) "
    "ORDER BY 1, 2"
)
