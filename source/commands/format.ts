import type {Task} from '../domain/types.js';
import {formatCost, shortId, taskTime, truncate} from '../domain/format.js';

// The pure formatters live in domain/format.ts so the dashboard can use them too (ui must not import commands).
export {formatCost, formatDuration, shortId, taskTime, truncate} from '../domain/format.js';

export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, maxWidth = 120): string {
	const widths = headers.map((header, column) => Math.max(header.length, ...rows.map(row => (row[column] ?? '').length)));
	// The last column takes what is left, truncated.
	const fixed = widths.slice(0, -1).reduce((sum, width) => sum + width + 2, 0);
	widths[widths.length - 1] = Math.max(10, Math.min(widths.at(-1)!, maxWidth - fixed));
	const line = (cells: readonly string[]) =>
		cells
			.map((cell, column) => (column === cells.length - 1 ? truncate(cell, widths[column]!) : cell.padEnd(widths[column]!)))
			.join('  ')
			.trimEnd();
	return [line(headers), ...rows.map(line)].join('\n');
}

export function taskRows(tasks: readonly Task[], now: Date): string[][] {
	return tasks.map(task => [shortId(task.id), task.status, task.priority, task.model ?? '-', formatCost(task.cost), taskTime(task, now), task.command]);
}

export const taskHeaders = ['ID', 'STATUS', 'PRIORITY', 'MODEL', 'COST', 'TIME', 'COMMAND'] as const;
