-- orbat store, schema 3 (PostgreSQL): `orbat actor` walks chains of command
-- from indexes. Keep in step with ../sqlite/0003_profile_paths.sql.

-- The publication date of the relation's document, so a link's statements are
-- ordered without reading documents. Set on insert, like events.sort_date (a
-- replaced document re-inserts its relations after its new date is written).
ALTER TABLE relations ADD COLUMN sort_date TEXT;
UPDATE relations SET sort_date = (SELECT d.published FROM documents d WHERE d.id = relations.doc_id);

-- Links between canonical entities with the key of every statement, so the
-- walk of a chain of command can be answered from the index.
DROP INDEX relations_subject_entity;
DROP INDEX relations_object_entity;
CREATE INDEX relations_links_out ON relations (subject_entity, predicate, object_entity, negated, sort_date, doc_id, ordinal);
CREATE INDEX relations_links_in ON relations (object_entity, predicate, subject_entity, negated, sort_date, doc_id, ordinal);

-- No documents_refs index here (SQLite has one): PostgreSQL keeps long text
-- out of line (TOAST), so its documents rows are already small, and a B-tree
-- entry holding a title and a URL could pass the index row size limit.
