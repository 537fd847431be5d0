import {describe, expect, it} from 'vitest';
import type {Task} from '../../source/domain/types.js';
import {startEmbeddedWorker} from '../../source/runner/embedded.js';
import {isGroupAlive} from '../../source/runner/process-group.js';
import type {WorkerControl, WorkerState} from '../../source/services/worker-control.js';
import {Store} from '../../source/store/store.js';
import {onCleanup, tempDir} from '../helpers/temp.js';
import {shellEnv, waitFor, waitForStatus} from './helpers.js';

describe('startEmbeddedWorker', () => {
	it('runs tasks on a worker thread, pauses, resumes and stops across the thread boundary', async () => {
		const dataDir = tempDir();
		const store = Store.open(dataDir);
		onCleanup(() => store.close());
		const finished: Array<{task: Task; exitCode: number | null}> = [];
		const control: WorkerControl = await startEmbeddedWorker({
			dataDir,
			concurrency: 2,
			pollMs: 10,
			onTaskFinished: (task, result) => {
				finished.push({task, exitCode: result.exitCode});
			},
		});
		onCleanup(() => control.stop());
		const states: WorkerState[] = [];
		control.onChange(state => states.push(state));
		expect(control.state).toBe('running');

		const first = store.tasks.create({command: 'echo hello', cwd: dataDir, env: shellEnv()});
		expect((await waitForStatus(store, first.id)).status).toBe('completed');
		await waitFor(() => finished.length === 1, 5000, 'onTaskFinished');
		expect(finished[0]).toMatchObject({task: {id: first.id, status: 'completed'}, exitCode: 0});

		control.pause();
		expect(control.state).toBe('paused');
		// The thread confirms the pause in the workers table before we queue work it must not take.
		await waitFor(() => (store.db.prepare("SELECT state FROM workers").get() as {state: string}).state === 'paused', 5000, 'paused row');
		const second = store.tasks.create({command: 'echo again', cwd: dataDir, env: shellEnv()});
		await new Promise(resolve => setTimeout(resolve, 300));
		expect(store.tasks.get(second.id)!.status).toBe('pending');

		control.resume();
		expect((await waitForStatus(store, second.id)).status).toBe('completed');

		await control.stop();
		expect(control.state).toBe('stopped');
		expect(states).toEqual(['paused', 'running', 'stopping', 'stopped']);
		expect((store.db.prepare('SELECT state FROM workers').get() as {state: string}).state).toBe('stopped');
	});

	it('stop() cancels what still runs after the grace period, kills its process group, and resolves when the thread is gone', async () => {
		const dataDir = tempDir();
		const store = Store.open(dataDir);
		onCleanup(() => store.close());
		store.config.set('runner.kill_grace_ms', '500');
		const control = await startEmbeddedWorker({dataDir, pollMs: 10, shutdownGraceMs: 100});
		const task = store.tasks.create({command: "sh -c 'sleep 1000 & sleep 1000'", cwd: dataDir, env: shellEnv()});
		await waitForStatus(store, task.id, 'running');
		const pid = await waitFor(() => (store.db.prepare('SELECT pid FROM tasks WHERE id = ?').get(task.id) as {pid: number | null}).pid, 5000, 'pid');
		await control.stop();
		expect(control.state).toBe('stopped');
		expect(store.tasks.get(task.id)).toMatchObject({status: 'cancelled', statusReason: 'worker stopped'});
		expect(isGroupAlive(pid)).toBe(false);
	});

	it('rejects with a clear error when the data dir cannot be opened', async () => {
		const dataDir = tempDir();
		const {writeFileSync} = await import('node:fs');
		writeFileSync(`${dataDir}/az_os.db`, 'not a database at all, just text'.repeat(100));
		await expect(startEmbeddedWorker({dataDir})).rejects.toThrow(/not an SQLite database/);
	});
});
