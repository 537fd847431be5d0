import {afterEach, expect, test} from 'vitest';
import {AzOs} from '../../source/services/az-os.js';
import {readBudget} from '../../source/ui/hooks/use-budget.js';
import {manualClock, tempDir} from '../helpers/temp.js';
import type {Dashboard} from './helpers.js';
import {frame, openDashboard, waitFor} from './helpers.js';

let open: Dashboard | undefined;
afterEach(() => {
	open?.unmount();
	open?.azos.close();
	open = undefined;
});

test('shows spend against the budget as a bar, top models and providers, and the budget badge', async () => {
	open = openDashboard({
		seed(azos) {
			azos.store.config.set('budget.amount', '10');
			const task = azos.addTask({command: 'agent work', model: 'gpt-4o'});
			azos.store.costs.record({taskId: task.id, provider: 'openai', model: 'gpt-4o', tokensUsed: 1000, cost: 4});
			azos.store.costs.record({taskId: task.id, provider: 'anthropic', model: 'claude', tokensUsed: 100, cost: 1});
		},
	});
	await waitFor(() => expect(frame(open!)).toContain('50%'));
	const text = frame(open);
	expect(text).toContain('$5.00 of $10.00 this month');
	expect(text).toMatch(/gpt-4o\s+\$4\.00/);
	expect(text).toMatch(/openai\s+\$4\.00/);
	expect(text).toMatch(/claude\s+\$1\.00/);
	expect(text).toContain(' OK ');
	expect(text).toMatch(/30d [▁▂▃▄▅▆▇█]{20,}/);
	// The runner records budget state changes as `budget` events; the badge follows the newest.
	open.azos.store.events.append('budget', 'auto_pause', {from: 'critical', to: 'paused'});
	await waitFor(() => expect(frame(open!)).toContain(' PAUSED '));
});

test('without a budget it says how to set one', async () => {
	open = openDashboard();
	await waitFor(() => expect(frame(open!)).toContain('no budget set'));
});

test('a day budget counts only today (UTC) as spent; the sparkline keeps yesterday', () => {
	const clock = manualClock('2026-05-17T13:00:00.000Z');
	const azos = AzOs.open({dataDir: tempDir(), clock: clock.now});
	azos.store.config.set('budget.period', 'day');
	const task = azos.addTask({command: 'x'});
	clock.set('2026-05-16T23:00:00.000Z');
	azos.store.costs.record({taskId: task.id, provider: 'p', model: 'm', tokensUsed: 1, cost: 2});
	clock.set('2026-05-17T01:00:00.000Z');
	azos.store.costs.record({taskId: task.id, provider: 'p', model: 'm', tokensUsed: 1, cost: 3});
	const view = readBudget(azos);
	expect(view.spent).toBe(3);
	expect(view.daily.slice(-2).map(day => day.cost)).toEqual([2, 3]);
	expect(view.state).toBe('ok');
	azos.close();
});
