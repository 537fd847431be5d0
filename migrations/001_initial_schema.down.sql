DROP TABLE IF EXISTS metrics;
DROP TABLE IF EXISTS configuration;
DROP TABLE IF EXISTS tool_usage;
DROP TABLE IF EXISTS cost_tracking;
DROP TABLE IF EXISTS task_state_snapshots;
DROP TABLE IF EXISTS task_logs;
DROP TABLE IF EXISTS tasks;
