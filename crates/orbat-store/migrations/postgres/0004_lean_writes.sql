-- orbat store, schema 4 (PostgreSQL): indexes no query uses, dropped so that each
-- stored fact updates fewer B-trees. Keep in step with ../sqlite/0004_lean_writes.sql.

-- Lookups by (doc_id, local id) of relations, figures and event roles are
-- served by each table's primary key, which starts with doc_id (a document
-- has a few dozen rows at most); relations by entity use relations_links_*.
DROP INDEX relations_subject;
DROP INDEX relations_object;
DROP INDEX quantities_subject;
DROP INDEX event_roles_entity;
-- Events are filtered and ordered by sort_date (events_sort), never by date alone.
DROP INDEX events_date;
