import {monotonicFactory} from 'ulid';
import {AzOsError} from '../domain/errors.js';
import type {Priority} from '../domain/priority.js';
import {priorityRank} from '../domain/priority.js';
import type {TaskEvent, TaskStatus} from '../domain/task.js';
import {assertTaskTransition, isTerminalTaskStatus} from '../domain/task.js';
import type {Clock, Task} from '../domain/types.js';
import type {Db} from './db.js';
import {writeTransaction} from './db.js';
import type {EventRepository} from './events.js';

export type TaskRow = {
	id: string;
	command: string;
	status: TaskStatus;
	priority: Priority;
	model: string | null;
	cost: number;
	estimated_tokens: number;
	actual_tokens: number;
	created_at: string;
	started_at: string | null;
	completed_at: string | null;
	updated_at: string;
	parent_task_id: string | null;
	priority_rank: number;
	cwd: string | null;
	env: string | null;
	max_retries: number;
	attempts: number;
	timeout_ms: number | null;
	next_attempt_at: string | null;
	worker_id: string | null;
	lease_expires_at: string | null;
	status_reason: string | null;
};

export function toTask(row: TaskRow, dependsOn: string[] = []): Task {
	return {
		id: row.id,
		command: row.command,
		status: row.status,
		priority: row.priority,
		model: row.model,
		cost: row.cost ?? 0,
		estimatedTokens: row.estimated_tokens ?? 0,
		actualTokens: row.actual_tokens ?? 0,
		createdAt: row.created_at,
		startedAt: row.started_at,
		completedAt: row.completed_at,
		updatedAt: row.updated_at,
		parentTaskId: row.parent_task_id,
		cwd: row.cwd,
		env: row.env === null ? null : (JSON.parse(row.env) as Record<string, string>),
		maxRetries: row.max_retries,
		attempts: row.attempts,
		timeoutMs: row.timeout_ms,
		nextAttemptAt: row.next_attempt_at,
		workerId: row.worker_id,
		leaseExpiresAt: row.lease_expires_at,
		statusReason: row.status_reason,
		dependsOn,
	};
}

export type NewTask = {
	command: string;
	priority?: Priority;
	model?: string | null;
	parentTaskId?: string | null;
	cwd?: string | null;
	env?: Record<string, string> | null;
	maxRetries?: number;
	timeoutMs?: number | null;
	estimatedTokens?: number;
	dependsOn?: readonly string[];
};

export type TaskFilter = {
	status?: TaskStatus | readonly TaskStatus[];
	parentTaskId?: string;
	/** Case-insensitive substring of the command, model or id. */
	text?: string;
	limit?: number;
	offset?: number;
};

/** Columns a transition may set besides status and timestamps. */
export type TaskPatch = Partial<{
	attempts: number;
	nextAttemptAt: string | null;
	workerId: string | null;
	leaseExpiresAt: string | null;
	statusReason: string | null;
}>;

const patchColumns: Record<keyof TaskPatch, string> = {
	attempts: 'attempts',
	nextAttemptAt: 'next_attempt_at',
	workerId: 'worker_id',
	leaseExpiresAt: 'lease_expires_at',
	statusReason: 'status_reason',
};

export type TransitionOptions = {
	/** Who asked for it (a user name, `worker:<id>`, `dashboard`), recorded in the event. */
	actor?: string;
	reason?: string;
	patch?: TaskPatch;
};

const newId = monotonicFactory();

export class TaskRepository {
	private readonly selectById;
	private readonly selectDeps;
	private readonly insertTask;
	private readonly insertDep;

