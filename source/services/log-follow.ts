import {setTimeout as sleep} from 'node:timers/promises';
import type {LogLevel, TaskLog} from '../domain/types.js';
import type {Store} from '../store/store.js';

export type FollowOptions = {
	afterId?: number;
	minLevel?: LogLevel;
	/** Keep polling for new lines until the task ends (default true); false reads what is there once. */
	follow?: boolean;
	/** How often to look for new rows; readers poll by id, which is index-backed and cheap. */
	pollMs?: number;
	signal?: AbortSignal;
	pageSize?: number;
};

/** A task is done, for following, once no worker will write to it again. */
function isDone(store: Store, taskId: string): boolean {
	const status = store.tasks.get(taskId)?.status;
	return status === undefined || status === 'completed' || status === 'cancelled' || status === 'failed';
}

/**
 * Yields batches of new log lines of a task as any process writes them. The status is read before the
 * rows, so lines written just before the task ended are still delivered.
 */
export async function* followLogs(store: Store, taskId: string, options: FollowOptions = {}): AsyncGenerator<TaskLog[]> {
	let afterId = options.afterId ?? 0;
	const pollMs = options.pollMs ?? 25;
	const pageSize = options.pageSize ?? 1000;
	for (;;) {
		const done = isDone(store, taskId);
		for (;;) {
			const page = store.logs.page(taskId, afterId, pageSize, options.minLevel);
			if (page.length === 0) break;
			afterId = page.at(-1)!.id;
			yield page;
			if (page.length < pageSize) break;
		}

		if (options.follow === false || done || options.signal?.aborted) return;
		try {
			await sleep(pollMs, undefined, {signal: options.signal});
		} catch {
			return;
		}
	}
}
