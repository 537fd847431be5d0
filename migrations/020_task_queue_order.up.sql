-- The dashboard's task queue: running first, then waiting tasks by priority and age, then finished ones,
-- most recent first. The group expression here must match source/store/task-queue.ts exactly, or SQLite
-- will not use these indexes. parent_task_id leads so "top-level tasks" (IS NULL) and "children of X" are
-- both one index range; each index also covers the page query (it holds id), so OFFSET skips index
-- entries only.
CREATE INDEX idx_tasks_queue_rank ON tasks(
    parent_task_id,
    (CASE status WHEN 'running' THEN 0 WHEN 'pending' THEN 1 WHEN 'retrying' THEN 1 WHEN 'initialized' THEN 1 ELSE 2 END),
    priority_rank DESC,
    id
);
CREATE INDEX idx_tasks_queue_recent ON tasks(
    parent_task_id,
    (CASE status WHEN 'running' THEN 0 WHEN 'pending' THEN 1 WHEN 'retrying' THEN 1 WHEN 'initialized' THEN 1 ELSE 2 END),
    id
);
-- A status filter on finished tasks, most recent first.
CREATE INDEX idx_tasks_status_id ON tasks(status, id);