	constructor(
		private readonly db: Db,
		private readonly events: EventRepository,
		private readonly clock: Clock,
	) {
		this.selectById = db.prepare('SELECT * FROM tasks WHERE id = ?');
		this.selectDeps = db.prepare('SELECT depends_on_id FROM task_dependencies WHERE task_id = ? ORDER BY depends_on_id');
		this.insertTask = db.prepare(`INSERT INTO tasks (id, command, status, priority, priority_rank, model, estimated_tokens,
			created_at, updated_at, parent_task_id, cwd, env, max_retries, timeout_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
		this.insertDep = db.prepare('INSERT INTO task_dependencies (task_id, depends_on_id) VALUES (?, ?)');
	}

	/** Creates a task and queues it (initialized -> pending) in one transaction, with both events. */
	create(input: NewTask, actor = 'cli'): Task {
		return writeTransaction(this.db, () => this.createInTransaction(input, actor));
	}

	/** Many tasks in one transaction: all or none (bulk enqueue). */
	createMany(inputs: readonly NewTask[], actor = 'cli'): Task[] {
		return writeTransaction(this.db, () => inputs.map(input => this.createInTransaction(input, actor)));
	}

	private createInTransaction(input: NewTask, actor: string): Task {
		const command = input.command.trim();
		if (command === '') throw new AzOsError('INVALID_INPUT', 'the command is empty: give the command to run');
		const maxRetries = input.maxRetries ?? 0;
		if (!Number.isInteger(maxRetries) || maxRetries < 0) throw new AzOsError('INVALID_INPUT', `retries must be a whole number >= 0, got ${maxRetries}`);
		if (input.timeoutMs !== undefined && input.timeoutMs !== null && !(input.timeoutMs > 0)) {
			throw new AzOsError('INVALID_INPUT', `timeout must be > 0, got ${input.timeoutMs}`);
		}

		const priority = input.priority ?? 'normal';
		const parent = input.parentTaskId ? this.require(input.parentTaskId).id : null;
		const dependsOn = [...new Set((input.dependsOn ?? []).map(dep => this.require(dep).id))];
		const nowDate = this.clock();
		const now = nowDate.toISOString();
		const id = newId(nowDate.getTime());
		// The row is written once, already queued; the machine still decides, and both events are kept.
		const status = assertTaskTransition(id, 'initialized', 'queue_task', {retriesRemaining: maxRetries});
		const row: TaskRow = {
			id,
			command,
			status,
			priority,
			priority_rank: priorityRank(priority),
			model: input.model ?? null,
			cost: 0,
			estimated_tokens: input.estimatedTokens ?? 0,
			actual_tokens: 0,
			created_at: now,
			started_at: null,
			completed_at: null,
			updated_at: now,
			parent_task_id: parent,
			cwd: input.cwd ?? null,
			env: input.env ? JSON.stringify(input.env) : null,
			max_retries: maxRetries,
			attempts: 0,
			timeout_ms: input.timeoutMs ?? null,
			next_attempt_at: null,
			worker_id: null,
			lease_expires_at: null,
			status_reason: null,
		};
		this.insertTask.run(
			id,
			command,
			status,
			priority,
			row.priority_rank,
			row.model,
			row.estimated_tokens,
			now,
			now,
			parent,
			row.cwd,
			row.env,
			maxRetries,
			row.timeout_ms,
		);
		this.insertDependencies(id, dependsOn);
		this.events.append(id, 'task_created', {command, priority, model: row.model, parent, dependsOn, actor});
		this.events.append(id, 'queue_task', {from: 'initialized', to: status, actor});
		return toTask(row, dependsOn);
	}

	/** Makes `id` wait for `dependsOn` too; refuses an edge that would close a cycle (the tasks could never start). */
	addDependencies(id: string, dependsOn: readonly string[], actor = 'cli'): Task {
		return writeTransaction(this.db, () => {
			const task = this.require(id);
			if (task.status !== 'initialized' && task.status !== 'pending' && task.status !== 'retrying') {
				throw new AzOsError('ILLEGAL_TRANSITION', `task ${task.id} is ${task.status}: only a waiting task can get new dependencies`);
			}

			const deps = [...new Set(dependsOn.map(dep => this.require(dep).id))].filter(dep => !task.dependsOn.includes(dep));
			this.insertDependencies(task.id, deps);
			if (deps.length > 0) this.events.append(task.id, 'dependencies_added', {dependsOn: deps, actor});
			return this.get(task.id)!;
		});
	}

	private insertDependencies(id: string, dependsOn: readonly string[]): void {
		for (const dep of dependsOn) {
			const path = this.dependencyPath(dep, id);
			if (path !== undefined) {
				throw new AzOsError('INVALID_INPUT', `task ${id} cannot wait for ${dep}: that would make a dependency cycle (${[id, ...path].join(' -> ')})`);
			}

			this.insertDep.run(id, dep);
		}
	}

	/** The chain of dependencies leading from `from` to `to` (both included), if any: a depth-first walk. */
	private dependencyPath(from: string, to: string): string[] | undefined {
		const seen = new Set<string>();
		const walk = (current: string): string[] | undefined => {
			if (current === to) return [current];
			if (seen.has(current)) return undefined;
			seen.add(current);
			for (const next of this.dependencies(current)) {
				const rest = walk(next);
				if (rest) return [current, ...rest];
			}

			return undefined;
		};

		return walk(from);
	}

	get(id: string): Task | undefined {
		const row = this.selectById.get(id) as TaskRow | undefined;
		return row ? toTask(row, this.dependencies(row.id)) : undefined;
	}

	/**
	 * Finds a task by its full id or by a unique suffix of at least 4 characters (the dashboard shows the
	 * last 8), case-insensitively. Unknown or ambiguous ids are NOT_FOUND / INVALID_INPUT errors.
	 */
	require(idOrSuffix: string): Task {
		const wanted = idOrSuffix.trim().toUpperCase();
		const exact = wanted === '' ? undefined : this.get(wanted);
		if (exact) return exact;
		if (wanted.length >= 4 && /^[0-9A-Z]+$/.test(wanted)) {
			const rows = this.db.prepare('SELECT id FROM tasks WHERE id LIKE ? LIMIT 2').all(`%${wanted}`) as Array<{id: string}>;
			if (rows.length === 1) return this.get(rows[0]!.id)!;
			if (rows.length > 1) throw new AzOsError('INVALID_INPUT', `task id "${idOrSuffix}" is ambiguous: give more characters`);
		}

		throw new AzOsError('NOT_FOUND', `no task with id "${idOrSuffix}"`);
	}

	dependencies(id: string): string[] {
		return (this.selectDeps.all(id) as Array<{depends_on_id: string}>).map(row => row.depends_on_id);
	}

	list(filter: TaskFilter = {}): Task[] {
		const {where, params} = this.whereClause(filter);
		const rows = this.db
			.prepare(`SELECT * FROM tasks ${where} ORDER BY id DESC LIMIT ? OFFSET ?`)
			.all(...params, filter.limit ?? 100, filter.offset ?? 0) as TaskRow[];
		return rows.reverse().map(row => toTask(row, this.dependencies(row.id)));
	}

	count(filter: Omit<TaskFilter, 'limit' | 'offset'> = {}): number {
		const {where, params} = this.whereClause(filter);
		return (this.db.prepare(`SELECT count(*) AS n FROM tasks ${where}`).get(...params) as {n: number}).n;
	}

	countByStatus(): Record<TaskStatus, number> {
		const counts: Record<TaskStatus, number> = {initialized: 0, pending: 0, running: 0, completed: 0, failed: 0, retrying: 0, cancelled: 0};
		for (const row of this.db.prepare('SELECT status, count(*) AS n FROM tasks GROUP BY status').all() as Array<{status: TaskStatus; n: number}>) {
			counts[row.status] = row.n;
		}

		return counts;
	}

	children(parentId: string): Task[] {
		return this.list({parentTaskId: parentId, limit: 10_000});
	}

	private whereClause(filter: Omit<TaskFilter, 'limit' | 'offset'>): {where: string; params: unknown[]} {
		const clauses: string[] = [];
		const params: unknown[] = [];
		if (filter.status !== undefined) {
			const statuses = typeof filter.status === 'string' ? [filter.status] : filter.status;
			clauses.push(`status IN (${statuses.map(() => '?').join(',')})`);
			params.push(...statuses);
		}

		if (filter.parentTaskId !== undefined) {
			clauses.push('parent_task_id = ?');
			params.push(filter.parentTaskId);
		}

		if (filter.text) {
			clauses.push(`(instr(lower(command), ?) > 0 OR instr(lower(coalesce(model, '')), ?) > 0 OR instr(lower(id), ?) > 0)`);
			const needle = filter.text.toLowerCase();
			params.push(needle, needle, needle);
		}

		return {where: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params};
	}

	/** Checks the state machine, updates the row and appends the event, all in one write transaction. */
	transition(id: string, event: TaskEvent, options: TransitionOptions = {}): Task {
		return writeTransaction(this.db, () => this.transitionInTransaction(id, event, options));
	}

	/** For callers already inside a write transaction (several changes that must land together). */
	transitionInTransaction(id: string, event: TaskEvent, options: TransitionOptions = {}): Task {
		const task = this.require(id);
		const to = assertTaskTransition(task.id, task.status, event, {retriesRemaining: task.maxRetries - Math.max(0, task.attempts - 1)});
		const now = this.clock().toISOString();
		const sets = ['status = @to', 'updated_at = @now'];
		const params: Record<string, unknown> = {id: task.id, to, now};
		if (to === 'running') sets.push('started_at = @now', 'completed_at = NULL');
		if (isTerminalTaskStatus(to) || to === 'failed') sets.push('completed_at = @now');
		if (to === 'retrying') sets.push('completed_at = NULL');
		for (const [key, value] of Object.entries(options.patch ?? {})) {
			const column = patchColumns[key as keyof TaskPatch];
			sets.push(`${column} = @${key}`);
			params[key] = value;
		}

		if (options.reason !== undefined && options.patch?.statusReason === undefined) {
			sets.push('status_reason = @reason');
			params['reason'] = options.reason;
		}

		this.db.prepare(`UPDATE tasks SET ${sets.join(', ')} WHERE id = @id`).run(params);
		this.events.append(task.id, event, {
			from: task.status,
			to,
			...(options.actor === undefined ? {} : {actor: options.actor}),
			...(options.reason === undefined ? {} : {reason: options.reason}),
		});
		return this.get(task.id)!;
	}

	/** Priority may change only while the task waits to run. */
	setPriority(id: string, priority: Priority, actor = 'cli'): Task {
		return writeTransaction(this.db, () => {
			const task = this.require(id);
			if (!['initialized', 'pending', 'retrying'].includes(task.status)) {
				throw new AzOsError('ILLEGAL_TRANSITION', `task ${task.id} is ${task.status}: only a waiting task's priority can change`);
			}

			if (task.priority === priority) return task;
			this.db
				.prepare('UPDATE tasks SET priority = ?, priority_rank = ?, updated_at = ? WHERE id = ?')
				.run(priority, priorityRank(priority), this.clock().toISOString(), task.id);
			this.events.append(task.id, 'priority_changed', {from: task.priority, to: priority, actor});
			return this.get(task.id)!;
		});
	}
}
