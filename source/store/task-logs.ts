import type {Clock, LogLevel, TaskLog} from '../domain/types.js';
import {logLevels} from '../domain/types.js';
import type {Db} from './db.js';
import {translateSqliteError} from './db.js';

type LogRow = {id: number; task_id: string; log_level: LogLevel; message: string; timestamp: string; metadata: string | null};

export type NewLogLine = {
	level: LogLevel;
	message: string;
	/** Defaults to the clock's now. */
	timestamp?: string;
	metadata?: Record<string, unknown>;
};

function toLog(row: LogRow): TaskLog {
	return {
		id: row.id,
		taskId: row.task_id,
		level: row.log_level,
		message: row.message,
		timestamp: row.timestamp,
		metadata: row.metadata === null ? null : (JSON.parse(row.metadata) as Record<string, unknown>),
	};
}

/** Levels at or above `level`, for "--level warn" style filtering. */
export function levelsFrom(level: LogLevel): LogLevel[] {
	return logLevels.slice(logLevels.indexOf(level));
}

export class TaskLogRepository {
	private readonly insert;
	private readonly pageAll;
	private readonly lastRows;
	private readonly rowsBefore;
	private readonly countRows;

	constructor(
		private readonly db: Db,
		private readonly clock: Clock,
	) {
		this.insert = db.prepare('INSERT INTO task_logs (task_id, log_level, message, timestamp, metadata) VALUES (?, ?, ?, ?, ?)');
		this.pageAll = db.prepare('SELECT * FROM task_logs WHERE task_id = ? AND id > ? ORDER BY id LIMIT ?');
		this.lastRows = db.prepare('SELECT * FROM (SELECT * FROM task_logs WHERE task_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id');
		this.rowsBefore = db.prepare('SELECT * FROM (SELECT * FROM task_logs WHERE task_id = ? AND id < ? ORDER BY id DESC LIMIT ?) ORDER BY id');
		this.countRows = db.prepare('SELECT count(*) AS n FROM task_logs WHERE task_id = ?');
	}

	/** Appends lines in one transaction (the runner batches), keeping their order. */
	append(taskId: string, lines: readonly NewLogLine[]): void {
		if (lines.length === 0) return;
		const now = this.clock().toISOString();
		try {
			this.db.transaction(() => {
				for (const line of lines) {
					this.insert.run(taskId, line.level, line.message, line.timestamp ?? now, line.metadata ? JSON.stringify(line.metadata) : null);
				}
			})();
		} catch (error) {
			throw translateSqliteError(error, this.db.name);
		}
	}

	/** The next `limit` lines after `afterId`, optionally only at or above a level. Index-backed. */
	page(taskId: string, afterId = 0, limit = 100, minLevel?: LogLevel): TaskLog[] {
		if (minLevel === undefined || minLevel === 'debug') {
			return (this.pageAll.all(taskId, afterId, limit) as LogRow[]).map(toLog);
		}

		const levels = levelsFrom(minLevel);
		const rows = this.db
			.prepare(
				`SELECT * FROM task_logs WHERE task_id = ? AND id > ? AND log_level IN (${levels.map(() => '?').join(',')}) ORDER BY id LIMIT ?`,
			)
			.all(taskId, afterId, ...levels, limit) as LogRow[];
		return rows.map(toLog);
	}

	/** The last `limit` lines, oldest first. */
	tail(taskId: string, limit: number): TaskLog[] {
		return (this.lastRows.all(taskId, limit) as LogRow[]).map(toLog);
	}

	/** The `limit` lines just before `beforeId`, oldest first (scrolling back through a tail). Index-backed. */
	before(taskId: string, beforeId: number, limit: number): TaskLog[] {
		return (this.rowsBefore.all(taskId, beforeId, limit) as LogRow[]).map(toLog);
	}

	count(taskId: string): number {
		return (this.countRows.get(taskId) as {n: number}).n;
	}
}
