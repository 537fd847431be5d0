import type {TaskStatus} from '../domain/task.js';
import type {Task} from '../domain/types.js';
import type {Db} from './db.js';
import type {TaskRow} from './tasks.js';
import {toTask} from './tasks.js';

/**
 * The queue order's first key. It must match the expression in migrations/020_task_queue_order.up.sql
 * character for character, or SQLite will not use those indexes.
 */
const groupSql = `(CASE status WHEN 'running' THEN 0 WHEN 'pending' THEN 1 WHEN 'retrying' THEN 1 WHEN 'initialized' THEN 1 ELSE 2 END)`;

/** 0 running, 1 waiting (initialized, pending, retrying), 2 finished. */
export type QueueGroup = 0 | 1 | 2;
const groups: readonly QueueGroup[] = [0, 1, 2];

export function queueGroup(status: TaskStatus): QueueGroup {
	if (status === 'running') return 0;
	if (status === 'pending' || status === 'retrying' || status === 'initialized') return 1;
	return 2;
}

/** Queue order: running, then waiting by priority and age (the order they will run), then finished, newest first. */
export function compareQueueOrder(a: Task, b: Task): number {
	const byGroup = queueGroup(a.status) - queueGroup(b.status);
	if (byGroup !== 0) return byGroup;
	if (queueGroup(a.status) === 2) return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
	const byRank = priorityRankOf(b) - priorityRankOf(a);
	if (byRank !== 0) return byRank;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const ranks = {critical: 4, high: 3, normal: 2, low: 1} as const;
function priorityRankOf(task: Task): number {
	return ranks[task.priority];
}

export type QueueFilter = {
	/** Case-insensitive substring of the command, model or id. */
	text?: string;
	status?: TaskStatus | null;
};

/** Without a filter the queue is a tree (top-level tasks, their subtasks beneath); with one it is flat. */
export function isFlat(filter: QueueFilter): boolean {
	return Boolean(filter.text) || Boolean(filter.status);
}

export type GroupCounts = readonly [number, number, number];

/**
 * The dashboard's view of the tasks table: only the rows on screen are read, by index, so a queue of
 * 100,000 tasks costs the same to scroll as one of 100.
 */
export class TaskQueueQuery {
	constructor(private readonly db: Db) {}

	private scope(filter: QueueFilter): {where: string[]; params: unknown[]} {
		const where: string[] = [];
		const params: unknown[] = [];
		if (!isFlat(filter)) where.push('parent_task_id IS NULL');
		if (filter.status) {
			where.push('status = ?');
			params.push(filter.status);
		}

		if (filter.text) {
			const needle = filter.text.toLowerCase();
			where.push(`(instr(lower(command), ?) > 0 OR instr(lower(coalesce(model, '')), ?) > 0 OR instr(lower(id), ?) > 0)`);
			params.push(needle, needle, needle);
		}

		return {where, params};
	}

	/** How many rows the queue has in each group (top-level tasks only when not filtered). */
	groupCounts(filter: QueueFilter = {}): GroupCounts {
		// One count per group: each is a covering index range (a GROUP BY on the expression is not).
		const counts = groups.map(group => {
			const {where, params} = this.scope(filter);
			where.push(`${groupSql} = ${group}`);
			return (this.db.prepare(`SELECT count(*) AS n FROM tasks WHERE ${where.join(' AND ')}`).get(...params) as {n: number}).n;
		});
		return [counts[0]!, counts[1]!, counts[2]!];
	}

	/** `limit` rows of the queue from `offset`, in queue order; `counts` from groupCounts with the same filter. */
	page(filter: QueueFilter, offset: number, limit: number, counts: GroupCounts = this.groupCounts(filter)): Task[] {
		const ids: string[] = [];
		let skip = Math.max(0, offset);
		for (const group of groups) {
			if (ids.length >= limit) break;
			const inGroup = counts[group];
			if (skip >= inGroup) {
				skip -= inGroup;
				continue;
			}

			const {where, params} = this.scope(filter);
			where.push(`${groupSql} = ${group}`);
			const order = group === 2 ? 'id DESC' : 'priority_rank DESC, id';
			const rows = this.db
				.prepare(`SELECT id FROM tasks WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ? OFFSET ?`)
				.all(...params, limit - ids.length, skip) as Array<{id: string}>;
			for (const row of rows) ids.push(row.id);
			skip = 0;
		}

		return this.byIds(ids);
	}

	/** A task's direct subtasks in queue order (index-backed by parent_task_id). */
	children(parentId: string): Task[] {
		const rows = this.db.prepare('SELECT * FROM tasks WHERE parent_task_id = ?').all(parentId) as TaskRow[];
		return rows.map(row => toTask(row)).sort(compareQueueOrder);
	}

	private byIds(ids: readonly string[]): Task[] {
		if (ids.length === 0) return [];
		const rows = this.db.prepare(`SELECT * FROM tasks WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids) as TaskRow[];
		const byId = new Map(rows.map(row => [row.id, row]));
		return ids.flatMap(id => {
			const row = byId.get(id);
			return row ? [toTask(row)] : [];
		});
	}
}
