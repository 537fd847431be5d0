import {describe, expect, it} from 'vitest';
import {Worker} from '../../source/runner/worker.js';
import {Store} from '../../source/store/store.js';
import {cli} from '../helpers/cli.js';
import {onCleanup, tempDir} from '../helpers/temp.js';
import {logMessages, shellEnv, waitForStatus} from './helpers.js';

function setup() {
	const dataDir = tempDir();
	const store = Store.open(dataDir);
	const worker = new Worker({store, concurrency: 2, pollMs: 10});
	onCleanup(() => store.close());
	onCleanup(() => worker.stop());
	const add = (command: string, dependsOn: string[] = []) => store.tasks.create({command, cwd: dataDir, env: shellEnv(), dependsOn});
	return {dataDir, store, worker, add};
}

describe('dependencies', () => {
	it('starts a task only after its dependencies completed', async () => {
		const {store, worker, add} = setup();
		const first = add('sleep 0.2; echo first');
		const second = add('echo second', [first.id]);
		worker.start();
		await waitForStatus(store, second.id, 'completed');
		const firstDone = store.tasks.get(first.id)!;
		expect(store.tasks.get(second.id)!.startedAt! >= firstDone.completedAt!).toBe(true);
	});

	it('fails a dependent, without running it, when a dependency fails or is cancelled; chains follow', async () => {
		const {dataDir, store, worker, add} = setup();
		const failing = add('exit 1');
		const afterFailing = add('touch ran-1', [failing.id]);
		const chained = add('touch ran-2', [afterFailing.id]);
		const cancelled = add('sleep 1000');
		const afterCancelled = add('touch ran-3', [cancelled.id]);
		await cli(dataDir, ['cancel', cancelled.id]);
		worker.start();
		const one = await waitForStatus(store, afterFailing.id);
		const two = await waitForStatus(store, chained.id);
		const three = await waitForStatus(store, afterCancelled.id);
		expect([one.status, one.statusReason, one.attempts]).toEqual(['failed', `dependency ${failing.id} failed`, 0]);
		expect([two.status, two.statusReason]).toEqual(['failed', `dependency ${afterFailing.id} failed`]);
		expect([three.status, three.statusReason]).toEqual(['failed', `dependency ${cancelled.id} was cancelled`]);
		expect(store.events.forAggregate(one.id).map(event => event.eventType)).toEqual(['task_created', 'queue_task', 'dependency_failed']);
		expect(logMessages(store, one.id)).toEqual([`not started: dependency ${failing.id} failed`]);
	});

	it('refuses a dependency cycle, naming it, and a task waiting for itself', () => {
		const {store, add} = setup();
		const a = add('true');
		const b = add('true', [a.id]);
		const c = add('true', [b.id]);
		expect(() => store.tasks.addDependencies(a.id, [c.id])).toThrow(`task ${a.id} cannot wait for ${c.id}: that would make a dependency cycle (${a.id} -> ${c.id} -> ${b.id} -> ${a.id})`);
		expect(() => store.tasks.addDependencies(a.id, [a.id])).toThrow(/dependency cycle/);
		expect(store.tasks.get(a.id)!.dependsOn).toEqual([]);
		// A new edge that closes no cycle is fine.
		const d = add('true');
		expect(store.tasks.addDependencies(a.id, [d.id]).dependsOn).toEqual([d.id]);
	});

	it('add --after with an unknown id is a clear error and adds nothing', async () => {
		const {dataDir, store} = setup();
		const result = await cli(dataDir, ['add', '--after', 'NOPE1234', 'true']);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe('az-os: no task with id "NOPE1234"\n');
		expect(store.tasks.count()).toBe(0);
	});
});
