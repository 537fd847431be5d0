import {hostname} from 'node:os';
import type {Store} from '../store/store.js';

export type WorkerRow = {id: string; pid: number; hostname: string; started_at: string; heartbeat_at: string; state: string};

/** The `workers` table: who runs tasks on this data dir, and when each last showed a sign of life. */
export function registerWorker(store: Store, id: string): void {
	const now = store.clock().toISOString();
	store.db
		.prepare(`INSERT INTO workers (id, pid, hostname, started_at, heartbeat_at, state) VALUES (?, ?, ?, ?, ?, 'running')
			ON CONFLICT(id) DO UPDATE SET pid = excluded.pid, hostname = excluded.hostname, heartbeat_at = excluded.heartbeat_at, state = 'running'`)
		.run(id, process.pid, hostname(), now, now);
}

export function setWorkerState(store: Store, id: string, state: string): void {
	store.db.prepare('UPDATE workers SET state = ?, heartbeat_at = ? WHERE id = ?').run(state, store.clock().toISOString(), id);
}

export function listWorkers(store: Store): WorkerRow[] {
	return store.db.prepare('SELECT * FROM workers ORDER BY started_at').all() as WorkerRow[];
}
