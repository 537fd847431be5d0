import {spawn} from 'node:child_process';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {followLogs} from '../../source/services/log-follow.js';
import {openDatabase} from '../../source/store/db.js';
import {Store} from '../../source/store/store.js';
import {builtCli} from '../helpers/cli.js';
import {tempDir} from '../helpers/temp.js';

describe('following logs', () => {
	test('in-process: yields lines as they are written and ends once the task is done', async () => {
		const store = Store.open(tempDir());
		const task = store.tasks.create({command: 'x'});
		store.tasks.transition(task.id, 'start_execution');
		store.logs.append(task.id, [{level: 'info', message: 'first'}]);
		const seen: string[] = [];
		const following = (async () => {
			for await (const batch of followLogs(store, task.id, {pollMs: 5})) seen.push(...batch.map(line => line.message));
		})();
		await new Promise(resolve => setTimeout(resolve, 30));
		store.logs.append(task.id, [{level: 'error', message: 'second'}]);
		store.logs.append(task.id, [{level: 'info', message: 'last'}]);
		store.tasks.transition(task.id, 'task_success');
		await following;
		expect(seen).toEqual(['first', 'second', 'last']);
		store.close();
	});

	test('without follow it reads what is there once, even for a running task', async () => {
		const store = Store.open(tempDir());
		const task = store.tasks.create({command: 'x'});
		store.logs.append(task.id, [{level: 'info', message: 'only'}]);
		const batches = [];
		for await (const batch of followLogs(store, task.id, {follow: false})) batches.push(batch);
		expect(batches.flat().map(line => line.message)).toEqual(['only']);
		store.close();
	});

	test('across processes: `logs --follow` prints lines another process appends, then exits when the task ends', async () => {
		const dir = tempDir();
		const store = Store.open(dir);
		const task = store.tasks.create({command: 'x'});
		store.tasks.transition(task.id, 'start_execution');
		const child = spawn(process.execPath, [builtCli, 'logs', task.id, '--follow', '--data-dir', dir], {stdio: ['ignore', 'pipe', 'pipe']});
		let out = '';
		child.stdout.on('data', chunk => (out += String(chunk)));
		const waitFor = async (text: string) => {
			const deadline = Date.now() + 10_000;
			while (!out.includes(text)) {
				if (Date.now() > deadline) throw new Error(`"${text}" did not appear; got ${JSON.stringify(out)}`);
				await new Promise(resolve => setTimeout(resolve, 10));
			}
		};

		// Give the follower time to start, then write from this process.
		await new Promise(resolve => setTimeout(resolve, 500));
		store.logs.append(task.id, [{level: 'info', message: 'hello from another process'}]);
		await waitFor('hello from another process');
		store.logs.append(task.id, [{level: 'error', message: 'bad thing'}]);
		await waitFor('[error] bad thing');
		store.tasks.transition(task.id, 'task_error');
		const code = await new Promise(resolve => child.on('close', resolve));
		expect(code).toBe(0);
		expect(out).toBe('hello from another process\n[error] bad thing\n');
		store.close();
	});
});

describe('a busy database', () => {
	test('a write that waits too long for another connection\'s lock fails clearly, and neither side loses data', () => {
		const dir = tempDir();
		const store = Store.open(dir, {busyTimeoutMs: 50});
		const other = openDatabase(path.join(dir, 'az_os.db'));
		other.prepare('BEGIN IMMEDIATE').run();
		other.prepare("INSERT INTO configuration (key, value) VALUES ('held', 'yes')").run();
		expect(() => store.tasks.create({command: 'blocked'})).toThrowError(/the database is busy \(another process holds a lock\)/);
		other.prepare('COMMIT').run();
		expect(store.tasks.create({command: 'after'}).status).toBe('pending');
		expect(store.tasks.count()).toBe(1);
		expect(store.db.prepare("SELECT value FROM configuration WHERE key = 'held'").get()).toEqual({value: 'yes'});
		other.close();
		store.close();
	});
});
