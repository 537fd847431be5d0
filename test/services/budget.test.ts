import {describe, expect, it} from 'vitest';
import {Worker} from '../../source/runner/worker.js';
import {budgetStatus, recordCost, setBudget} from '../../source/services/budget.js';
import {Store} from '../../source/store/store.js';
import {cli} from '../helpers/cli.js';
import {manualClock, onCleanup, tempDir} from '../helpers/temp.js';
import {logMessages, shellEnv, waitForStatus} from '../runner/helpers.js';

/** `realClock`: for tests that also run the CLI in-process, which uses the system clock. */
function setup(options: {realClock?: boolean} = {}) {
	const dataDir = tempDir();
	const clock = manualClock('2026-03-15T12:00:00.000Z');
	const store = Store.open(dataDir, options.realClock ? {} : {clock: clock.now});
	onCleanup(() => store.close());
	const task = store.tasks.create({command: 'true', cwd: dataDir, env: shellEnv()});
	return {dataDir, clock, store, task};
}

const cost = (taskId: string, amount: number) => ({taskId, provider: 'openai', model: 'gpt-4o', tokensUsed: 100, cost: amount});

describe('budget state machine over cost records', () => {
	it('starts ok with no budget, and reports the period', () => {
		const {store} = setup();
		expect(budgetStatus(store)).toEqual({
			state: 'ok', spent: 0, amount: 0, period: 'month', periodStart: '2026-03-01T00:00:00.000Z', warning: 0.8, critical: 0.95, autoPause: true,
		});
	});

	it('walks ok -> warning -> critical -> paused, one event and one task log line per change', () => {
		const {store, task} = setup();
		setBudget(store, {amount: 10});
		expect(recordCost(store, cost(task.id, 5))).toEqual([]);
		expect(recordCost(store, cost(task.id, 3))).toEqual([{event: 'cost_exceeds_threshold', from: 'ok', to: 'warning'}]);
		expect(recordCost(store, cost(task.id, 2))).toEqual([
			{event: 'cost_exceeds_critical', from: 'warning', to: 'critical'},
			{event: 'auto_pause', from: 'critical', to: 'paused'},
		]);
		expect(budgetStatus(store)).toMatchObject({state: 'paused', spent: 10, amount: 10});
		const events = store.events.forAggregate('budget');
		expect(events.map(event => event.eventType)).toEqual(['cost_exceeds_threshold', 'cost_exceeds_critical', 'auto_pause']);
		expect(events[2]!.data).toEqual({from: 'critical', to: 'paused', spent: 10, amount: 10, period: 'month'});
		expect(store.events.latest('budget')?.data['to']).toBe('paused');
		const lines = logMessages(store, task.id).filter(line => line.startsWith('budget'));
		expect(lines).toEqual([
			'budget ok -> warning (cost_exceeds_threshold): $8.0000 spent of $10.00 this month',
			'budget warning -> critical (cost_exceeds_critical): $10.0000 spent of $10.00 this month',
			'budget critical -> paused (auto_pause): $10.0000 spent of $10.00 this month',
		]);
		expect(store.tasks.get(task.id)!.cost).toBe(10);
	});

	it('a bad cost record is refused and changes nothing', () => {
		const {store, task} = setup();
		expect(() => recordCost(store, cost(task.id, -1))).toThrow('cost must be a number >= 0, got -1');
		expect(() => recordCost(store, cost('NOSUCHTASK', 1))).toThrow('no task with id "NOSUCHTASK"');
		expect(budgetStatus(store).spent).toBe(0);
	});

	it('raising the amount while paused fires budget_increased; a new period rolls over', () => {
		const {store, task, clock} = setup();
		setBudget(store, {amount: 10});
		recordCost(store, cost(task.id, 10));
		expect(budgetStatus(store).state).toBe('paused');
		expect(setBudget(store, {amount: 100}).changes).toEqual([{event: 'budget_increased', from: 'paused', to: 'ok'}]);
		recordCost(store, cost(task.id, 90));
		expect(budgetStatus(store).state).toBe('paused');
		clock.set('2026-04-01T00:00:01.000Z');
		const worker = new Worker({store, concurrency: 1, pollMs: 10});
		worker.start(); // housekeeping at start rolls the period over
		onCleanup(() => worker.stop());
		expect(store.events.latest('budget')!.eventType).toBe('period_rollover');
		expect(budgetStatus(store)).toMatchObject({state: 'ok', spent: 0, periodStart: '2026-04-01T00:00:00.000Z'});
	});

	it('refuses a warning fraction above the critical one', () => {
		const {store} = setup();
		expect(() => setBudget(store, {warning: 0.9, critical: 0.5})).toThrow('the warning fraction (0.9) must not be above the critical one (0.5)');
		expect(budgetStatus(store)).toMatchObject({warning: 0.8, critical: 0.95});
	});
});

