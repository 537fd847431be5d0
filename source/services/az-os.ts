import path from 'node:path';
import {AzOsError} from '../domain/errors.js';
import type {Priority} from '../domain/priority.js';
import {activeTaskStatuses} from '../domain/task.js';
import type {Clock, DomainEvent, Task} from '../domain/types.js';
import {systemClock} from '../domain/types.js';
import {openDatabase} from '../store/db.js';
import type {CostRecord} from '../store/costs.js';
import {Migrator} from '../store/migrator.js';
import type {Snapshot} from '../store/snapshots.js';
import type {NewTask} from '../store/tasks.js';
import {databaseFileName, Store} from '../store/store.js';
import type {ToolUsage} from '../store/tool-usage.js';

export type AzOsOptions = {
	dataDir: string;
	clock?: Clock;
	busyTimeoutMs?: number;
};

export type TaskDetail = {
	task: Task;
	events: DomainEvent[];
	costs: Array<CostRecord & {timestamp: string}>;
	toolUsage: ToolUsage[];
	snapshots: Snapshot[];
	subtasks: Task[];
	logLines: number;
};

/**
 * The application's one entry point for a data dir: commands, the dashboard and workers all go through it.
 * It opens the database migrated to the latest version and holds the operations that span several tables.
 */
export class AzOs {
	readonly store: Store;

	private constructor(
		readonly dataDir: string,
		store: Store,
	) {
		this.store = store;
	}

	static open(options: AzOsOptions): AzOs {
		return new AzOs(options.dataDir, Store.open(options.dataDir, {clock: options.clock ?? systemClock, busyTimeoutMs: options.busyTimeoutMs}));
	}

	/** For `az-os migrate`: the database without migrating it first. */
	static withMigrator<T>(dataDir: string, work: (migrator: Migrator) => T, clock?: Clock): T {
		const db = openDatabase(path.join(dataDir, databaseFileName));
		try {
			return work(new Migrator(db, {clock}));
		} finally {
			db.close();
		}
	}

	get clock(): Clock {
		return this.store.clock;
	}

	addTask(input: NewTask, actor = 'cli'): Task {
		const maxRetries = input.maxRetries ?? this.store.config.getNumber('runner.max_retries');
		return this.store.tasks.create({...input, maxRetries}, actor);
	}

	/**
	 * Cancels a task and its unfinished subtasks in one transaction. A running task's row turns cancelled at
	 * once; the worker that owns it sees that and kills its process group.
	 */
	cancel(idOrSuffix: string, actor = 'cli'): Task[] {
		const {tasks} = this.store;
		return this.store.db
			.transaction(() => {
				const root = tasks.require(idOrSuffix);
				const cancelled = [tasks.transitionInTransaction(root.id, 'user_cancel', {actor, reason: `cancelled by ${actor}`})];
				const queue = [root.id];
				while (queue.length > 0) {
					const parentId = queue.shift()!;
					for (const child of tasks.list({parentTaskId: parentId, limit: 100_000})) {
						queue.push(child.id);
						if (activeTaskStatuses.includes(child.status)) {
							cancelled.push(tasks.transitionInTransaction(child.id, 'user_cancel', {actor, reason: `parent ${root.id} cancelled by ${actor}`}));
						}
					}
				}

				return cancelled;
			})
			.immediate();
	}

	/** A person's retry of a failed task: it waits for a worker again, now. */
	retry(idOrSuffix: string, actor = 'cli'): Task {
		const task = this.store.tasks.require(idOrSuffix);
		if (task.status !== 'failed') {
			throw new AzOsError('ILLEGAL_TRANSITION', `task ${task.id} cannot go from ${task.status} to retrying (only failed tasks can be retried)`);
		}

		return this.store.tasks.transition(task.id, 'user_retry', {
			actor,
			reason: `retried by ${actor}`,
			patch: {nextAttemptAt: this.clock().toISOString(), statusReason: null},
		});
	}

	setPriority(idOrSuffix: string, priority: Priority, actor = 'cli'): Task {
		return this.store.tasks.setPriority(idOrSuffix, priority, actor);
	}

	detail(idOrSuffix: string): TaskDetail {
		const task = this.store.tasks.require(idOrSuffix);
		return {
			task,
			events: this.store.events.forAggregate(task.id),
			costs: this.store.costs.forTask(task.id),
			toolUsage: this.store.toolUsage.forTask(task.id),
			snapshots: this.store.snapshots.forTask(task.id),
			subtasks: this.store.tasks.children(task.id),
			logLines: this.store.logs.count(task.id),
		};
	}

	close(): void {
		this.store.close();
	}
}
