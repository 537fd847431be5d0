import type {Task} from '../domain/types.js';
import type {Store} from '../store/store.js';

/** Delay before retry number `attempt` + 1, after attempt `attempt` (1-based) failed: base * 2^(attempt-1). */
export function retryDelayMs(baseMs: number, attempt: number): number {
	return baseMs * 2 ** Math.max(0, attempt - 1);
}

export type FailOptions = {reason: string; actor: string; now: Date};

/**
 * A running task failed: task_error, then auto_retry when retries remain, in the caller's write
 * transaction, so a `failed` that other processes see is always final. Logs each step on the task.
 */
export function failRunningTask(store: Store, task: Task, options: FailOptions): Task {
	const failed = store.tasks.transitionInTransaction(task.id, 'task_error', {
		actor: options.actor,
		reason: options.reason,
		patch: {leaseExpiresAt: null},
	});
	const retriesRemaining = failed.maxRetries - Math.max(0, failed.attempts - 1);
	const attemptText = `attempt ${failed.attempts} of ${failed.maxRetries + 1}`;
	if (retriesRemaining <= 0) {
		store.logs.append(task.id, [{level: 'error', message: `failed: ${options.reason} (${attemptText}, no retries left)`}]);
		return failed;
	}

	const delay = retryDelayMs(store.config.getNumber('runner.retry_base_delay_ms'), failed.attempts);
	const nextAttemptAt = new Date(options.now.getTime() + delay).toISOString();
	store.logs.append(task.id, [
		{level: 'warn', message: `failed: ${options.reason} (${attemptText}); retrying in ${delay} ms`},
	]);
	return store.tasks.transitionInTransaction(task.id, 'auto_retry', {
		actor: options.actor,
		reason: options.reason,
		patch: {nextAttemptAt},
	});
}
