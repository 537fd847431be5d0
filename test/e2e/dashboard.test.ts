import {execFileSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, beforeAll, expect, test} from 'vitest';
import {builtCli, spawnCli} from '../helpers/cli.js';
import {tempDir} from '../helpers/temp.js';
import {eventually, TmuxSession, tmuxPath} from './tmux.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sessions: TmuxSession[] = [];

beforeAll(() => {
	if (!tmuxPath) throw new Error('the end-to-end test needs tmux: apt-get install -y tmux');
	// The test drives the built CLI, so build what is checked out now.
	execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], {stdio: 'inherit'});
}, 120_000);

afterEach(() => {
	for (const session of sessions.splice(0)) session.kill();
});

function expectIn(session: TmuxSession, text: string): string {
	const screen = session.capture();
	expect(screen).toContain(text);
	return screen;
}

test('the dashboard in a real terminal: tasks and logs from other processes, cancel with c y, q restores the terminal', async () => {
	const dataDir = tempDir();
	const session = new TmuxSession(tmuxPath!);
	sessions.push(session);
	// A shell around the dashboard shows, after it exits, its exit code and the terminal modes it left.
	const script = path.join(dataDir, 'run.sh');
	writeFileSync(script, `"${process.execPath}" "${builtCli}" --data-dir "${dataDir}" --no-worker\necho "dashboard exit=$?"\nstty -a\nsleep 60\n`);
	session.start(`sh ${script}`, 120, 40, {TERM: 'xterm-256color'});
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
	const after = await eventually(() => expectIn(session, 'dashboard exit=0'), 10_000, 'the dashboard to exit');
	expect(after).not.toContain('[1] Tasks');
	expect(session.display('#{alternate_on}')).toBe('0');
	expect(session.display('#{cursor_flag}')).toBe('1');
	// Raw mode is off again: the line discipline echoes and edits lines.
	expect(after).toMatch(/(^|\s)icanon(\s|$)/m);
	expect(after).toMatch(/(^|\s)echo(\s|$)/m);
}, 90_000);

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
