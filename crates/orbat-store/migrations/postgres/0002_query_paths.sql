-- orbat store, schema 2 (PostgreSQL): what the read queries need to stay fast
-- on large stores. Keep in step with ../sqlite/0002_query_paths.sql.

-- Relations carry the canonical entities of their two ends, so a chain of
-- command is walked entity to entity without joining every mention. Kept equal
-- to doc_entities.entity_id: set on insert (write.rs) and followed by the
-- trigger below whenever a merge or split moves a document entity.
ALTER TABLE relations ADD COLUMN subject_entity BIGINT;
ALTER TABLE relations ADD COLUMN object_entity BIGINT;
UPDATE relations SET
    subject_entity = (SELECT de.entity_id FROM doc_entities de
                      WHERE de.doc_id = relations.doc_id AND de.local_id = relations.subject_local),
    object_entity  = (SELECT de.entity_id FROM doc_entities de
                      WHERE de.doc_id = relations.doc_id AND de.local_id = relations.object_local);
CREATE INDEX relations_subject_entity ON relations (subject_entity, predicate);
CREATE INDEX relations_object_entity ON relations (object_entity, predicate);

CREATE FUNCTION doc_entities_entity_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE relations SET subject_entity = NEW.entity_id
     WHERE doc_id = NEW.doc_id AND subject_local = NEW.local_id;
    UPDATE relations SET object_entity = NEW.entity_id
     WHERE doc_id = NEW.doc_id AND object_local = NEW.local_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER doc_entities_entity_sync AFTER UPDATE OF entity_id ON doc_entities
    FOR EACH ROW EXECUTE PROCEDURE doc_entities_entity_sync();

-- The date `orbat events` orders and filters by: the event's own date, else
-- its document's publication date (set on insert; a replaced document
-- re-inserts its events after its new date is written).
ALTER TABLE events ADD COLUMN sort_date TEXT;
UPDATE events SET sort_date = COALESCE(date, (SELECT d.published FROM documents d WHERE d.id = events.doc_id));
CREATE INDEX events_sort ON events (sort_date, doc_id, local_id);

-- Mentions by entity, with the document: counts of documents per actor
-- without reading the table.
CREATE INDEX doc_entities_entity_doc ON doc_entities (entity_id, doc_id, local_id);
DROP INDEX doc_entities_entity;
