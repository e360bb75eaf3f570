-- orbat store, schema 3 (SQLite): `orbat actor` walks chains of command and
-- cites documents from indexes alone. Keep in step with
-- ../postgres/0003_profile_paths.sql.

-- The publication date of the relation's document, so a link's statements are
-- ordered without reading documents. Set on insert, like events.sort_date (a
-- replaced document re-inserts its relations after its new date is written).
ALTER TABLE relations ADD COLUMN sort_date TEXT;
UPDATE relations SET sort_date = (SELECT d.published FROM documents d WHERE d.id = relations.doc_id);

-- Links between canonical entities with the key of every statement: covering,
-- so the walk of a chain of command never reads relation rows (which carry
-- the evidence text and lie in document order, one page per document).
DROP INDEX relations_subject_entity;
DROP INDEX relations_object_entity;
CREATE INDEX relations_links_out ON relations (subject_entity, predicate, object_entity, negated, sort_date, doc_id, ordinal);
CREATE INDEX relations_links_in ON relations (object_entity, predicate, subject_entity, negated, sort_date, doc_id, ordinal);

-- A citation without the document's text. A documents row holds the whole
-- text, so citing thousands of documents read thousands of scattered pages;
-- this index is a few hundred bytes per document. Queries name it (INDEXED
-- BY): SQLite would otherwise look documents up by rowid.
CREATE INDEX documents_refs ON documents (id, published, source, title, url);
