import {afterEach, expect, test} from 'vitest';
import type {AzOs} from '../../source/services/az-os.js';
import type {Dashboard} from './helpers.js';
import {frame, keys, openDashboard, waitFor} from './helpers.js';

let open: Dashboard | undefined;
afterEach(() => {
	open?.unmount();
	open?.azos.close();
	open = undefined;
});

/** The selected row is marked with › (and drawn inverse where colours show). */
function selectedLine(dashboard: Dashboard): string {
	return frame(dashboard)
		.split('\n')
		.find(candidate => /[║│]›/.test(candidate)) ?? '';
}

function seedMany(azos: AzOs, count: number): string[] {
	return Array.from({length: count}, (_, index) => azos.addTask({command: `job-${String(index).padStart(3, '0')}`}).id);
}

test('lists tasks with short id, status, priority, cost, time and command; running first, subtasks indented', async () => {
	open = openDashboard({
		seed(azos) {
			const parent = azos.addTask({command: 'build-all', priority: 'low'});
			azos.addTask({command: 'build-child', parentTaskId: parent.id});
			const urgent = azos.addTask({command: 'deploy-now', priority: 'critical'});
			const running = azos.addTask({command: 'long-running', priority: 'low'});
			azos.store.tasks.transition(running.id, 'start_execution');
			void urgent;
		},
	});
	await waitFor(() => expect(frame(open!)).toContain('build-child'));
	const lines = frame(open).split('\n');
	const order = ['long-running', 'deploy-now', 'build-all', 'build-child'].map(command => lines.findIndex(line => line.includes(command)));
	expect(order).toEqual([...order].sort((a, b) => a - b));
	expect(lines.find(line => line.includes('build-child'))).toContain('└ build-child');
	const deploy = lines.find(line => line.includes('deploy-now'))!;
	expect(deploy).toMatch(/[0-9a-z]{8}/);
	expect(deploy).toContain('pending');
	expect(deploy).toContain('critical');
	expect(deploy).toContain('$0');
	expect(frame(open)).toContain('1/3');
});

test('j/k, arrows, g/G and PgDn/PgUp move the selection; only a screenful is rendered', async () => {
	open = openDashboard({seed: azos => seedMany(azos, 60)});
	await waitFor(() => expect(selectedLine(open!)).toContain('job-000'));
	await open.press('j', 'j', keys.down);
	await waitFor(() => expect(selectedLine(open!)).toContain('job-003'));
	await open.press('k', keys.up);
	await waitFor(() => expect(selectedLine(open!)).toContain('job-001'));
	await open.press('G');
	await waitFor(() => expect(selectedLine(open!)).toContain('job-059'));
	expect(frame(open)).toContain('60/60');
	expect(frame(open)).not.toContain('job-000');
	await open.press('g');
	await waitFor(() => expect(selectedLine(open!)).toContain('job-000'));
	await open.press(keys.pageDown);
	await waitFor(() => expect(frame(open!)).not.toContain('job-000'));
	await open.press(keys.pageUp);
	await waitFor(() => expect(selectedLine(open!)).toContain('job-000'));
});

test('/ filters by text as you type, enter keeps it, esc clears it', async () => {
	open = openDashboard({
		seed(azos) {
			azos.addTask({command: 'npm test'});
			azos.addTask({command: 'make docs'});
			azos.addTask({command: 'npm run lint'});
		},
	});
	await waitFor(() => expect(frame(open!)).toContain('make docs'));
	await open.press('/', 'n', 'p', 'm');
	await waitFor(() => expect(frame(open!)).not.toContain('make docs'));
	expect(frame(open)).toContain('filter › npm');
	expect(frame(open)).toContain('npm run lint');
	await open.press(keys.enter);
	await waitFor(() => expect(frame(open!)).toContain('/npm'));
	expect(frame(open)).not.toContain('make docs');
	await open.press(keys.escape);
	await waitFor(() => expect(frame(open!)).toContain('make docs'));
	expect(frame(open)).toContain('filter cleared');
});

test('s cycles the status filter and says when nothing matches', async () => {
	open = openDashboard({
		seed(azos) {
			const running = azos.addTask({command: 'is-running'});
			azos.store.tasks.transition(running.id, 'start_execution');
			azos.addTask({command: 'is-waiting'});
		},
	});
	await waitFor(() => expect(frame(open!)).toContain('is-waiting'));
	await open.press('s');
	await waitFor(() => expect(frame(open!)).toContain('status=running'));
	expect(frame(open)).not.toContain('is-waiting');
	expect(frame(open)).toContain('is-running');
	await open.press('s');
	await waitFor(() => expect(frame(open!)).toContain('status=pending'));
	expect(frame(open)).toContain('is-waiting');
	await open.press('s');
	await waitFor(() => expect(frame(open!)).toContain('no task matches the filter'));
});

test('tasks added by another connection appear without a key press', async () => {
	open = openDashboard();
	await waitFor(() => expect(frame(open!)).toContain('no tasks yet'));
	const {AzOs} = await import('../../source/services/az-os.js');
	const other = AzOs.open({dataDir: open.dataDir});
	other.addTask({command: 'from-elsewhere'});
	other.close();
	await waitFor(() => expect(frame(open!)).toContain('from-elsewhere'));
	expect(frame(open)).toContain('1 pending');
});

test('tab, shift-tab and 1..3 move the focus marker between panes', async () => {
	open = openDashboard();
	await waitFor(() => expect(frame(open!)).toContain('▶[1] Tasks'));
	await open.press(keys.tab);
	await waitFor(() => expect(frame(open!)).toContain('▶[2] Logs'));
	expect(frame(open)).not.toContain('▶[1] Tasks');
	await open.press('3');
	await waitFor(() => expect(frame(open!)).toContain('▶[3] Cost'));
	await open.press(keys.shiftTab);
	await waitFor(() => expect(frame(open!)).toContain('▶[2] Logs'));
	await open.press('1');
	await waitFor(() => expect(frame(open!)).toContain('▶[1] Tasks'));
});