describe('paused budget and workers', () => {
	it('in paused, workers claim nothing new while running tasks go on; raising the budget resumes claiming', async () => {
		const {dataDir, store, task: first} = setup({realClock: true});
		const blocker = store.tasks.create({command: 'sleep 0.4; echo finished', cwd: dataDir, env: shellEnv()});
		const worker = new Worker({store, concurrency: 1, pollMs: 10});
		onCleanup(() => worker.stop());
		setBudget(store, {amount: 1});
		worker.start();
		await waitForStatus(store, first.id, 'completed');
		await waitForStatus(store, blocker.id, 'running');
		recordCost(store, cost(blocker.id, 1));
		expect(budgetStatus(store).state).toBe('paused');
		const waiting = store.tasks.create({command: 'true', cwd: dataDir, env: shellEnv()});
		expect((await waitForStatus(store, blocker.id)).status).toBe('completed');
		await new Promise(resolve => setTimeout(resolve, 300));
		expect(store.tasks.get(waiting.id)!.status).toBe('pending');
		const raised = await cli(dataDir, ['budget', '--set', '5']);
		expect(raised.code).toBe(0);
		expect(raised.stdout).toContain('budget paused -> ok (budget_increased)');
		expect((await waitForStatus(store, waiting.id)).status).toBe('completed');
	});
});

describe('az-os budget', () => {
	it('shows and sets the budget', async () => {
		const {dataDir} = setup();
		const set = await cli(dataDir, ['budget', '--set', '$25', '--period', 'day', '--warning', '0.7', '--critical', '0.9', '--auto-pause', 'off']);
		expect(set.code).toBe(0);
		expect(set.stdout).toContain('thresholds  warning 0.7, critical 0.9, auto-pause off');
		const shown = await cli(dataDir, ['budget', '--json']);
		expect(JSON.parse(shown.stdout)).toMatchObject({state: 'ok', amount: 25, period: 'day', warning: 0.7, critical: 0.9, autoPause: false, spent: 0});
	});

	it.each([
		[['--set', 'lots'], 2, 'az-os: --set: budget.amount must be a number >= 0, got "lots"\n'],
		[['--period', 'week'], 2, 'az-os: --period: budget.period must be one of day, month, got "week"\n'],
		[['--warning', '1.5'], 2, 'az-os: --warning: budget.warning must be a fraction in (0, 1], got "1.5"\n'],
		[['--auto-pause', 'maybe'], 2, 'az-os: --auto-pause: budget.auto_pause must be on or off, got "maybe"\n'],
		[['--warning', '0.99'], 1, 'az-os: the warning fraction (0.99) must not be above the critical one (0.95)\n'],
	])('refuses %j with a one-line error', async (args, code, message) => {
		const {dataDir, store} = setup();
		const result = await cli(dataDir, ['budget', ...args]);
		expect([result.code, result.stderr]).toEqual([code, message]);
		expect(budgetStatus(store)).toMatchObject({amount: 0, period: 'month', warning: 0.8, critical: 0.95, autoPause: true});
	});
});
