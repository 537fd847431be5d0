import {execFileSync} from 'node:child_process';
import {chmodSync, mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {cli, spawnCli} from '../helpers/cli.js';
import {tempDir} from '../helpers/temp.js';

function oneLineError(stderr: string): string {
	const lines = stderr.trimEnd().split('\n');
	expect(lines).toHaveLength(1);
	expect(lines[0]).toMatch(/^az-os: /);
	return lines[0]!;
}

describe('az-os add / list / show', () => {
	test('add prints the id; list --json shows it pending with its priority, cwd and env captured', async () => {
		const dir = tempDir();
		const added = await cli(dir, ['add', 'echo hi', '--priority', 'high'], {cwd: '/tmp', env: {PATH: '/usr/bin', FOO: 'bar'}});
		expect(added).toMatchObject({code: 0, stderr: ''});
		const id = added.stdout.trim();
		expect(id).toMatch(/^[0-9A-Z]{26}$/);
		const listed = await cli(dir, ['list', '--json']);
		const tasks = JSON.parse(listed.stdout) as Array<Record<string, unknown>>;
		expect(tasks).toEqual([expect.objectContaining({id, command: 'echo hi', status: 'pending', priority: 'high', cwd: '/tmp', env: {PATH: '/usr/bin', FOO: 'bar'}})]);
	});

	test('add joins words, takes --after, --parent, --retries, --timeout, --model', async () => {
		const dir = tempDir();
		const first = (await cli(dir, ['add', 'make'])).stdout.trim();
		const second = await cli(dir, ['add', '--after', first, '--parent', first.slice(-8), '--retries', '2', '--timeout', '1.5', '-m', 'gpt-4o', '--', 'ls', '-la']);
		expect(second.code).toBe(0);
		const task = JSON.parse((await cli(dir, ['show', second.stdout.trim(), '--json'])).stdout).task;
		expect(task).toMatchObject({command: 'ls -la', dependsOn: [first], parentTaskId: first, maxRetries: 2, timeoutMs: 1500, model: 'gpt-4o'});
	});

	test('list prints a table, filters by status, and says when there is nothing', async () => {
		const dir = tempDir();
		expect((await cli(dir, ['list'])).stdout).toMatch(/no tasks yet/);
		await cli(dir, ['add', 'echo one']);
		const table = (await cli(dir, ['list'])).stdout;
		expect(table).toMatch(/^ID\s+STATUS\s+PRIORITY/);
		expect(table).toMatch(/pending\s+normal.*echo one/);
		expect((await cli(dir, ['list', '--status', 'running'])).stdout).toMatch(/no running tasks/);
	});

	test('show prints fields and the event history', async () => {
		const dir = tempDir();
		const id = (await cli(dir, ['add', 'echo hi'])).stdout.trim();
		const shown = await cli(dir, ['show', id]);
		expect(shown.stdout).toMatch(/status\s+pending/);
		expect(shown.stdout).toMatch(/queue_task\s+initialized -> pending by cli/);
	});
});

describe('az-os cancel / retry', () => {
	test('cancel changes the state and records who; cancelling again is an illegal transition', async () => {
		const dir = tempDir();
		const id = (await cli(dir, ['add', 'sleep 100'])).stdout.trim();
		expect(await cli(dir, ['cancel', id])).toMatchObject({code: 0, stdout: expect.stringMatching(/^cancelled /)});
		const again = await cli(dir, ['cancel', id]);
		expect(again.code).toBe(1);
		expect(oneLineError(again.stderr)).toBe(`az-os: task ${id} cannot go from cancelled to cancelled (user_cancel is not allowed from cancelled)`);
	});

	test('cancel of a parent cancels its unfinished subtasks; a bad id among good ones still cancels the good ones', async () => {
		const dir = tempDir();
		const parent = (await cli(dir, ['add', 'parent'])).stdout.trim();
		const child = (await cli(dir, ['add', 'child', '--parent', parent])).stdout.trim();
		const other = (await cli(dir, ['add', 'other'])).stdout.trim();
		const result = await cli(dir, ['cancel', parent, 'NOPE1234', other, '--json']);
		expect(result.code).toBe(1);
		const body = JSON.parse(result.stdout) as {cancelled: Array<{id: string}>; errors: string[]};
		expect(body.cancelled.map(task => task.id).sort()).toEqual([parent, child, other].sort());
		expect(body.errors).toEqual(['no task with id "NOPE1234"']);
	});

	test('retry refuses a task that has not failed', async () => {
		const dir = tempDir();
		const id = (await cli(dir, ['add', 'true'])).stdout.trim();
		const result = await cli(dir, ['retry', id]);
		expect(result.code).toBe(1);
		expect(oneLineError(result.stderr)).toMatch(/cannot go from pending to retrying/);
	});
});

describe('az-os config / migrate', () => {
	test('config set, get and list; a bad value is refused', async () => {
		const dir = tempDir();
		expect((await cli(dir, ['config', 'set', 'runner.kill_grace_ms', '1200'])).stdout).toBe('runner.kill_grace_ms = 1200\n');
		expect((await cli(dir, ['config', 'get', 'runner.kill_grace_ms'])).stdout).toBe('1200\n');
		expect((await cli(dir, ['config', 'list'])).stdout).toMatch(/runner\.kill_grace_ms\s+1200\s+3000/);
		const bad = await cli(dir, ['config', 'set', 'runner.kill_grace_ms', 'x']);
		expect(bad.code).toBe(1);
		expect(oneLineError(bad.stderr)).toBe('az-os: runner.kill_grace_ms must be a whole number >= 0, got "x"');
	});

	test('migrate down --to 0 then up round-trips, keeping status honest', async () => {
		const dir = tempDir();
		await cli(dir, ['list']);
		expect((await cli(dir, ['migrate', 'down', '--to', '0'])).stdout).toMatch(/reverted 001_initial_schema/);
		expect((await cli(dir, ['migrate', 'status', '--json'])).stdout).toMatch(/"applied": false/);
		expect((await cli(dir, ['migrate', 'up'])).stdout).toMatch(/applied 003_task_execution/);
		expect((await cli(dir, ['migrate', 'up'])).stdout).toBe('already up to date\n');
	});
});

describe('bad input: one line, the right exit code, nothing lost', () => {
	const cases: Array<[string, string[], number, RegExp]> = [
		['unknown command', ['frobnicate'], 2, /unknown command "frobnicate"/],
		['unknown option', ['list', '--colour'], 2, /unknown option --colour: see az-os list --help/],
		['empty command', ['add', '  '], 2, /the command is empty/],
		['bad priority', ['add', 'x', '--priority', 'urgent'], 2, /unknown priority "urgent"/],
		['bad status', ['list', '--status', 'done'], 2, /unknown status "done"/],
		['bad limit', ['list', '--limit', 'many'], 2, /--limit needs a number/],
		['missing id', ['show'], 2, /give a task id/],
		['unknown id', ['show', 'ZZZZZZZZ'], 1, /no task with id "ZZZZZZZZ"/],
		['unknown log level', ['logs', 'ZZZZZZZZ', '--level', 'loud'], 2, /unknown level "loud"/],
		['unknown config key', ['config', 'get', 'a.b'], 1, /unknown setting "a.b"/],
		['unknown migrate action', ['migrate', 'sideways'], 2, /unknown migrate action/],
	];
	test.each(cases)('%s', async (_name, args, code, message) => {
		const dir = tempDir();
		const result = await cli(dir, args);
		expect(result.code).toBe(code);
		expect(oneLineError(result.stderr)).toMatch(message);
	});

	test('a database file that is not SQLite is refused and left untouched', async () => {
		const dir = tempDir();
		const junk = 'this is not a database, and it must survive\n'.repeat(100);
		writeFileSync(path.join(dir, 'az_os.db'), junk);
		const result = await cli(dir, ['list']);
		expect(result.code).toBe(1);
		expect(oneLineError(result.stderr)).toMatch(/az_os\.db is not an SQLite database/);
		const {readFileSync} = await import('node:fs');
		expect(readFileSync(path.join(dir, 'az_os.db'), 'utf8')).toBe(junk);
	});

	test('a read-only data dir is a clear error', async () => {
		const dir = path.join(tempDir(), 'ro');
		mkdirSync(dir);
		chmodSync(dir, 0o555);
		// root ignores permission bits: make the directory immutable instead.
		const asRoot = process.getuid?.() === 0;
		if (asRoot) execFileSync('chattr', ['+i', dir]);
		try {
			const result = await cli(dir, ['list']);
			expect(result.code).toBe(1);
			expect(oneLineError(result.stderr)).toMatch(/read-only|cannot write/);
		} finally {
			if (asRoot) execFileSync('chattr', ['-i', dir]);
			chmodSync(dir, 0o755);
		}
	});

	test('a data dir that cannot be created is a clear error', async () => {
		const result = await cli('/proc/no-such/az-os', ['list']);
		expect(result.code).toBe(1);
		expect(oneLineError(result.stderr)).toMatch(/cannot create data dir \/proc\/no-such\/az-os/);
	});
});

describe('the built CLI as a real process', () => {
	test('--help, --version, command help, and the data dir from $AZ_OS_DATA_DIR', async () => {
		const dir = tempDir();
		const help = await spawnCli(['--help']);
		expect(help.code).toBe(0);
		for (const name of ['add', 'list', 'show', 'cancel', 'retry', 'logs', 'config', 'migrate']) expect(help.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
		expect((await spawnCli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
		for (const name of ['add', 'list', 'show', 'cancel', 'retry', 'logs', 'config', 'migrate']) {
			const commandHelp = await spawnCli([name, '--help']);
			expect(commandHelp.code).toBe(0);
			expect(commandHelp.stdout).toMatch(new RegExp(`^Usage: az-os ${name}`));
		}

		const added = await spawnCli(['add', 'echo from env'], {env: {AZ_OS_DATA_DIR: dir}});
		expect(added.code).toBe(0);
		const listed = await spawnCli(['list', '--json', '--data-dir', dir]);
		expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({command: 'echo from env'})]);
	});

	test('errors print one line without a stack trace (unless --debug), exit 1 or 2', async () => {
		const dir = tempDir();
		const missing = await spawnCli(['show', 'ZZZZZZZZ', '--data-dir', dir]);
		expect(missing.code).toBe(1);
		expect(missing.stderr).toBe('az-os: no task with id "ZZZZZZZZ"\n');
		const usage = await spawnCli(['list', '--bogus', '--data-dir', dir]);
		expect(usage.code).toBe(2);
		const debug = await spawnCli(['show', 'ZZZZZZZZ', '--data-dir', dir, '--debug']);
		expect(debug.stderr).toMatch(/at .*tasks\.js/);
	});
});
