import {afterEach, expect, test} from 'vitest';
import type {Dashboard} from './helpers.js';
import {frame, keys, openDashboard, RecordingWorker, waitFor} from './helpers.js';

let open: Dashboard | undefined;
afterEach(() => {
	open?.unmount();
	open?.azos.close();
	open = undefined;
});

function onlyTask(dashboard: Dashboard) {
	const [task] = dashboard.azos.store.tasks.list();
	return task!;
}

test('c asks for confirmation naming the task; y cancels it and its subtasks', async () => {
	open = openDashboard({
		seed(azos) {
			const parent = azos.addTask({command: 'sleep 100'});
			azos.addTask({command: 'sleep 5', parentTaskId: parent.id});
		},
	});
	await waitFor(() => expect(frame(open!)).toContain('sleep 5'));
	const parent = open.azos.store.tasks.list({text: 'sleep 100'})[0]!;
	await open.press('c');
	await waitFor(() => expect(frame(open!)).toContain(`Cancel task ${parent.id.slice(-8).toLowerCase()} "sleep 100"`));
	expect(open.azos.store.tasks.get(parent.id)!.status).toBe('pending');
	await open.press('y');
	await waitFor(() => expect(frame(open!)).toContain('and 1 subtask'));
	expect(open.azos.store.tasks.countByStatus().cancelled).toBe(2);
	expect(open.azos.store.events.forAggregate(parent.id).at(-1)!.data['actor']).toBe('dashboard');
});

test('any key other than y aborts the cancel, and does nothing else', async () => {
	open = openDashboard({
		seed(azos) {
			azos.addTask({command: 'first'});
			azos.addTask({command: 'second'});
		},
	});
	await waitFor(() => expect(frame(open!)).toContain('second'));
	await open.press('c');
	await waitFor(() => expect(frame(open!)).toContain('Cancel task'));
	await open.press('j');
	await waitFor(() => expect(frame(open!)).toContain('cancel aborted'));
	expect(open.azos.store.tasks.countByStatus().cancelled).toBe(0);
	// The aborting j did not move the selection either.
	expect(frame(open).split('\n').find(line => line.includes('›'))).toContain('first');
	await open.press('c', keys.escape);
	await waitFor(() => expect(frame(open!)).toContain('cancel aborted'));
	expect(open.azos.store.tasks.countByStatus().cancelled).toBe(0);
});

test('cancelling a finished task is refused with a message in the status bar', async () => {
	open = openDashboard({
		seed(azos) {
			const task = azos.addTask({command: 'done already'});
			azos.store.tasks.transition(task.id, 'start_execution');
			azos.store.tasks.transition(task.id, 'task_success');
		},
	});
	await waitFor(() => expect(frame(open!)).toContain('done already'));
	await open.press('c');
	await waitFor(() => expect(frame(open!)).toContain('is completed: only waiting or running tasks can be cancelled'));
	expect(frame(open)).not.toContain('Cancel task');
});

test('r retries a failed task; retrying a waiting one shows why not', async () => {
	open = openDashboard({
		seed(azos) {
			const task = azos.addTask({command: 'flaky'});
			azos.store.tasks.transition(task.id, 'start_execution');
			azos.store.tasks.transition(task.id, 'task_error');
		},
	});
	await waitFor(() => expect(frame(open!)).toContain('failed'));
	await open.press('r');
	await waitFor(() => expect(frame(open!)).toContain('it waits for a worker again'));
	expect(onlyTask(open).status).toBe('retrying');
	await open.press('r');
	await waitFor(() => expect(frame(open!)).toContain('only failed tasks can be retried'));
});

test('a adds a task: command, then priority; cwd and env are captured', async () => {
	open = openDashboard();
	await waitFor(() => expect(frame(open!)).toContain('no tasks yet'));
	await open.press('a');
	await waitFor(() => expect(frame(open!)).toContain('add task › command:'));
	await open.press(keys.enter);
	await waitFor(() => expect(frame(open!)).toContain('the command is empty'));
	await open.press('e', 'c', 'h', 'o', 'x', keys.backspace, ' ', 'h', 'i', keys.enter);
	await waitFor(() => expect(frame(open!)).toContain('priority:'));
	await open.press('k', 'k', keys.enter);
	await waitFor(() => expect(frame(open!)).toContain('added'));
	const task = onlyTask(open);
	expect(task.command).toBe('echo hi');
	expect(task.priority).toBe('critical');
	expect(task.cwd).toBe(open.dataDir);
	expect(task.env).toEqual({PATH: '/usr/bin', AZ_TEST: '1'});
	expect(frame(open)).toContain('echo hi');
});

