-- orbat store, schema 1 (SQLite). Keep in step with ../postgres/0001_initial.sql:
-- the two differ only in column types.

-- One row per analysed document. content_hash makes re-ingest idempotent;
-- locator (the URL, else the file path) lets a changed document replace its facts.
CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    locator      TEXT NOT NULL UNIQUE,
    url          TEXT,
    title        TEXT,
    source       TEXT,
    published    TEXT,
    language     TEXT,
    text         TEXT NOT NULL,
    ingested_at  TEXT NOT NULL
);
CREATE INDEX documents_published ON documents (published);

-- Canonical actors and places. Ids are stable: a merged entity keeps its row
-- and points at the survivor through merged_into, so old ids still resolve.
CREATE TABLE entities (
    id           INTEGER PRIMARY KEY,
    type         TEXT NOT NULL,
    name         TEXT NOT NULL,
    origin       TEXT,
    knowledge_id TEXT,
    geonames_id  INTEGER,
    lat          REAL,
    lon          REAL,
    country      TEXT,
    merged_into  INTEGER,
    created_at   TEXT NOT NULL
);
CREATE INDEX entities_merged_into ON entities (merged_into);
CREATE INDEX entities_type ON entities (type);

-- Resolution keys: ('kid:'|'gn:'|'name:') || value, per type, so different
-- types can never share a key and therefore never merge. first_entity is the
-- entity that registered the key (used to undo a merge); pinned marks a key an
-- analyst fixed with `entity split`, which wins over every automatic rule.
CREATE TABLE entity_keys (
    type         TEXT NOT NULL,
    key          TEXT NOT NULL,
    entity_id    INTEGER NOT NULL,
    first_entity INTEGER NOT NULL,
    pinned       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (type, key)
);
CREATE INDEX entity_keys_entity ON entity_keys (entity_id);
-- `orbat actor NAME` looks a name up across types.
CREATE INDEX entity_keys_key ON entity_keys (key);

-- Each document entity and the canonical entity it was resolved to, with the
-- reason. Facts reference (doc_id, local_id), so a merge or split updates one
-- column here and every fact follows.
CREATE TABLE doc_entities (
    doc_id       INTEGER NOT NULL,
    local_id     TEXT NOT NULL,
    entity_id    INTEGER NOT NULL,
    first_entity INTEGER NOT NULL,
    type         TEXT NOT NULL,
    name         TEXT NOT NULL,
    norm         TEXT NOT NULL,
    aliases      TEXT NOT NULL,
    origin       TEXT,
    knowledge_id TEXT,
    geonames_id  INTEGER,
    lat          REAL,
    lon          REAL,
    mentions     INTEGER NOT NULL,
    reason       TEXT NOT NULL,
    PRIMARY KEY (doc_id, local_id)
);
CREATE INDEX doc_entities_entity ON doc_entities (entity_id);

CREATE TABLE relations (
    doc_id        INTEGER NOT NULL,
    ordinal       INTEGER NOT NULL,
    subject_local TEXT NOT NULL,
    predicate     TEXT NOT NULL,
    object_local  TEXT NOT NULL,
    ev_start      INTEGER NOT NULL,
    ev_end        INTEGER NOT NULL,
    evidence      TEXT,
    certainty     TEXT NOT NULL,
    attributed_to TEXT,
    time_start    TEXT,
    time_end      TEXT,
    negated       INTEGER NOT NULL,
    PRIMARY KEY (doc_id, ordinal)
);
CREATE INDEX relations_subject ON relations (doc_id, subject_local);
CREATE INDEX relations_object ON relations (doc_id, object_local);

-- Figures are never aggregated: every figure keeps its own row and source.
CREATE TABLE quantities (
    doc_id        INTEGER NOT NULL,
    ordinal       INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    subject_local TEXT,
    value         REAL,
    min_value     REAL,
    max_value     REAL,
    unit          TEXT,
    per           TEXT,
    text          TEXT NOT NULL,
    approx        INTEGER NOT NULL,
    ev_start      INTEGER NOT NULL,
    ev_end        INTEGER NOT NULL,
    evidence      TEXT,
    certainty     TEXT NOT NULL,
    attributed_to TEXT,
    PRIMARY KEY (doc_id, ordinal)
);
CREATE INDEX quantities_subject ON quantities (doc_id, subject_local);

CREATE TABLE events (
    doc_id         INTEGER NOT NULL,
    local_id       TEXT NOT NULL,
    type           TEXT NOT NULL,
    sub_type       TEXT,
    date           TEXT,
    date_precision TEXT,
    date_text      TEXT,
    location_local TEXT,
    fatalities     INTEGER,
    ev_start       INTEGER NOT NULL,
    ev_end         INTEGER NOT NULL,
    evidence       TEXT,
    certainty      TEXT NOT NULL,
    attributed_to  TEXT,
    PRIMARY KEY (doc_id, local_id)
);
CREATE INDEX events_date ON events (date);

-- role: 'actor' or 'target'.
CREATE TABLE event_roles (
    doc_id       INTEGER NOT NULL,
    event_local  TEXT NOT NULL,
    role         TEXT NOT NULL,
    entity_local TEXT NOT NULL,
    PRIMARY KEY (doc_id, event_local, role, entity_local)
);
CREATE INDEX event_roles_entity ON event_roles (doc_id, entity_local);

-- The analyst's merges and splits, for `entity explain` and audit.
CREATE TABLE corrections (
    id         INTEGER PRIMARY KEY,
    action     TEXT NOT NULL,
    entity_a   INTEGER NOT NULL,
    entity_b   INTEGER NOT NULL,
    name       TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX corrections_a ON corrections (entity_a);
CREATE INDEX corrections_b ON corrections (entity_b);
