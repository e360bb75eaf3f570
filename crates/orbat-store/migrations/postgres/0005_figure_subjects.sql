-- orbat store, schema 5 (PostgreSQL): figures by the entity they are about.
-- Keep in step with ../sqlite/0005_figure_subjects.sql.

-- 0004 dropped quantities_subject, but a profile's figures need it: without
-- it each document of the actor has all its figures read to find the few
-- about the actor. Partial, so figures about no one (most) cost no update.
CREATE INDEX quantities_subject ON quantities (doc_id, subject_local) WHERE subject_local IS NOT NULL;
