import {AzOsError} from './errors.js';

/** Highest first. */
export const priorities = ['critical', 'high', 'normal', 'low'] as const;
export type Priority = (typeof priorities)[number];

/** Larger is more urgent; stored in tasks.priority_rank so claims can use an index. */
export function priorityRank(priority: Priority): number {
	return priorities.length - priorities.indexOf(priority);
}

export function isPriority(value: string): value is Priority {
	return (priorities as readonly string[]).includes(value);
}

export function parsePriority(value: string): Priority {
	const normalised = value.trim().toLowerCase();
	if (!isPriority(normalised)) {
		throw new AzOsError('INVALID_INPUT', `unknown priority "${value}": use one of ${priorities.join(', ')}`);
	}

	return normalised;
}

/** One step up or down, clamped: used by the dashboard's +/- keys. */
export function shiftPriority(priority: Priority, steps: number): Priority {
	const index = Math.min(priorities.length - 1, Math.max(0, priorities.indexOf(priority) - steps));
	return priorities[index]!;
}
