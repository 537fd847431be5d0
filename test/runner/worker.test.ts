import {chmodSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {Store} from '../../source/store/store.js';
import {Worker} from '../../source/runner/worker.js';
import {onCleanup, tempDir} from '../helpers/temp.js';
import {logMessages, shellEnv, waitForStatus} from './helpers.js';

function setup(options: {concurrency?: number} = {}) {
	const dataDir = tempDir();
	const store = Store.open(dataDir);
	const worker = new Worker({store, concurrency: options.concurrency ?? 2, pollMs: 10, onError: message => errors.push(message)});
	const errors: string[] = [];
	onCleanup(() => store.close());
	onCleanup(() => worker.stop());
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
		expect(store.metrics.recent('queue_depth')[0]).toMatchObject({type: 'gauge', value: 1, tags: {worker: worker.workerId}});
		expect(store.metrics.recent('task_wait_ms')[0]).toMatchObject({type: 'histogram', tags: {worker: worker.workerId, priority: 'normal'}});
		expect(store.metrics.recent('task_duration_ms')[0]).toMatchObject({type: 'histogram', tags: {worker: worker.workerId, status: 'completed'}});
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

	it('fails a task whose working directory does not exist, without running it', async () => {
		const {store, worker, add, dataDir} = setup();
		const missing = path.join(dataDir, 'gone');
		const task = add('touch ran', {cwd: missing});
		worker.start();
		const done = await waitForStatus(store, task.id);
		expect(done.status).toBe('failed');
		expect(done.statusReason).toBe(`working directory ${missing} does not exist`);
		expect(store.toolUsage.forTask(task.id)[0]).toMatchObject({toolName: 'shell', success: false});
	});

	it('fails commands that cannot start, saying why', async () => {
		const {store, worker, add, dataDir} = setup();
		writeFileSync(path.join(dataDir, 'script.sh'), 'echo hi\n');
		chmodSync(path.join(dataDir, 'script.sh'), 0o644);
		const missing = add('/no/such/program --flag');
		const notExecutable = add('./script.sh');
		worker.start();
		const first = await waitForStatus(store, missing.id);
		const second = await waitForStatus(store, notExecutable.id);
		expect([first.status, first.statusReason]).toEqual(['failed', 'exit code 127 (command not found)']);
		expect(logMessages(store, missing.id).some(line => line.includes('/no/such/program'))).toBe(true);
		expect([second.status, second.statusReason]).toEqual(['failed', 'exit code 126 (command not executable)']);
	});

	it('fails a task whose command the shell cannot even be given (NUL byte), saying why', async () => {
		const {store, worker, add} = setup();
		const task = add('echo a\u0000b');
		worker.start();
		const done = await waitForStatus(store, task.id);
		expect(done.status).toBe('failed');
		expect(done.statusReason).toMatch(/^could not start \/bin\/sh: .*null bytes/);
		expect(store.toolUsage.forTask(task.id)[0]).toMatchObject({success: false});
	});

	it('fails an agent task with a clear reason (agent tasks belong to the agent executor)', async () => {
		const {store, worker, add} = setup();
		const task = add('summarise the repo', {model: 'gpt-4o'});
		worker.start();
		const done = await waitForStatus(store, task.id);
		expect(done.status).toBe('failed');
		expect(done.statusReason).toMatch(/agent tasks need the agent executor/);
	});

	it('kills a task that runs past its timeout', async () => {
		const {store, worker, add} = setup();
		const task = add('echo started; sleep 30', {timeoutMs: 200});
		worker.start();
		const done = await waitForStatus(store, task.id);
		expect(done.status).toBe('failed');
		expect(done.statusReason).toBe('timed out after 0.2 s');
		expect(store.snapshots.get(task.id, 'result')!.data).toMatchObject({signal: 'SIGTERM', lastLines: ['started']});
	});

	it('keeps a 1 MB line whole', async () => {
		const {store, worker, add} = setup();
		const task = add("head -c 1048576 /dev/zero | tr '\\0' x; echo; echo after");
		worker.start();
		expect((await waitForStatus(store, task.id)).status).toBe('completed');
		const lines = store.logs.page(task.id, 0, 10, 'info').map(line => line.message);
		expect(lines[0]).toBe('x'.repeat(1024 * 1024));
		expect(lines[1]).toBe('after');
	});

	it('keeps binary output byte for byte without crashing the logger', async () => {
		const {store, worker, add} = setup();
		const task = add("printf 'ok\\n\\377\\376\\000bin\\001\\n'; printf 'tail-without-newline'");
		worker.start();
		expect((await waitForStatus(store, task.id)).status).toBe('completed');
		const lines = store.logs.page(task.id, 0, 10, 'info');
		expect(lines[0]!.message).toBe('ok');
		expect(Buffer.from(lines[1]!.metadata!['raw'] as string, 'base64')).toEqual(Buffer.from([0xff, 0xfe, 0x00, 0x62, 0x69, 0x6e, 0x01]));
		expect(lines[1]!.metadata).toMatchObject({stream: 'stdout', encoding: 'base64'});
		expect(lines[2]!.message).toBe('tail-without-newline');
	});

	it('claims highest priority first, then oldest', async () => {
		const {store, add} = setup();
		const order = [
			add('true', {priority: 'low'}),
			add('true', {priority: 'normal'}),
			add('true', {priority: 'critical'}),
			add('true', {priority: 'high'}),
			add('true', {priority: 'critical'}),
		];
		const worker = new Worker({store, concurrency: 1, pollMs: 10});
		onCleanup(() => worker.stop());
		worker.start();
		for (const task of order) await waitForStatus(store, task.id);
		const started = store.events.ofType('start_execution', 100).reverse().map(event => event.aggregateId);
		expect(started).toEqual([order[2]!.id, order[4]!.id, order[3]!.id, order[1]!.id, order[0]!.id]);
	});
});
