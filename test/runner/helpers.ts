import {setTimeout as sleep} from 'node:timers/promises';
import type {Task} from '../../source/domain/types.js';
import type {Store} from '../../source/store/store.js';

/** Polls `check` until it returns something truthy, or fails after `timeoutMs` (generous: behaviour, not speed). */
export async function waitFor<T>(check: () => T | undefined | false | null, timeoutMs = 10_000, what = 'condition'): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(10);
	}
}

const finalStatuses = new Set(['completed', 'failed', 'cancelled']);

export function waitForStatus(store: Store, id: string, statuses: readonly string[] | string = [...finalStatuses], timeoutMs = 10_000): Promise<Task> {
	const wanted = typeof statuses === 'string' ? [statuses] : statuses;
	return waitFor(() => {
		const task = store.tasks.get(id);
		return task && wanted.includes(task.status) ? task : undefined;
	}, timeoutMs, `task ${id} to be ${wanted.join('/')}`);
}

export function logMessages(store: Store, id: string): string[] {
	return store.logs.page(id, 0, 1_000_000).map(line => line.message);
}

export function shellEnv(): Record<string, string> {
	return {PATH: process.env['PATH'] ?? '/usr/bin:/bin'};
}
