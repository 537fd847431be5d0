import type {TaskStatus} from '../../domain/task.js';
import type {BudgetState} from '../../domain/budget.js';
import type {LogLevel} from '../../domain/types.js';

/** Pads or cuts `text` to exactly `width` columns (an ellipsis marks a cut). */
export function fit(text: string, width: number): string {
	if (width <= 0) return '';
	const single = text.replace(/[\r\n\t]+/g, ' ');
	if (single.length <= width) return single.padEnd(width);
	return `${single.slice(0, Math.max(0, width - 1))}…`;
}

/** Cuts `text` to at most `width` columns without padding: the last thing on a line needs no trailing spaces
 * (Ink processes every character of every frame, so fewer characters mean cheaper frames). */
export function clip(text: string, width: number): string {
	return fit(text, width).trimEnd();
}

export const statusColors: Record<TaskStatus, string> = {
	initialized: 'white',
	pending: 'yellow',
	running: 'cyan',
	completed: 'green',
	failed: 'red',
	retrying: 'magenta',
	cancelled: 'gray',
};

export const budgetColors: Record<BudgetState, string> = {ok: 'green', warning: 'yellow', critical: 'red', paused: 'magenta'};

export const levelColors: Record<LogLevel, string | undefined> = {debug: 'gray', info: undefined, warn: 'yellow', error: 'red'};

const sparks = '▁▂▃▄▅▆▇█';

/** One character per value, scaled to the largest; all zero is a flat line. */
export function sparkline(values: readonly number[]): string {
	const max = Math.max(0, ...values);
	return values.map(value => (max <= 0 ? sparks[0] : sparks[Math.min(sparks.length - 1, Math.floor((value / max) * (sparks.length - 1)))])).join('');
}

/** A bar `width` cells wide, filled to `fraction` (clamped to 0..1). */
export function bar(fraction: number, width: number): string {
	const cells = Math.max(1, width);
	const filled = Math.round(Math.min(1, Math.max(0, fraction)) * cells);
	return '█'.repeat(filled) + '░'.repeat(cells - filled);
}
