import type BetterSqlite3 from 'better-sqlite3';
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

type ClaimStatements = {pending: Statement; retrying: Statement};
type Statement = BetterSqlite3.Statement;
const claimStatements = new WeakMap<Store, ClaimStatements>();

/** Dependencies all completed: otherwise the task waits (or fails, see failBlockedDependents). */
const dependenciesDone = `NOT EXISTS (SELECT 1 FROM task_dependencies AS d JOIN tasks AS dep ON dep.id = d.depends_on_id
	WHERE d.task_id = t.id AND dep.status != 'completed')`;

function statements(store: Store): ClaimStatements {
	let prepared = claimStatements.get(store);
	if (!prepared) {
		// One query per status, so each walks idx_tasks_claim (status, priority_rank DESC, id) in order and
		// stops at the first runnable row; an OR over both statuses would sort the whole queue per claim.
		const columns = 'SELECT id, status, priority_rank, attempts, created_at, next_attempt_at FROM tasks AS t';
		prepared = {
			pending: store.db.prepare(`${columns} WHERE t.status = 'pending' AND ${dependenciesDone} ORDER BY t.priority_rank DESC, t.id LIMIT 1`),
			retrying: store.db.prepare(`${columns} WHERE t.status = 'retrying' AND (t.next_attempt_at IS NULL OR t.next_attempt_at <= ?)
				AND ${dependenciesDone} ORDER BY t.priority_rank DESC, t.id LIMIT 1`),
		};
		claimStatements.set(store, prepared);
	}

	return prepared;
}

function moreUrgent(a: ClaimRow | undefined, b: ClaimRow | undefined): ClaimRow | undefined {
	if (!a || !b) return a ?? b;
	if (a.priority_rank !== b.priority_rank) return a.priority_rank > b.priority_rank ? a : b;
	return a.id < b.id ? a : b;
}

export function claimNext(store: Store, options: ClaimOptions): Claim | undefined {
	const select = statements(store);
	return writeTransaction(store.db, () => {
		if (isBudgetPaused(store)) return undefined;
		const now = store.clock();
		const row = moreUrgent(select.pending.get() as ClaimRow | undefined, select.retrying.get(now.toISOString()) as ClaimRow | undefined);
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

type ClaimRow = {id: string; status: 'pending' | 'retrying'; priority_rank: number; attempts: number; created_at: string; next_attempt_at: string | null};

/**
 * Waiting tasks whose dependency failed (a visible failed is final: automatic retries move on in the same
 * transaction) or was cancelled can never start: they fail now, with the reason, without running.
 */
export function failBlockedDependents(store: Store, actor: string, onlyDependentsOf?: string): Task[] {
	// With a task id: just the chain hanging off that task (cheap, after each failure); without: the whole queue.
	const blocked = store.db.prepare(`SELECT d.task_id AS taskId, dep.id AS depId, dep.status AS depStatus
		FROM tasks AS t JOIN task_dependencies AS d ON d.task_id = t.id JOIN tasks AS dep ON dep.id = d.depends_on_id
		WHERE t.status IN ('pending', 'retrying') AND dep.status IN ('failed', 'cancelled')
		${onlyDependentsOf === undefined ? '' : 'AND d.depends_on_id IN (SELECT value FROM json_each(@roots))'}
		ORDER BY d.task_id, d.depends_on_id`);
	let roots = onlyDependentsOf === undefined ? [] : [onlyDependentsOf];
	const failed: Task[] = [];
	for (;;) {
		// Failing one may block others (chains): repeat until nothing is left.
		const round = writeTransaction(store.db, () => {
			const rows = (onlyDependentsOf === undefined ? blocked.all() : blocked.all({roots: JSON.stringify(roots)})) as Array<{taskId: string; depId: string; depStatus: string}>;
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
		roots = round.map(task => task.id);
	}
}
