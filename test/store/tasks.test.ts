import {describe, expect, test} from 'vitest';
import {Store} from '../../source/store/store.js';
import {manualClock, tempDir} from '../helpers/temp.js';

function openStore() {
	const clock = manualClock('2026-05-01T10:00:00.000Z');
	return {store: Store.open(tempDir(), {clock: clock.now}), clock};
}

describe('task repository', () => {
	test('create queues the task (initialized -> pending) with both events, in one go', () => {
		const {store} = openStore();
		const task = store.tasks.create({command: '  echo hi ', priority: 'high', cwd: '/tmp', env: {A: '1'}});
		expect(task).toMatchObject({command: 'echo hi', status: 'pending', priority: 'high', cwd: '/tmp', env: {A: '1'}, attempts: 0, maxRetries: 0});
		expect(task.id).toMatch(/^[0-9A-Z]{26}$/);
		const events = store.events.forAggregate(task.id);
		expect(events.map(event => [event.version, event.eventType])).toEqual([
			[1, 'task_created'],
			[2, 'queue_task'],
		]);
		expect(events[1]!.data).toMatchObject({from: 'initialized', to: 'pending'});
		store.close();
	});

	test('transitions maintain started_at, completed_at and updated_at and append versioned events', () => {
		const {store, clock} = openStore();
		const task = store.tasks.create({command: 'true'});
		clock.advance(1000);
		const running = store.tasks.transition(task.id, 'start_execution', {actor: 'worker:w1', patch: {attempts: 1, workerId: 'w1'}});
		expect(running).toMatchObject({status: 'running', startedAt: '2026-05-01T10:00:01.000Z', completedAt: null, attempts: 1, workerId: 'w1'});
		clock.advance(2000);
		const done = store.tasks.transition(task.id, 'task_success');
		expect(done).toMatchObject({status: 'completed', completedAt: '2026-05-01T10:00:03.000Z', updatedAt: '2026-05-01T10:00:03.000Z'});
		expect(store.events.forAggregate(task.id).map(event => event.version)).toEqual([1, 2, 3, 4]);
		store.close();
	});

	test('an illegal transition names the task, from and to, and changes nothing', () => {
		const {store} = openStore();
		const task = store.tasks.create({command: 'true'});
		store.tasks.transition(task.id, 'user_cancel');
		expect(() => store.tasks.transition(task.id, 'user_cancel')).toThrowError(`task ${task.id} cannot go from cancelled to cancelled`);
		expect(store.tasks.get(task.id)?.status).toBe('cancelled');
		expect(store.events.forAggregate(task.id)).toHaveLength(3);
		store.close();
	});

	test('tasks are found by full id or a unique suffix; unknown ids are NOT_FOUND', () => {
		const {store} = openStore();
		const task = store.tasks.create({command: 'true'});
		expect(store.tasks.require(task.id.slice(-8).toLowerCase()).id).toBe(task.id);
		expect(() => store.tasks.require('nope')).toThrowError('no task with id "nope"');
		expect(() => store.tasks.require('')).toThrowError(/no task with id/);
		store.close();
	});

	test('bad input is refused: empty command, unknown parent or dependency, negative retries', () => {
		const {store} = openStore();
		expect(() => store.tasks.create({command: '   '})).toThrowError(/command is empty/);
		expect(() => store.tasks.create({command: 'x', parentTaskId: 'ZZZZZZZZ'})).toThrowError(/no task with id "ZZZZZZZZ"/);
		expect(() => store.tasks.create({command: 'x', dependsOn: ['ZZZZZZZZ']})).toThrowError(/no task with id/);
		expect(() => store.tasks.create({command: 'x', maxRetries: -1})).toThrowError(/retries must be/);
		expect(store.tasks.count()).toBe(0);
		store.close();
	});

	test('list filters by status and text and returns the most recent, oldest first; counts by status', () => {
		const {store, clock} = openStore();
		const ids = ['build app', 'test app', 'deploy site'].map(command => {
			clock.advance(10);
			return store.tasks.create({command}).id;
		});
		store.tasks.transition(ids[0]!, 'user_cancel');
		expect(store.tasks.list().map(task => task.command)).toEqual(['build app', 'test app', 'deploy site']);
		expect(store.tasks.list({limit: 2}).map(task => task.command)).toEqual(['test app', 'deploy site']);
		expect(store.tasks.list({status: 'pending', text: 'APP'}).map(task => task.command)).toEqual(['test app']);
		expect(store.tasks.countByStatus()).toMatchObject({pending: 2, cancelled: 1, running: 0});
		store.close();
	});

	test('priority changes only while waiting, with an event', () => {
		const {store} = openStore();
		const task = store.tasks.create({command: 'true'});
		expect(store.tasks.setPriority(task.id, 'critical').priority).toBe('critical');
		expect(store.events.latest(task.id)).toMatchObject({eventType: 'priority_changed', data: {from: 'normal', to: 'critical'}});
		store.tasks.transition(task.id, 'start_execution');
		expect(() => store.tasks.setPriority(task.id, 'low')).toThrowError(/only a waiting task's priority can change/);
		store.close();
	});

	test('dependencies and subtasks are recorded', () => {
		const {store} = openStore();
		const first = store.tasks.create({command: 'a'});
		const second = store.tasks.create({command: 'b', dependsOn: [first.id, first.id], parentTaskId: first.id});
		expect(second.dependsOn).toEqual([first.id]);
		expect(store.tasks.children(first.id).map(task => task.id)).toEqual([second.id]);
		store.close();
	});
});
