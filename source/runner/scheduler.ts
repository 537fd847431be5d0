import type {Task} from '../domain/types.js';
import {writeTransaction} from '../store/db.js';
import type {Store} from '../store/store.js';
import {isBudgetPaused} from './budget-engine.js';

export type ClaimOptions = {
	workerId: string;
	/** How long the claim holds without a heartbeat. */
	leaseMs: number;
};

/**
 * Picks the most urgent runnable task (highest priority, then oldest) and moves it to running for this
 * worker, in one write transaction: no other worker can claim it in between, and the state machine checks
 * the move (pending -> start_execution, retrying -> retry_execution). Nothing is claimed while the budget
 * is paused. Runnable: pending, or retrying whose next attempt is due, with every dependency completed.
 */
export type Claim = {task: Task; /** From queued (or due for retry) to claimed. */ waitedMs: number};

const claimStatements = new WeakMap<Store, ReturnType<Store['db']['prepare']>>();

export function claimNext(store: Store, options: ClaimOptions): Claim | undefined {
	let select = claimStatements.get(store);
	select ??= store.db.prepare(`SELECT id, status, attempts, created_at, next_attempt_at FROM tasks AS t
		WHERE (t.status = 'pending' OR (t.status = 'retrying' AND (t.next_attempt_at IS NULL OR t.next_attempt_at <= @now)))
		AND NOT EXISTS (SELECT 1 FROM task_dependencies AS d JOIN tasks AS dep ON dep.id = d.depends_on_id
			WHERE d.task_id = t.id AND dep.status != 'completed')
		ORDER BY t.priority_rank DESC, t.id LIMIT 1`);
	claimStatements.set(store, select);
	return writeTransaction(store.db, () => {
		if (isBudgetPaused(store)) return undefined;
		const now = store.clock();
		const row = select!.get({now: now.toISOString()}) as ClaimRow | undefined;
		if (!row) return undefined;
		const queuedAt = Date.parse(row.next_attempt_at ?? row.created_at);
		const task = store.tasks.transitionInTransaction(row.id, row.status === 'pending' ? 'start_execution' : 'retry_execution', {
			actor: `worker:${options.workerId}`,
			patch: {
				attempts: row.attempts + 1,
				workerId: options.workerId,
				leaseExpiresAt: new Date(now.getTime() + options.leaseMs).toISOString(),
				nextAttemptAt: null,
				statusReason: null,
			},
		});
		return {task, waitedMs: Number.isNaN(queuedAt) ? 0 : Math.max(0, now.getTime() - queuedAt)};
	});
}

type ClaimRow = {id: string; status: 'pending' | 'retrying'; attempts: number; created_at: string; next_attempt_at: string | null};

/**
 * Waiting tasks whose dependency failed (a visible failed is final: automatic retries move on in the same
 * transaction) or was cancelled can never start: they fail now, with the reason, without running.
 */
export function failBlockedDependents(store: Store, actor: string): Task[] {
	const blocked = store.db.prepare(`SELECT d.task_id AS taskId, dep.id AS depId, dep.status AS depStatus
		FROM tasks AS t JOIN task_dependencies AS d ON d.task_id = t.id JOIN tasks AS dep ON dep.id = d.depends_on_id
		WHERE t.status IN ('pending', 'retrying') AND dep.status IN ('failed', 'cancelled')
		ORDER BY d.task_id, d.depends_on_id`);
	const failed: Task[] = [];
	for (;;) {
		// Failing one may block others (chains): repeat until nothing is left.
		const round = writeTransaction(store.db, () => {
			const rows = blocked.all() as Array<{taskId: string; depId: string; depStatus: string}>;
			const done = new Set<string>();
			const tasks: Task[] = [];
			for (const row of rows) {
				if (done.has(row.taskId)) continue;
				done.add(row.taskId);
				const reason = `dependency ${row.depId} ${row.depStatus === 'cancelled' ? 'was cancelled' : 'failed'}`;
				const task = store.tasks.transitionInTransaction(row.taskId, 'dependency_failed', {actor, reason});
				store.logs.append(row.taskId, [{level: 'error', message: `not started: ${reason}`}]);
				tasks.push(task);
			}

			return tasks;
		});
		if (round.length === 0) return failed;
		failed.push(...round);
	}
}
