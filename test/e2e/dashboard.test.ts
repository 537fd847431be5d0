import {execFileSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, beforeAll, expect, test} from 'vitest';
import {isGroupAlive} from '../../source/runner/process-group.js';
import {Store} from '../../source/store/store.js';
import {builtCli, cli, spawnCli} from '../helpers/cli.js';
import {tempDir} from '../helpers/temp.js';
import {eventually, TmuxSession, tmuxPath} from './tmux.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sessions: TmuxSession[] = [];

// dist/ is built by test/global-setup.ts before any test file runs.
beforeAll(() => {
	if (!tmuxPath) throw new Error('the end-to-end test needs tmux: apt-get install -y tmux');
});

afterEach(() => {
	for (const session of sessions.splice(0)) session.kill();
});

function expectIn(session: TmuxSession, text: string): string {
	const screen = session.capture();
	expect(screen).toContain(text);
	return screen;
}

/** The screen once the dashboard exited and the shell printed the terminal modes (stty -a ends with its flags). */
function exited(session: TmuxSession): string {
	const screen = expectIn(session, 'dashboard exit=0');
	expect(screen).toMatch(/isig|icanon/);
	return screen;
}

/** Starts `az-os <args>` in tmux inside a shell that, after it exits, prints its exit code and the terminal modes. */
function startDashboard(dataDir: string, args: string[], env: Record<string, string> = {}): TmuxSession {
	const session = new TmuxSession(tmuxPath!);
	sessions.push(session);
	const script = path.join(dataDir, 'run.sh');
	writeFileSync(script, `"${process.execPath}" "${builtCli}" --data-dir "${dataDir}" ${args.join(' ')}\necho "dashboard exit=$?"\nstty -a\nsleep 60\n`);
	session.start(`sh ${script}`, 120, 40, {TERM: 'xterm-256color', ...env});
	return session;
}

test('the dashboard in a real terminal: tasks and logs from other processes, cancel with c y, q restores the terminal', async () => {
	const dataDir = tempDir();
	const session = startDashboard(dataDir, ['--no-worker']);
	await eventually(() => expectIn(session, '[1] Tasks'), 15_000, 'the dashboard to draw');
	expect(session.display('#{alternate_on}')).toBe('1');

	const added = await spawnCli(['--data-dir', dataDir, 'add', 'sleep 300']);
	expect(added.code).toBe(0);
	const taskId = added.stdout.trim();
	const short = taskId.slice(-8).toLowerCase();
	await eventually(() => expectIn(session, short), 10_000, 'the task added by another process');

	// Another process writes log lines through the built store.
	const writer = `import {Store} from ${JSON.stringify(path.join(root, 'dist/store/store.js'))};
const store = Store.open(${JSON.stringify(dataDir)});
store.logs.append(${JSON.stringify(taskId)}, [{level: 'info', message: 'hello from another process'}, {level: 'error', message: 'an error line'}]);
store.close();`;
	execFileSync(process.execPath, ['--input-type=module', '-e', writer]);
	await eventually(() => expectIn(session, 'hello from another process'), 10_000, 'log lines in the tail');
	expectIn(session, 'ERROR an error line');

	session.send('c');
	await eventually(() => expectIn(session, `Cancel task ${short}`), 10_000, 'the confirmation');
	session.send('y');
	await eventually(() => expectIn(session, `cancelled ${short}`), 10_000, 'the cancel message');
	const shown = await spawnCli(['--data-dir', dataDir, 'show', taskId, '--json']);
	expect(JSON.parse(shown.stdout).task.status).toBe('cancelled');

	session.send('q');
	const after = await eventually(() => exited(session), 10_000, 'the dashboard to exit');
	expect(after).not.toContain('[1] Tasks');
	expect(session.display('#{alternate_on}')).toBe('0');
	expect(session.display('#{cursor_flag}')).toBe('1');
	// Raw mode is off again: the line discipline echoes and edits lines.
	expect(after).toMatch(/(^|\s)icanon(\s|$)/m);
	expect(after).toMatch(/(^|\s)echo(\s|$)/m);
}, 90_000);

test('with its embedded worker: an added task runs, its output streams in, c y kills its process group, q stops the worker', async () => {
	const dataDir = tempDir();
	const session = startDashboard(dataDir, []);
	await eventually(() => expectIn(session, 'worker running'), 20_000, 'the dashboard with a running worker');

	const added = await spawnCli(['--data-dir', dataDir, 'add', '--', 'sh', '-c', "'echo streamed-one; echo streamed-two; sleep 300 & wait'"]);
	expect(added.code).toBe(0);
	const taskId = added.stdout.trim();
	const short = taskId.slice(-8).toLowerCase();
	await eventually(() => expectIn(session, 'streamed-two'), 20_000, 'the task to run and its output to stream in');
	expectIn(session, 'running');
	const store = Store.open(dataDir);
	try {
		const pid = (store.db.prepare('SELECT pid FROM tasks WHERE id = ?').get(taskId) as {pid: number | null}).pid;
		expect(pid).not.toBeNull();
		expect(isGroupAlive(pid!)).toBe(true);

		session.send('c');
		await eventually(() => expectIn(session, `Cancel task ${short}`), 10_000, 'the confirmation');
		session.send('y');
		await eventually(() => expectIn(session, `cancelled ${short}`), 10_000, 'the cancel message');
		await eventually(() => expect(isGroupAlive(pid!)).toBe(false), 10_000, 'the process group to be gone');
		expect(store.tasks.get(taskId)!.status).toBe('cancelled');

		session.send('p');
		await eventually(() => expectIn(session, 'worker paused'), 10_000, 'the worker to pause');
		session.send('p');
		await eventually(() => expectIn(session, 'worker running'), 10_000, 'the worker to resume');

		session.send('q');
		const after = await eventually(() => exited(session), 20_000, 'the dashboard to exit');
		expect(session.display('#{alternate_on}')).toBe('0');
		expect(after).toMatch(/(^|\s)icanon(\s|$)/m);
		// The worker stopped: its row says so, and nothing runs.
		const workers = store.db.prepare('SELECT state FROM workers').all() as Array<{state: string}>;
		expect(workers.length).toBeGreaterThan(0);
		expect(workers.every(row => row.state === 'stopped')).toBe(true);
	} finally {
		store.close();
	}
}, 120_000);

