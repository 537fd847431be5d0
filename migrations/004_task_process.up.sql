-- The process group of a running shell task, so a task whose worker died can have its orphans killed
-- by the worker that recovers it (on the same host).
ALTER TABLE tasks ADD COLUMN pid INTEGER;
