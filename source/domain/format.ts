import type {Task} from './types.js';

/** Pure text formatting shared by the CLI's tables and the dashboard. */

/** The last 8 characters of a ULID: its random part, unique enough to type, accepted wherever an id is. */
export function shortId(id: string): string {
	return id.slice(-8).toLowerCase();
}

export function truncate(text: string, width: number): string {
	const single = text.replace(/\s+/g, ' ');
	return single.length <= width ? single : `${single.slice(0, Math.max(0, width - 1))}…`;
}

/** "3s", "4m12s", "2h05m", "3d4h". */
export function formatDuration(ms: number): string {
	const seconds = Math.max(0, Math.round(ms / 1000));
	if (seconds < 60) return `${seconds}s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
	const hours = Math.floor(minutes / 60);
	if (hours < 24) return `${hours}h${String(minutes % 60).padStart(2, '0')}m`;
	return `${Math.floor(hours / 24)}d${hours % 24}h`;
}

export function formatCost(cost: number): string {
	return cost === 0 ? '$0' : cost < 0.01 ? `$${cost.toFixed(4)}` : `$${cost.toFixed(2)}`;
}

/** Running tasks show how long they have run; finished ones their duration; waiting ones their age. */
export function taskTime(task: Task, now: Date): string {
	if (task.startedAt && task.completedAt) return formatDuration(Date.parse(task.completedAt) - Date.parse(task.startedAt));
	if (task.startedAt && task.status === 'running') return formatDuration(now.getTime() - Date.parse(task.startedAt));
	return `${formatDuration(now.getTime() - Date.parse(task.createdAt))} ago`;
}
