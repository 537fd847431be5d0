import {afterEach, expect, test} from 'vitest';
import type {Dashboard} from './helpers.js';
import {frame, openDashboard, waitFor} from './helpers.js';

let open: Dashboard | undefined;
afterEach(() => {
	open?.unmount();
	open?.azos.close();
});

test('renders', async () => {
	open = openDashboard({seed: azos => azos.addTask({command: 'echo hello'})});
	await waitFor(() => expect(frame(open!)).toContain('echo hello'));
	console.log(frame(open));
});
