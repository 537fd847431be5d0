import {afterEach, expect, test} from 'vitest';
import {computeLayout} from '../../source/ui/layout.js';
import type {Dashboard} from './helpers.js';
import {frame, openDashboard, waitFor} from './helpers.js';

let open: Dashboard | undefined;
afterEach(() => {
	open?.unmount();
	open?.azos.close();
	open = undefined;
});

test.each([
	[80, 24],
	[100, 30],
	[140, 40],
	[240, 70],
])('at %ix%i every pane fits the terminal exactly', async (columns, rows) => {
	open = openDashboard({
		seed(azos) {
			for (let index = 0; index < 100; index++) azos.addTask({command: `task number ${index} ${'with a long command line '.repeat(8)}`});
		},
		props: {size: {columns, rows}},
	});
	await waitFor(() => expect(frame(open!)).toContain('task number 0'));
	const lines = frame(open).split('\n');
	expect(lines.length).toBe(rows);
	// ink-testing-library's own stdout is 100 columns wide; within that, nothing may overflow the layout.
	for (const line of lines) expect(line.length).toBeLessThanOrEqual(Math.max(columns, 80));
	expect(frame(open)).toContain('[1] Tasks');
	expect(frame(open)).toContain('[2] Logs');
	expect(frame(open)).toContain('[3] Cost');
	expect(frame(open)).toContain('q quit');
});

test('narrow terminals stack the panes, wide ones put the queue beside logs and cost', () => {
	const narrow = computeLayout(80, 24);
	expect(narrow.kind).toBe('stacked');
	expect(narrow.queue.height + narrow.logs.height + narrow.statusRows).toBe(24);
	expect(narrow.logs.width + narrow.cost.width).toBe(80);
	const wide = computeLayout(200, 50);
	expect(wide.kind).toBe('wide');
	expect(wide.queue.width + wide.logs.width).toBe(200);
	expect(wide.logs.height + wide.cost.height).toBe(wide.queue.height);
});
