import {describe, expect, test} from 'vitest';
import {Store} from '../../source/store/store.js';
import {manualClock, tempDir} from '../helpers/temp.js';

function setup() {
	const clock = manualClock('2026-05-10T12:00:00.000Z');
	const store = Store.open(tempDir(), {clock: clock.now});
	const task = store.tasks.create({command: 'work'});
	return {store, clock, task};
}

describe('task logs', () => {
	test('append keeps order; page reads after an id; level filter is "at or above"; tail reads the last lines', () => {
		const {store, task} = setup();
		store.logs.append(task.id, [
			{level: 'debug', message: 'd'},
			{level: 'info', message: 'one'},
			{level: 'error', message: 'boom', metadata: {stream: 'stderr'}},
			{level: 'warn', message: 'careful'},
		]);
		const all = store.logs.page(task.id);
		expect(all.map(line => line.message)).toEqual(['d', 'one', 'boom', 'careful']);
		expect(store.logs.page(task.id, all[1]!.id).map(line => line.message)).toEqual(['boom', 'careful']);
		expect(store.logs.page(task.id, 0, 100, 'warn').map(line => line.message)).toEqual(['boom', 'careful']);
		expect(store.logs.tail(task.id, 2).map(line => line.message)).toEqual(['boom', 'careful']);
		expect(all[2]!.metadata).toEqual({stream: 'stderr'});
		expect(store.logs.count(task.id)).toBe(4);
		store.close();
	});
});

describe('costs', () => {
	test('records add to the task; spend, top models and the zero-filled daily series', () => {
		const {store, clock, task} = setup();
		store.costs.record({taskId: task.id, provider: 'openai', model: 'gpt-4o', tokensUsed: 1000, cost: 0.5});
		clock.advance(86_400_000);
		store.costs.record({taskId: task.id, provider: 'anthropic', model: 'claude', tokensUsed: 500, cost: 1.25});
		expect(store.tasks.get(task.id)).toMatchObject({cost: 1.75, actualTokens: 1500});
		expect(store.costs.spentSince('2026-05-11T00:00:00.000Z')).toBe(1.25);
		expect(store.costs.topBy('model', '2026-05-01T00:00:00.000Z').map(row => row.key)).toEqual(['claude', 'gpt-4o']);
		const daily = store.costs.daily(3);
		expect(daily).toEqual([
			{day: '2026-05-09', cost: 0},
			{day: '2026-05-10', cost: 0.5},
			{day: '2026-05-11', cost: 1.25},
		]);
		expect(() => store.costs.record({taskId: task.id, provider: 'x', model: 'y', tokensUsed: -1, cost: 0})).toThrowError(/tokens must be/);
		store.close();
	});
});

describe('configuration, snapshots, tool usage, metrics', () => {
	test('config falls back to defaults, validates on set and lists every key', () => {
		const {store} = setup();
		expect(store.config.get('runner.kill_grace_ms')).toBe('3000');
		expect(store.config.set('runner.kill_grace_ms', '500')).toBe('500');
		expect(store.config.getNumber('runner.kill_grace_ms')).toBe(500);
		expect(() => store.config.set('runner.kill_grace_ms', 'soon')).toThrowError(/whole number/);
		expect(() => store.config.get('no.such')).toThrowError(/unknown setting/);
		expect(store.config.list().find(entry => entry.key === 'runner.kill_grace_ms')).toMatchObject({value: '500', isDefault: false});
		store.close();
	});

	test('snapshots keep one per name, the latest', () => {
		const {store, task} = setup();
		store.snapshots.save(task.id, 'result', {exitCode: 1});
		store.snapshots.save(task.id, 'result', {exitCode: 0});
		expect(store.snapshots.forTask(task.id)).toHaveLength(1);
		expect(store.snapshots.get(task.id, 'result')?.data).toEqual({exitCode: 0});
		store.close();
	});

	test('tool usage rows and the seed statistics query', () => {
		const {store, task} = setup();
		store.toolUsage.record({taskId: task.id, toolName: 'shell', toolCategory: 'system', executionTime: 0.2, success: true});
		store.toolUsage.record({taskId: task.id, toolName: 'shell', toolCategory: 'system', executionTime: 0.4, success: false, errorMessage: 'exit 1'});
		expect(store.toolUsage.stats()).toEqual([{toolName: 'shell', usageCount: 2, avgExecutionTime: expect.closeTo(0.3, 5), successCount: 1, successRate: 50}]);
		expect(store.toolUsage.forTask(task.id)[1]).toMatchObject({success: false, errorMessage: 'exit 1'});
		store.close();
	});

	test('metrics with tags', () => {
		const {store} = setup();
		store.metrics.record('queue_depth', 3, 'gauge', {worker: 'w1'});
		expect(store.metrics.recent('queue_depth')).toEqual([expect.objectContaining({value: 3, type: 'gauge', tags: {worker: 'w1'}})]);
		store.close();
	});
});
