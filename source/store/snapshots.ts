import type {Clock} from '../domain/types.js';
import type {Db} from './db.js';

export type Snapshot = {taskId: string; name: string; data: Record<string, unknown>; createdAt: string};

/** Named JSON snapshots of a task's state (e.g. `result`); one per name, the latest wins. */
export class SnapshotRepository {
	private readonly upsert;
	private readonly selectOne;
	private readonly selectAll;

	constructor(
		db: Db,
		private readonly clock: Clock,
	) {
		this.upsert = db.prepare(`INSERT INTO task_state_snapshots (task_id, snapshot_name, state_data, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT(task_id, snapshot_name) DO UPDATE SET state_data = excluded.state_data, created_at = excluded.created_at`);
		this.selectOne = db.prepare('SELECT * FROM task_state_snapshots WHERE task_id = ? AND snapshot_name = ?');
		this.selectAll = db.prepare('SELECT * FROM task_state_snapshots WHERE task_id = ? ORDER BY id');
	}

	save(taskId: string, name: string, data: Record<string, unknown>): void {
		this.upsert.run(taskId, name, JSON.stringify(data), this.clock().toISOString());
	}

	get(taskId: string, name: string): Snapshot | undefined {
		const row = this.selectOne.get(taskId, name) as SnapshotRow | undefined;
		return row ? toSnapshot(row) : undefined;
	}

	forTask(taskId: string): Snapshot[] {
		return (this.selectAll.all(taskId) as SnapshotRow[]).map(toSnapshot);
	}
}

type SnapshotRow = {task_id: string; snapshot_name: string; state_data: string; created_at: string};

function toSnapshot(row: SnapshotRow): Snapshot {
	return {taskId: row.task_id, name: row.snapshot_name, data: JSON.parse(row.state_data) as Record<string, unknown>, createdAt: row.created_at};
}
