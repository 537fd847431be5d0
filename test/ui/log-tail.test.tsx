import {afterEach, expect, test} from 'vitest';
import {AzOs} from '../../source/services/az-os.js';
import {LogTailModel} from '../../source/ui/log-tail-model.js';
import {tempDir} from '../helpers/temp.js';
import type {Dashboard} from './helpers.js';
import {frame, keys, openDashboard, waitFor} from './helpers.js';

let open: Dashboard | undefined;
afterEach(() => {
	open?.unmount();
	open?.azos.close();
	open = undefined;
});

function seedTask(azos: AzOs): string {
	const task = azos.addTask({command: 'chatty'});
	azos.store.tasks.transition(task.id, 'start_execution');
	return task.id;
}

test('lines written by another connection stream into the tail of the selected task', async () => {
	let taskId = '';
	open = openDashboard({seed: azos => (taskId = seedTask(azos))});
	await waitFor(() => expect(frame(open!)).toContain('no output yet'));
	const writer = AzOs.open({dataDir: open.dataDir});
	writer.store.logs.append(taskId, [{level: 'info', message: 'first line'}, {level: 'error', message: 'it broke'}]);
	await waitFor(() => expect(frame(open!)).toContain('ERROR it broke'));
	expect(frame(open)).toContain('INFO  first line');
	writer.store.logs.append(taskId, [{level: 'warn', message: 'later line'}]);
	await waitFor(() => expect(frame(open!)).toContain('WARN  later line'));
	writer.close();
});

test('scrolling up stops following, G follows again, f toggles, t shows timestamps', async () => {
	let taskId = '';
	open = openDashboard({
		seed(azos) {
			taskId = seedTask(azos);
			azos.store.logs.append(
				taskId,
				Array.from({length: 40}, (_, index) => ({level: 'info' as const, message: `line ${index}`, timestamp: `2026-03-04T05:06:${String(index).padStart(2, '0')}.000Z`})),
			);
		},
	});
	await waitFor(() => expect(frame(open!)).toContain('line 39'));
	await open.press('2');
	await waitFor(() => expect(frame(open!)).toContain('▶[2] Logs'));
	await open.press('k', 'k', 'k');
	await waitFor(() => expect(frame(open!)).toContain('paused (G follows)'));
	expect(frame(open)).not.toContain('line 39');
	open.azos.store.logs.append(taskId, [{level: 'info', message: 'while paused'}]);
	await new Promise(resolve => setTimeout(resolve, 150));
	expect(frame(open)).not.toContain('while paused');
	await open.press('G');
	await waitFor(() => expect(frame(open!)).toContain('while paused'));
	expect(frame(open)).toContain('following');
	await open.press('f');
	await waitFor(() => expect(frame(open!)).toContain('paused (G follows)'));
	await open.press('f', 't');
	await waitFor(() => expect(frame(open!)).toContain('05:06:39.000 INFO  line 39'));
	await open.press('g');
	await waitFor(() => expect(frame(open!)).toContain('line 0'));
	await open.press(keys.pageDown);
	await waitFor(() => expect(frame(open!)).not.toContain('line 0 '));
});

test('moving the selection switches the tail to the other task', async () => {
	open = openDashboard({
		seed(azos) {
			const first = seedTask(azos);
			azos.store.logs.append(first, [{level: 'info', message: 'from the first'}]);
			const second = azos.addTask({command: 'quiet'});
			azos.store.logs.append(second.id, [{level: 'info', message: 'from the second'}]);
		},
	});
	await waitFor(() => expect(frame(open!)).toContain('from the first'));
	await open.press('j');
	await waitFor(() => expect(frame(open!)).toContain('from the second'));
	expect(frame(open)).not.toContain('from the first');
});

test('the buffer holds at most its capacity, reading only the newest lines of a huge backlog', () => {
	const azos = AzOs.open({dataDir: tempDir()});
	const taskId = seedTask(azos);
	azos.store.logs.append(taskId, Array.from({length: 5000}, (_, index) => ({level: 'info' as const, message: `old ${index}`})));
	const tail = new LogTailModel(azos.store, 100);
	tail.setTask(taskId);
	expect(tail.poll()).toBe(true);
	expect(tail.size).toBe(100);
	expect(tail.view(3).map(line => line.message)).toEqual(['old 4997', 'old 4998', 'old 4999']);
	azos.store.logs.append(taskId, Array.from({length: 30}, (_, index) => ({level: 'info' as const, message: `new ${index}`})));
	tail.poll();
	expect(tail.size).toBe(100);
	expect(tail.view(1)[0]!.message).toBe('new 29');
	// More than a buffer between two polls: jump to the newest instead of reading the backlog.
	azos.store.logs.append(taskId, Array.from({length: 1000}, (_, index) => ({level: 'info' as const, message: `burst ${index}`})));
	tail.poll();
	expect(tail.size).toBe(100);
	expect(tail.view(1)[0]!.message).toBe('burst 999');
	expect(tail.poll()).toBe(false);
	azos.close();
});

test('selecting a task reads only its last lines; scrolling up reads older ones until the buffer is full', () => {
	const azos = AzOs.open({dataDir: tempDir()});
	const taskId = seedTask(azos);
	azos.store.logs.append(taskId, Array.from({length: 5000}, (_, index) => ({level: 'info' as const, message: `l${index}`})));
	const tail = new LogTailModel(azos.store, 1000);
	tail.setTask(taskId);
	tail.poll();
	expect(tail.size).toBeLessThan(1000);
	expect(tail.view(2).map(line => line.message)).toEqual(['l4998', 'l4999']);
	const held = tail.size;
	tail.scrollUp(10, held);
	expect(tail.size).toBeGreaterThan(held);
	expect(tail.following).toBe(false);
	tail.toTop();
	expect(tail.size).toBe(1000);
	expect(tail.view(1)[0]!.message).toBe('l4000');
	// The first lines of a short task: nothing older to read.
	const short = azos.addTask({command: 'short'});
	azos.store.logs.append(short.id, [{level: 'info', message: 'only'}]);
	tail.setTask(short.id);
	tail.poll();
	tail.toTop();
	expect(tail.view(5).map(line => line.message)).toEqual(['only']);
	azos.close();
});

test('the buffer size comes from ui.log_buffer_lines', async () => {
	open = openDashboard({
		seed(azos) {
			azos.store.config.set('ui.log_buffer_lines', '150');
			const taskId = seedTask(azos);
			azos.store.logs.append(taskId, Array.from({length: 400}, (_, index) => ({level: 'info' as const, message: `n${index}`})));
		},
	});
	await waitFor(() => expect(frame(open!)).toContain('150 lines held'));
});
