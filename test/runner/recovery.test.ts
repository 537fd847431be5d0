import {spawn} from 'node:child_process';
import {hostname} from 'node:os';
import {describe, expect, it} from 'vitest';
import {isGroupAlive} from '../../source/runner/process-group.js';
import {recoverLostTasks} from '../../source/runner/recovery.js';
import {claimNext} from '../../source/runner/scheduler.js';
import {Worker} from '../../source/runner/worker.js';
import {Store} from '../../source/store/store.js';
import {builtCli} from '../helpers/cli.js';
import {manualClock, onCleanup, tempDir} from '../helpers/temp.js';
import {logMessages, shellEnv, waitFor, waitForStatus} from './helpers.js';

describe('recovery of tasks whose worker died', () => {
	it('a worker process killed with SIGKILL mid-task: the next worker start fails the task (worker lost), kills its orphans and retries it', async () => {
		const dataDir = tempDir();
		const store = Store.open(dataDir);
		onCleanup(() => store.close());
		store.config.set('runner.retry_base_delay_ms', '10');
		// First run: leaves a marker and hangs; the retry finds the marker and succeeds.
		const task = store.tasks.create({command: 'if test -f marker; then echo second run; else touch marker; sleep 1000; fi', cwd: dataDir, env: shellEnv(), maxRetries: 1});
		const child = spawn(process.execPath, [builtCli, '--data-dir', dataDir, 'worker', '--concurrency', '1'], {stdio: 'ignore'});
		onCleanup(() => {
			if (child.exitCode === null) child.kill('SIGKILL');
		});
		await waitForStatus(store, task.id, 'running');
		const pid = await waitFor(() => (store.db.prepare('SELECT pid FROM tasks WHERE id = ?').get(task.id) as {pid: number | null}).pid, 10_000, 'pid');
		const exited = new Promise(resolve => child.once('exit', resolve));
		child.kill('SIGKILL');
		await exited;
		// The shell survives its worker: it is in its own process group.
		expect(isGroupAlive(pid)).toBe(true);

		const next = new Worker({store, concurrency: 1, pollMs: 10});
		onCleanup(() => next.stop());
		next.start();
		const done = await waitForStatus(store, task.id, 'completed');
		expect(done.attempts).toBe(2);
		expect(isGroupAlive(pid)).toBe(false);
		const events = store.events.forAggregate(task.id);
		expect(events.map(event => event.eventType)).toEqual(['task_created', 'queue_task', 'start_execution', 'task_error', 'auto_retry', 'retry_execution', 'task_success']);
		expect(events[3]!.data).toMatchObject({from: 'running', to: 'failed', actor: 'recovery', reason: 'worker lost'});
		expect(logMessages(store, task.id)).toContain('second run');
		const workers = store.db.prepare('SELECT state FROM workers ORDER BY started_at').all() as Array<{state: string}>;
		expect(workers[0]!.state).toBe('lost');
	});

	it('a live worker renews its lease: another worker does not take its long task', async () => {
		const dataDir = tempDir();
		const store = Store.open(dataDir);
		onCleanup(() => store.close());
		store.config.set('runner.lease_ms', '300');
		const task = store.tasks.create({command: 'sleep 1.5; echo done', cwd: dataDir, env: shellEnv()});
		const owner = new Worker({store, concurrency: 1, pollMs: 10});
		onCleanup(() => owner.stop());
		owner.start();
		await waitForStatus(store, task.id, 'running');
		const firstLease = store.tasks.get(task.id)!.leaseExpiresAt!;
		const other = new Worker({store, concurrency: 1, pollMs: 10});
		onCleanup(() => other.stop());
		other.start();
		const done = await waitForStatus(store, task.id);
		expect(done).toMatchObject({status: 'completed', attempts: 1, workerId: owner.workerId});
		const renewed = store.events.forAggregate(task.id).map(event => event.eventType);
		expect(renewed).toEqual(['task_created', 'queue_task', 'start_execution', 'task_success']);
		expect(firstLease < done.updatedAt).toBe(true);
	});

	it('recoverLostTasks fails tasks whose lease expired (any host), for good when no retries remain', () => {
		const dataDir = tempDir();
		const clock = manualClock();
		const store = Store.open(dataDir, {clock: clock.now});
		onCleanup(() => store.close());
		const task = store.tasks.create({command: 'sleep 1', cwd: dataDir, env: shellEnv()});
		// A worker on another machine, which we cannot check by pid.
		store.db.prepare("INSERT INTO workers (id, pid, hostname, started_at, heartbeat_at) VALUES ('far', 1, ?, '', '')").run(`${hostname()}-elsewhere`);
		claimNext(store, {workerId: 'far', leaseMs: 10_000});
		expect(recoverLostTasks(store, clock.now())).toEqual([]);
		clock.advance(10_001);
		const [recovered] = recoverLostTasks(store, clock.now());
		expect(recovered).toMatchObject({id: task.id, status: 'failed', statusReason: 'worker lost'});
		expect(recoverLostTasks(store, clock.now())).toEqual([]);
	});
});