test('esc backs out of adding at either step', async () => {
	open = openDashboard();
	await waitFor(() => expect(frame(open!)).toContain('no tasks yet'));
	await open.press('a', 'l', 's', keys.escape);
	await waitFor(() => expect(frame(open!)).toContain('add cancelled'));
	await open.press('a', 'l', 's', keys.enter, keys.escape);
	await waitFor(() => expect(frame(open!)).toContain('add cancelled'));
	expect(open.azos.store.tasks.count()).toBe(0);
});

test('+ and - change the priority of a waiting task, and say when they cannot', async () => {
	open = openDashboard({seed: azos => azos.addTask({command: 'queued', priority: 'high'})});
	await waitFor(() => expect(frame(open!)).toContain('queued'));
	await open.press('+');
	await waitFor(() => expect(onlyTask(open!).priority).toBe('critical'));
	await open.press('+');
	await waitFor(() => expect(frame(open!)).toContain('is already critical'));
	await open.press('-', '-');
	await waitFor(() => expect(onlyTask(open!).priority).toBe('normal'));
	open.azos.store.tasks.transition(onlyTask(open).id, 'start_execution');
	await open.press('+');
	await waitFor(() => expect(frame(open!)).toContain("only a waiting task's priority can change"));
});

test('--readonly refuses every action with a message and changes nothing', async () => {
	open = openDashboard({
		seed: azos => azos.addTask({command: 'protected'}),
		props: {readonly: true, worker: new RecordingWorker()},
	});
	await waitFor(() => expect(frame(open!)).toContain('protected'));
	expect(frame(open)).toContain('read-only');
	expect(frame(open)).not.toContain('c cancel');
	for (const key of ['c', 'r', 'a', '+', '-', 'p']) {
		await open.press(key);
		await waitFor(() => expect(frame(open!)).toContain(`"${key === '+' ? '+ / =' : key}" (`));
		expect(frame(open)).toContain('read-only dashboard (--readonly)');
	}

	expect(onlyTask(open).status).toBe('pending');
	expect(onlyTask(open).priority).toBe('normal');
	expect(open.azos.store.tasks.count()).toBe(1);
	// Looking around still works.
	await open.press('?');
	await waitFor(() => expect(frame(open!)).toContain('Keys (esc or ? closes)'));
});

test('p pauses and resumes the embedded worker; without one it says so', async () => {
	const worker = new RecordingWorker();
	open = openDashboard({props: {worker}});
	await waitFor(() => expect(frame(open!)).toContain('worker running'));
	await open.press('p');
	await waitFor(() => expect(frame(open!)).toContain('worker paused'));
	await open.press('p');
	await waitFor(() => expect(frame(open!)).toContain('worker resumed'));
	expect(worker.calls).toEqual(['pause', 'resume']);
	open.unmount();
	open.azos.close();
	open = openDashboard();
	await waitFor(() => expect(frame(open!)).toContain('worker off'));
	await open.press('p');
	await waitFor(() => expect(frame(open!)).toContain('no embedded worker in this dashboard'));
});

test('? opens the help with every key of the key map; esc closes it; q and ctrl-c quit', async () => {
	const {keyBindings} = await import('../../source/ui/keymap.js');
	open = openDashboard({props: {size: {columns: 160, rows: 50}}});
	await waitFor(() => expect(frame(open!)).toContain('[1] Tasks'));
	await open.press('?');
	await waitFor(() => expect(frame(open!)).toContain('Keys (esc or ? closes)'));
	// (The search pane's keys are listed when the dashboard has one: see search-in-dashboard.test.tsx.)
	for (const binding of keyBindings.filter(candidate => candidate.context !== 'search')) expect(frame(open)).toContain(binding.description);
	await open.press(keys.escape);
	await waitFor(() => expect(frame(open!)).toContain('[1] Tasks'));
	expect(open.quit.count).toBe(0);
	await open.press('q');
	await waitFor(() => expect(open!.quit.count).toBe(1));
});

test('ctrl-c quits too', async () => {
	open = openDashboard();
	await waitFor(() => expect(frame(open!)).toContain('[1] Tasks'));
	await open.press(keys.ctrlC);
	await waitFor(() => expect(open!.quit.count).toBe(1));
});
