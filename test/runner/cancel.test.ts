import {describe, expect, it} from 'vitest';
import {execSync} from 'node:child_process';
import {isGroupAlive} from '../../source/runner/process-group.js';
import {Worker} from '../../source/runner/worker.js';
import {Store} from '../../source/store/store.js';
import {cli, spawnCli} from '../helpers/cli.js';
import {onCleanup, tempDir} from '../helpers/temp.js';
import {logMessages, shellEnv, waitFor, waitForStatus} from './helpers.js';

function setup() {
	const dataDir = tempDir();
	const store = Store.open(dataDir);
	const errors: string[] = [];
	const worker = new Worker({store, concurrency: 2, pollMs: 20, onError: message => errors.push(message)});
	onCleanup(() => store.close());
	onCleanup(() => worker.stop());
	return {dataDir, store, worker, errors};
}

describe('cancellation', () => {
	it('a cancel from another process kills the whole process group, grandchildren included, and says who', async () => {
		const {dataDir, store, worker, errors} = setup();
		store.config.set('runner.kill_grace_ms', '2000');
		const task = store.tasks.create({command: "sh -c 'sleep 1000 & sleep 1000'; echo never", cwd: dataDir, env: shellEnv()});
		worker.start();
		await waitForStatus(store, task.id, 'running');
		// Wait until the grandchildren exist: the shell, the inner sh and its two sleeps.
		const pid = await waitFor(() => {
			const row = store.db.prepare('SELECT pid FROM tasks WHERE id = ?').get(task.id) as {pid: number | null};
			return row.pid !== null && execSync(`ps -o pid= -g ${row.pid}`).toString().trim().split('\n').length >= 4 ? row.pid : undefined;
		}, 10_000, 'process tree');

		const result = await spawnCli(['--data-dir', dataDir, 'cancel', task.id]);
		expect(result.code).toBe(0);
		expect(store.tasks.get(task.id)!.status).toBe('cancelled');
		await waitFor(() => !isGroupAlive(pid), 5000, 'process group gone');
		await waitFor(() => worker.runningTaskIds.length === 0, 5000, 'worker idle');
		const lines = logMessages(store, task.id);
		expect(lines).toContain(`cancelled by cli: stopping process group ${pid} (SIGTERM, SIGKILL after 2000 ms)`);
		expect(lines.some(line => /^process ended \(SIGTERM\) after the task became cancelled$/.test(line))).toBe(true);
		expect(lines).not.toContain('never');
		// Still cancelled: the worker's own end of the run is no transition, and no error.
		expect(store.tasks.get(task.id)!.status).toBe('cancelled');
		expect(errors).toEqual([]);
		expect(store.toolUsage.forTask(task.id)[0]).toMatchObject({success: false, errorMessage: 'task cancelled'});
	});

	it('a task that ignores SIGTERM is killed with SIGKILL after the grace period', async () => {
		const {dataDir, store, worker} = setup();
		store.config.set('runner.kill_grace_ms', '300');
		const task = store.tasks.create({command: "trap '' TERM; echo ready; while :; do sleep 0.05; done", cwd: dataDir, env: shellEnv()});
		worker.start();
		await waitFor(() => logMessages(store, task.id).includes('ready'), 10_000, 'ready');
		const pid = (store.db.prepare('SELECT pid FROM tasks WHERE id = ?').get(task.id) as {pid: number}).pid;
		await cli(dataDir, ['cancel', task.id]);
		await waitFor(() => worker.runningTaskIds.length === 0, 10_000, 'worker idle');
		expect(isGroupAlive(pid)).toBe(false);
		expect(logMessages(store, task.id).some(line => line.includes('after the task became cancelled'))).toBe(true);
	});

	it('cancelling twice is a clear error and changes nothing', async () => {
		const {dataDir, store} = setup();
		const task = store.tasks.create({command: 'sleep 1', cwd: dataDir, env: shellEnv()});
		expect((await cli(dataDir, ['cancel', task.id])).code).toBe(0);
		const second = await cli(dataDir, ['cancel', task.id]);
		expect(second.code).toBe(1);
		expect(second.stderr).toBe(`az-os: task ${task.id} cannot go from cancelled to cancelled (user_cancel is not allowed from cancelled)\n`);
		expect(store.events.forAggregate(task.id).filter(event => event.eventType === 'user_cancel')).toHaveLength(1);
	});

	it('cancelling a parent cancels its unfinished subtasks, running ones killed', async () => {
		const {dataDir, store, worker} = setup();
		const parent = store.tasks.create({command: 'sleep 1000', cwd: dataDir, env: shellEnv()});
		const child = store.tasks.create({command: 'sleep 1000', cwd: dataDir, env: shellEnv(), parentTaskId: parent.id});
		worker.start();
		await waitForStatus(store, child.id, 'running');
		await waitForStatus(store, parent.id, 'running');
		await cli(dataDir, ['cancel', parent.id]);
		expect(store.tasks.get(child.id)!.status).toBe('cancelled');
		await waitFor(() => worker.runningTaskIds.length === 0, 10_000, 'worker idle');
	});
});
