import {spawn} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {Store} from '../../source/store/store.js';
import {builtCli, cli, spawnCli} from '../helpers/cli.js';
import {onCleanup, tempDir} from '../helpers/temp.js';
import {shellEnv, waitFor, waitForStatus} from './helpers.js';

function startWorker(dataDir: string, args: string[] = []) {
	const child = spawn(process.execPath, [builtCli, '--data-dir', dataDir, 'worker', ...args], {stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', chunk => (stdout += String(chunk)));
	child.stderr.on('data', chunk => (stderr += String(chunk)));
	const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)));
	onCleanup(() => {
		if (child.exitCode === null) child.kill('SIGKILL');
	});
	return {child, exited, stdout: () => stdout, stderr: () => stderr};
}

describe('az-os worker', () => {
	it('on SIGTERM stops claiming, lets the running task finish, and exits 0', async () => {
		const dataDir = tempDir();
		const store = Store.open(dataDir);
		onCleanup(() => store.close());
		const running = store.tasks.create({command: 'sleep 0.5; echo done', cwd: dataDir, env: shellEnv()});
		const worker = startWorker(dataDir, ['--concurrency', '1']);
		await waitForStatus(store, running.id, 'running');
		const queued = store.tasks.create({command: 'true', cwd: dataDir, env: shellEnv()});
		worker.child.kill('SIGTERM');
		expect(await worker.exited).toBe(0);
		expect(store.tasks.get(running.id)!.status).toBe('completed');
		expect(store.tasks.get(queued.id)!.status).toBe('pending');
		expect(worker.stdout()).toMatch(/running up to 1 tasks/);
		expect(worker.stdout()).toContain('stopping: waiting up to 10 s for 1 running task');
		expect(worker.stdout()).toMatch(/completed\s+\w{8} sleep 0.5; echo done/);
		expect(worker.stderr()).toBe('');
		expect((store.db.prepare('SELECT state FROM workers').get() as {state: string}).state).toBe('stopped');
	});

	it('cancels what still runs after the grace period, then exits 0', async () => {
		const dataDir = tempDir();
		const store = Store.open(dataDir);
		onCleanup(() => store.close());
		store.config.set('runner.kill_grace_ms', '500');
		const task = store.tasks.create({command: 'sleep 1000', cwd: dataDir, env: shellEnv()});
		const worker = startWorker(dataDir, ['--grace', '0.2']);
		await waitForStatus(store, task.id, 'running');
		worker.child.kill('SIGINT');
		expect(await worker.exited).toBe(0);
		expect(store.tasks.get(task.id)).toMatchObject({status: 'cancelled', statusReason: 'worker stopped'});
		await waitFor(() => store.logs.tail(task.id, 5).some(line => line.message.includes('after the task became cancelled')), 2000, 'end logged');
	});

	it('the README flow: add, worker, logs --follow until the task ends, all as separate processes', async () => {
		const dataDir = tempDir();
		const added = await spawnCli(['--data-dir', dataDir, 'add', '--', 'for i in 1 2 3; do echo line $i; sleep 0.1; done; echo oops >&2'], {cwd: dataDir});
		expect(added.code).toBe(0);
		const id = added.stdout.trim();
		const worker = startWorker(dataDir, ['--concurrency', '1']);
		const followed = await spawnCli(['--data-dir', dataDir, 'logs', '--follow', id]);
		expect(followed.code).toBe(0);
		expect(followed.stdout.split('\n').filter(line => !line.startsWith('[debug]'))).toEqual([
			'line 1', 'line 2', 'line 3', '[error] oops', expect.stringMatching(/^completed in \d+ ms$/), '',
		]);
		worker.child.kill('SIGTERM');
		expect(await worker.exited).toBe(0);
	});

	it.each([
		[['--concurrency', '0'], '--concurrency must be a whole number >= 1, got 0'],
		[['--concurrency', 'two'], '--concurrency needs a number'],
		[['--grace', '-1'], '--grace must be a number of seconds >= 0, got -1'],
	])('refuses %j', async (args, message) => {
		const result = await cli(tempDir(), ['worker', ...args]);
		expect([result.code, result.stderr]).toEqual([2, `az-os: ${message}\n`]);
	});
});
