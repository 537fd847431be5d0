-- What running tasks needs beyond the seed: where and how to run, retries, leases, dependencies.
ALTER TABLE tasks ADD COLUMN priority_rank INTEGER NOT NULL DEFAULT 2;
ALTER TABLE tasks ADD COLUMN cwd TEXT;
ALTER TABLE tasks ADD COLUMN env TEXT;
ALTER TABLE tasks ADD COLUMN max_retries INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN timeout_ms INTEGER;
ALTER TABLE tasks ADD COLUMN next_attempt_at TEXT;
ALTER TABLE tasks ADD COLUMN worker_id TEXT;
ALTER TABLE tasks ADD COLUMN lease_expires_at TEXT;
ALTER TABLE tasks ADD COLUMN status_reason TEXT;

UPDATE tasks SET priority_rank = CASE priority
    WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'normal' THEN 2 ELSE 1 END;

-- Claim order: highest priority first, then oldest (ULIDs sort by time).
CREATE INDEX idx_tasks_claim ON tasks(status, priority_rank DESC, id);
CREATE INDEX idx_tasks_parent ON tasks(parent_task_id);
CREATE INDEX idx_tasks_lease ON tasks(status, lease_expires_at);
-- No extra index for the live tail: idx_task_logs_task_id already holds (task_id, rowid = id).

CREATE TABLE task_dependencies (
    task_id TEXT NOT NULL,
    depends_on_id TEXT NOT NULL,
    PRIMARY KEY (task_id, depends_on_id),
    FOREIGN KEY (task_id) REFERENCES tasks (id) ON DELETE CASCADE,
    FOREIGN KEY (depends_on_id) REFERENCES tasks (id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE INDEX idx_task_dependencies_depends_on ON task_dependencies(depends_on_id);

CREATE TABLE workers (
    id TEXT PRIMARY KEY,
    pid INTEGER NOT NULL,
    hostname TEXT NOT NULL,
    started_at TEXT NOT NULL,
    heartbeat_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'running'
);
