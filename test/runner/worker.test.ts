import {afterEach, describe, expect, it} from 'vitest';
import {Store} from '../../source/store/store.js';
import {Worker} from '../../source/runner/worker.js';
import {tempDir} from '../helpers/temp.js';
import {logMessages, shellEnv, waitForStatus} from './helpers.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setup(options: {concurrency?: number} = {}) {
	const dataDir = tempDir();
	const store = Store.open(dataDir);
	const worker = new Worker({store, concurrency: options.concurrency ?? 2, pollMs: 10, onError: message => errors.push(message)});
	const errors: string[] = [];
	cleanups.push(() => store.close());
	cleanups.push(() => worker.stop());
	const add = (command: string, extra: Parameters<Store['tasks']['create']>[0] extends infer T ? Partial<T> : never = {}) =>
		store.tasks.create({command, cwd: dataDir, env: shellEnv(), ...extra});
	return {dataDir, store, worker, errors, add};
}

describe('Worker running shell tasks', () => {
	it('runs a command to completion, logging stdout at info and stderr at error in arrival order', async () => {
		const {store, worker, add, errors} = setup();
		const task = add("echo one; echo two >&2; sleep 0.05; echo three");
		worker.start();
		const done = await waitForStatus(store, task.id);
		expect(done.status).toBe('completed');
		const lines = store.logs.page(task.id, 0, 100).filter(line => line.level !== 'debug');
		expect(lines.map(line => [line.level, line.message])).toEqual([
			['info', 'one'],
			['error', 'two'],
			['info', 'three'],
			['info', expect.stringMatching(/^completed in \d+ ms$/)],
		]);
		const result = store.snapshots.get(task.id, 'result')!.data;
		expect(result).toMatchObject({exitCode: 0, signal: null, lastLines: expect.arrayContaining(['one', 'two', 'three'])});
		expect(store.toolUsage.forTask(task.id)).toEqual([expect.objectContaining({toolName: 'shell', toolCategory: 'system', success: true})]);
		expect(errors).toEqual([]);
	});

	it('fails on a non-zero exit with the exit code as reason', async () => {
		const {store, worker, add} = setup();
		const task = add('echo bad >&2; exit 3');
		worker.start();
		const done = await waitForStatus(store, task.id);
		expect(done.status).toBe('failed');
		expect(done.statusReason).toBe('exit code 3');
		expect(logMessages(store, task.id)).toContain('failed: exit code 3 (attempt 1 of 1, no retries left)');
		expect(store.toolUsage.forTask(task.id)[0]).toMatchObject({success: false, errorMessage: 'exit code 3'});
	});
});
