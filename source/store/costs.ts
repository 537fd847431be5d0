import {AzOsError} from '../domain/errors.js';
import type {Clock} from '../domain/types.js';
import type {Db} from './db.js';

export type CostRecord = {taskId: string; provider: string; model: string; tokensUsed: number; cost: number};
export type CostByKey = {key: string; cost: number; tokens: number};
export type DailyCost = {day: string; cost: number};

/** cost_tracking rows; each record also adds to its task's cost and actual_tokens. */
export class CostRepository {
	private readonly insert;
	private readonly bumpTask;

	constructor(
		private readonly db: Db,
		private readonly clock: Clock,
	) {
		this.insert = db.prepare('INSERT INTO cost_tracking (task_id, provider, model, tokens_used, cost, timestamp) VALUES (?, ?, ?, ?, ?, ?)');
		this.bumpTask = db.prepare('UPDATE tasks SET cost = coalesce(cost, 0) + ?, actual_tokens = coalesce(actual_tokens, 0) + ?, updated_at = ? WHERE id = ?');
	}

	/** Call inside a write transaction together with the budget check. */
	record(entry: CostRecord): void {
		if (!(entry.cost >= 0) || !Number.isFinite(entry.cost)) throw new AzOsError('INVALID_INPUT', `cost must be a number >= 0, got ${entry.cost}`);
		if (!Number.isInteger(entry.tokensUsed) || entry.tokensUsed < 0) throw new AzOsError('INVALID_INPUT', `tokens must be a whole number >= 0, got ${entry.tokensUsed}`);
		const now = this.clock().toISOString();
		this.insert.run(entry.taskId, entry.provider, entry.model, entry.tokensUsed, entry.cost, now);
		this.bumpTask.run(entry.cost, entry.tokensUsed, now, entry.taskId);
	}

	forTask(taskId: string): Array<CostRecord & {timestamp: string}> {
		return (this.db.prepare('SELECT * FROM cost_tracking WHERE task_id = ? ORDER BY id').all(taskId) as CostRow[]).map(row => ({
			taskId: row.task_id,
			provider: row.provider,
			model: row.model,
			tokensUsed: row.tokens_used,
			cost: row.cost,
			timestamp: row.timestamp,
		}));
	}

	/** Total spend at or after `since` (ISO). */
	spentSince(since: string): number {
		return (this.db.prepare('SELECT coalesce(sum(cost), 0) AS total FROM cost_tracking WHERE timestamp >= ?').get(since) as {total: number}).total;
	}

	topBy(column: 'model' | 'provider', since: string, limit = 5): CostByKey[] {
		return this.db
			.prepare(`SELECT ${column} AS key, sum(cost) AS cost, sum(tokens_used) AS tokens FROM cost_tracking WHERE timestamp >= ?
				GROUP BY ${column} ORDER BY cost DESC LIMIT ?`)
			.all(since, limit) as CostByKey[];
	}

	/** Spend per UTC day for the last `days` days, oldest first, zero-filled. */
	daily(days: number): DailyCost[] {
		const today = this.clock();
		const start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - (days - 1)));
		const rows = this.db
			.prepare('SELECT substr(timestamp, 1, 10) AS day, sum(cost) AS cost FROM cost_tracking WHERE timestamp >= ? GROUP BY day')
			.all(start.toISOString()) as DailyCost[];
		const byDay = new Map(rows.map(row => [row.day, row.cost]));
		return Array.from({length: days}, (_, index) => {
			const day = new Date(start.getTime() + index * 86_400_000).toISOString().slice(0, 10);
			return {day, cost: byDay.get(day) ?? 0};
		});
	}
}

type CostRow = {task_id: string; provider: string; model: string; tokens_used: number; cost: number; timestamp: string};
