import {hostname} from 'node:os';
import type {Task} from '../domain/types.js';
import {writeTransaction} from '../store/db.js';
import type {Store} from '../store/store.js';
import {isGroupAlive, signalGroup} from './process-group.js';
import {failRunningTask} from './retry.js';

type RunningRow = {
	id: string;
	worker_id: string | null;
	lease_expires_at: string | null;
	pid: number | null;
	worker_pid: number | null;
	worker_host: string | null;
};

function isProcessAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * Running tasks whose worker is gone: its lease expired, or (on this host) its process no longer exists.
 * Each fails with reason `worker lost` and is retried if retries remain (one transaction per task); the
 * task's orphaned process group, when it is on this host, is killed. Run at every worker and dashboard start
 * (workers also run it now and then). Returns the tasks as they are after recovery.
 */
export function recoverLostTasks(store: Store, now: Date): Task[] {
	const here = hostname();
	const rows = store.db
		.prepare(`SELECT t.id, t.worker_id, t.lease_expires_at, t.pid, w.pid AS worker_pid, w.hostname AS worker_host
			FROM tasks AS t LEFT JOIN workers AS w ON w.id = t.worker_id WHERE t.status = 'running'`)
		.all() as RunningRow[];
	const nowIso = now.toISOString();
	const lost = rows.filter(
		row =>
			(row.lease_expires_at !== null && row.lease_expires_at < nowIso) ||
			(row.worker_host === here && row.worker_pid !== null && !isProcessAlive(row.worker_pid)),
	);
	const recovered: Task[] = [];
	for (const row of lost) {
		const task = writeTransaction(store.db, () => {
			const current = store.tasks.get(row.id);
			// Another process may have recovered or finished it since the read above.
			if (current?.status !== 'running' || current.workerId !== row.worker_id) return undefined;
			store.logs.append(row.id, [
				{level: 'error', message: `worker ${row.worker_id ?? '?'} lost (no heartbeat since its lease ran out at ${row.lease_expires_at ?? '?'})`},
			]);
			if (row.worker_id !== null) store.db.prepare("UPDATE workers SET state = 'lost' WHERE id = ? AND state = 'running'").run(row.worker_id);
			return failRunningTask(store, current, {reason: 'worker lost', actor: 'recovery', now});
		});
		if (!task) continue;
		if (row.pid !== null && row.worker_host === here && isGroupAlive(row.pid)) signalGroup(row.pid, 'SIGKILL');
		recovered.push(task);
	}

	return recovered;
}
