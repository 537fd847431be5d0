DROP INDEX IF EXISTS idx_tasks_status_id;
DROP INDEX IF EXISTS idx_tasks_queue_recent;
DROP INDEX IF EXISTS idx_tasks_queue_rank;
