import {describe, expect, it} from 'vitest';
import {retryDelayMs} from '../../source/runner/retry.js';
import {Worker} from '../../source/runner/worker.js';
import {Store} from '../../source/store/store.js';
import {cli} from '../helpers/cli.js';
import {manualClock, onCleanup, tempDir} from '../helpers/temp.js';
import {logMessages, shellEnv, waitFor, waitForStatus} from './helpers.js';

describe('retries with exponential backoff', () => {
	it('computes base * 2^(attempt-1)', () => {
		expect([1, 2, 3, 4].map(attempt => retryDelayMs(1000, attempt))).toEqual([1000, 2000, 4000, 8000]);
	});

	it('retries a failing task after each backoff (injected clock), then fails for good', async () => {
		const dataDir = tempDir();
		const clock = manualClock();
		const store = Store.open(dataDir, {clock: clock.now});
		onCleanup(() => store.close());
		store.config.set('runner.retry_base_delay_ms', '1000');
		const task = store.tasks.create({command: 'echo try; exit 2', cwd: dataDir, env: shellEnv(), maxRetries: 2});
		const worker = new Worker({store, concurrency: 1, pollMs: 10});
		onCleanup(() => worker.stop());
		worker.start();

		const first = await waitFor(() => {
			const current = store.tasks.get(task.id)!;
			return current.status === 'retrying' && current.attempts === 1 ? current : undefined;
		});
		expect(first.nextAttemptAt).toBe('2026-01-01T00:00:01.000Z');
		expect(first.statusReason).toBe('exit code 2');
		// Not due yet: the worker leaves it alone however often it looks.
		await new Promise(resolve => setTimeout(resolve, 200));
		expect(store.tasks.get(task.id)!.attempts).toBe(1);

		clock.advance(1000);
		const second = await waitFor(() => {
			const current = store.tasks.get(task.id)!;
			return current.status === 'retrying' && current.attempts === 2 ? current : undefined;
		});
		expect(second.nextAttemptAt).toBe('2026-01-01T00:00:03.000Z');

		clock.advance(1999);
		await new Promise(resolve => setTimeout(resolve, 200));
		expect(store.tasks.get(task.id)!.attempts).toBe(2);
		clock.advance(1);
		const last = await waitForStatus(store, task.id, 'failed');
		expect(last.attempts).toBe(3);

		const types = store.events.forAggregate(task.id).map(event => event.eventType);
		expect(types).toEqual([
			'task_created', 'queue_task',
			'start_execution', 'task_error', 'auto_retry',
			'retry_execution', 'task_error', 'auto_retry',
			'retry_execution', 'task_error',
		]);
		const lines = logMessages(store, task.id);
		expect(lines).toContain('failed: exit code 2 (attempt 1 of 3); retrying in 1000 ms');
		expect(lines).toContain('failed: exit code 2 (attempt 2 of 3); retrying in 2000 ms');
		expect(lines).toContain('failed: exit code 2 (attempt 3 of 3, no retries left)');
		expect(lines.filter(line => line === 'try')).toHaveLength(3);
	});

	it('logs --follow does not stop at a failure that will be retried (failed and retrying land together)', async () => {
		const dataDir = tempDir();
		const store = Store.open(dataDir);
		onCleanup(() => store.close());
		store.config.set('runner.retry_base_delay_ms', '200');
		const task = store.tasks.create({command: 'echo attempt; exit 1', cwd: dataDir, env: shellEnv(), maxRetries: 1});
		const worker = new Worker({store, concurrency: 1, pollMs: 10});
		onCleanup(() => worker.stop());
		const following = cli(dataDir, ['logs', '--follow', '--level', 'info', task.id]);
		worker.start();
		const {code, stdout} = await following;
		expect(code).toBe(0);
		expect(stdout.split('\n').filter(line => line === 'attempt')).toHaveLength(2);
		expect(store.tasks.get(task.id)!.status).toBe('failed');
	});

	it('a retried task that succeeds ends completed', async () => {
		const dataDir = tempDir();
		const store = Store.open(dataDir);
		onCleanup(() => store.close());
		store.config.set('runner.retry_base_delay_ms', '10');
		const task = store.tasks.create({command: 'test -f marker && exit 0; touch marker; exit 1', cwd: dataDir, env: shellEnv(), maxRetries: 1});
		const worker = new Worker({store, concurrency: 1, pollMs: 10});
		onCleanup(() => worker.stop());
		worker.start();
		const done = await waitForStatus(store, task.id, 'completed');
		expect(done.attempts).toBe(2);
	});
});
