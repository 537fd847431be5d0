import type {Clock} from '../domain/types.js';
import type {Db} from './db.js';

export type ToolUsage = {
	taskId: string;
	toolName: string;
	toolCategory: string;
	/** Seconds. */
	executionTime: number;
	success: boolean;
	errorMessage?: string | null;
};

export type ToolStats = {toolName: string; usageCount: number; avgExecutionTime: number; successCount: number; successRate: number};

export class ToolUsageRepository {
	private readonly insert;

	constructor(
		private readonly db: Db,
		private readonly clock: Clock,
	) {
		this.insert = db.prepare(`INSERT INTO tool_usage (task_id, tool_name, tool_category, execution_time, success, error_message, timestamp)
			VALUES (?, ?, ?, ?, ?, ?, ?)`);
	}

	record(usage: ToolUsage): void {
		this.insert.run(usage.taskId, usage.toolName, usage.toolCategory, usage.executionTime, usage.success ? 1 : 0, usage.errorMessage ?? null, this.clock().toISOString());
	}

	forTask(taskId: string): ToolUsage[] {
		return (this.db.prepare('SELECT * FROM tool_usage WHERE task_id = ? ORDER BY id').all(taskId) as ToolUsageRow[]).map(row => ({
			taskId: row.task_id,
			toolName: row.tool_name,
			toolCategory: row.tool_category,
			executionTime: row.execution_time,
			success: row.success === 1,
			errorMessage: row.error_message,
		}));
	}

	/** The seed's tool usage statistics query. */
	stats(): ToolStats[] {
		return this.db
			.prepare(`SELECT tool_name AS toolName, count(*) AS usageCount, avg(execution_time) AS avgExecutionTime,
				sum(CASE WHEN success THEN 1 ELSE 0 END) AS successCount, round(avg(success) * 100, 2) AS successRate
				FROM tool_usage GROUP BY tool_name ORDER BY usageCount DESC`)
			.all() as ToolStats[];
	}
}

type ToolUsageRow = {task_id: string; tool_name: string; tool_category: string; execution_time: number; success: number; error_message: string | null};
