"""The tables of saved needs, in the catalogue's SQLite file (created with the catalogue).

Only what the match, the e-mails and the radar need: the address (to write to), the search,
people/budget/frequency, the radar's keys (topic, Kreis, Land, kind, format, month) and what
was sent. Tokens are never stored: the confirmation token as its SHA-256, the private link
as an HMAC of the need's id under the hub's secret (``hub.needs.tokens``).
"""

NEEDS_SCHEMA = """
CREATE TABLE IF NOT EXISTS needs (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    spec TEXT NOT NULL,
    frequency TEXT NOT NULL,
    confirm_hash TEXT,
    expires_at TEXT,
    created_at TEXT NOT NULL,
    confirmed_at TEXT,
    since_seq INTEGER NOT NULL DEFAULT 0,
    last_sent_at TEXT,
    topic TEXT,
    district TEXT,
    state TEXT,
    kind TEXT,
    mode TEXT,
    month TEXT
);
CREATE INDEX IF NOT EXISTS needs_confirm ON needs(confirm_hash);
CREATE TABLE IF NOT EXISTS need_matches (
    need_id TEXT NOT NULL,
    listing_id TEXT NOT NULL,
    state TEXT NOT NULL,
    message_id TEXT,
    score REAL NOT NULL DEFAULT 0,
    series TEXT,
    matched_at TEXT NOT NULL,
    PRIMARY KEY (need_id, listing_id)
);
CREATE INDEX IF NOT EXISTS need_matches_state ON need_matches(state, need_id);
CREATE INDEX IF NOT EXISTS need_matches_series ON need_matches(need_id, series);
CREATE TABLE IF NOT EXISTS need_messages (
    message_id TEXT PRIMARY KEY,
    need_id TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT
);
CREATE TABLE IF NOT EXISTS need_attempts (
    key TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS need_attempts_key ON need_attempts(key, at);
CREATE TABLE IF NOT EXISTS needs_state (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""