test('a task the embedded worker finishes becomes a searchable context in the search pane', async () => {
	const dataDir = tempDir();
	const session = startDashboard(dataDir, [], {AZ_OS_OFFLINE: '1', AZ_OS_EMBEDDER: 'use-lite'});
	await eventually(() => expectIn(session, 'worker running'), 20_000, 'the dashboard with a running worker');
	const added = await spawnCli(['--data-dir', dataDir, 'add', 'echo rebuilding the zebra index']);
	expect(added.code).toBe(0);
	await eventually(() => expectIn(session, 'completed'), 20_000, 'the task to complete');
	session.send('3');
	// Keys sent in one burst arrive as one chunk ("3\t"), which Ink reads as pasted text: let the 3 land first.
	await eventually(() => expectIn(session, '▶[3] Search'), 10_000, 'the search pane to take focus');
	session.send('Tab');
	await eventually(() => expectIn(session, 'search [contexts]'), 10_000, 'the contexts collection');
	session.send('-l', 'zebra');
	await eventually(() => expectIn(session, 'rebuilding the zebra index'), 60_000, 'the finished task found as a context');
	session.send('Escape');
	// Esc and q sent in one burst read as Alt-q (ESC q) to any terminal app: let the Esc land first.
	await eventually(() => expectIn(session, '▶[1] Tasks'), 10_000, 'the tasks pane to take focus again');
	session.send('q');
	await eventually(() => exited(session), 20_000, 'the dashboard to exit');
}, 120_000);

test('closing the terminal (SIGHUP) stops the embedded worker cleanly: its running task is cancelled, not orphaned', async () => {
	const dataDir = tempDir();
	const added = await spawnCli(['--data-dir', dataDir, 'add', '--', 'sh', '-c', "'sleep 300 & wait'"]);
	const taskId = added.stdout.trim();
	const session = startDashboard(dataDir, []);
	const store = Store.open(dataDir);
	try {
		const pid = await eventually(() => {
			const row = store.db.prepare('SELECT pid, status FROM tasks WHERE id = ?').get(taskId) as {pid: number | null; status: string};
			expect(row.status).toBe('running');
			expect(row.pid).not.toBeNull();
			return row.pid!;
		}, 20_000, 'the task to run');
		await eventually(() => expectIn(session, 'running'), 20_000, 'the dashboard to show it');
		session.kill();
		// The worker's stop lets running tasks finish for its grace period (10 s), then cancels them.
		await eventually(() => expect(store.tasks.get(taskId)!.status).toBe('cancelled'), 30_000, 'the task to be cancelled');
		await eventually(() => expect(isGroupAlive(pid)).toBe(false), 10_000, 'the process group to be gone');
	} finally {
		store.close();
	}
}, 60_000);

test('--readonly runs no worker and refuses actions', async () => {
	const dataDir = tempDir();
	expect((await spawnCli(['--data-dir', dataDir, 'add', 'sleep 1'])).code).toBe(0);
	const session = startDashboard(dataDir, ['--readonly']);
	await eventually(() => expectIn(session, 'read-only'), 20_000, 'the read-only dashboard');
	session.send('c');
	await eventually(() => expectIn(session, 'read-only dashboard (--readonly)'), 10_000, 'the refusal');
	expectIn(session, 'pending');
	session.send('q');
	await eventually(() => expectIn(session, 'dashboard exit=0'), 20_000, 'the dashboard to exit');
}, 60_000);

test('without a terminal the dashboard explains itself instead of drawing', async () => {
	const result = await spawnCli(['--data-dir', tempDir()]);
	expect(result.code).toBe(2);
	expect(result.stderr).toContain('az-os: the dashboard needs an interactive terminal');
});

test('unknown dashboard flags are usage errors', async () => {
	const result = await spawnCli(['--data-dir', tempDir(), '--bogus']);
	expect(result.code).toBe(2);
	expect(result.stderr).toContain('unknown option --bogus');
});

test('the dashboard flags belong to the dashboard: --help lists them, a command refuses them', async () => {
	const dataDir = tempDir();
	const help = await cli(dataDir, ['--help']);
	expect(help.stdout).toContain('Dashboard options:');
	expect(help.stdout).toContain('--no-worker only watches');
	expect(help.stdout).toContain('--readonly');
	const refused = await cli(dataDir, ['list', '--readonly']);
	expect(refused.code).toBe(2);
	expect(refused.stderr).toContain('unknown option --readonly');
	// Without a terminal the flags parse, and the dashboard says what it needs.
	const noTty = await cli(dataDir, ['--no-worker', '--readonly']);
	expect(noTty.code).toBe(2);
	expect(noTty.stderr).toContain('needs an interactive terminal');
});
