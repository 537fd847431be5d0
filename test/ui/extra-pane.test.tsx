import {Text} from 'ink';
import {afterEach, expect, test} from 'vitest';
import type {ExtraPane} from '../../source/ui/App.js';
import {Pane} from '../../source/ui/components/Pane.js';
import type {Dashboard} from './helpers.js';
import {frame, keys, openDashboard, waitFor} from './helpers.js';

let open: Dashboard | undefined;
afterEach(() => {
	open?.unmount();
	open?.azos.close();
	open = undefined;
});

/** A fourth pane as the search pane will plug in: it is laid out, numbered, focusable and gets its keys. */
function notesPane(typed: string[]): ExtraPane {
	return {
		id: 'notes',
		render: ({size, number, focused}) => (
			<Pane number={number} title="Notes" focused={focused} width={size.width} height={size.height}>
				<Text>{`typed: ${typed.join('')}`}</Text>
			</Pane>
		),
		onKey(input) {
			if (!/^[a-z]$/.test(input) || input === 'q') return false;
			typed.push(input);
			return true;
		},
	};
}

test.each([
	[100, 30],
	[160, 40],
])('a fourth pane gets a place in the layout at %ix%i, focus key 3, and its own keys', async (columns, rows) => {
	const typed: string[] = [];
	open = openDashboard({props: {extraPanes: [notesPane(typed)], size: {columns, rows}}});
	await waitFor(() => expect(frame(open!)).toContain('[3] Notes'));
	expect(frame(open)).toContain('[4] Cost');
	expect(frame(open).split('\n').length).toBe(rows);
	await open.press('3');
	await waitFor(() => expect(frame(open!)).toContain('▶[3] Notes'));
	await open.press('c', 'a');
	// Keys the pane takes are its own: c did not ask to cancel anything.
	expect(frame(open)).not.toContain('no task selected');
	expect(typed).toEqual(['c', 'a']);
	await open.press(keys.tab);
	await waitFor(() => expect(frame(open!)).toContain('▶[4] Cost'));
	await open.press('q');
	await waitFor(() => expect(open!.quit.count).toBe(1));
});
