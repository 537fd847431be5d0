import {describe, expect, it} from 'vitest';
import {Store} from '../../source/store/store.js';
import {cli} from '../helpers/cli.js';
import {tempDir} from '../helpers/temp.js';
import {waitFor} from '../runner/helpers.js';

const env = {PATH: process.env['PATH'] ?? '/usr/bin:/bin', AZ_OS_OFFLINE: '1', AZ_OS_EMBEDDER: 'use-lite'};

describe('contexts from the worker', () => {
	it('az-os worker stores each finished task; show lists related past tasks; --no-contexts skips it', async () => {
		const dataDir = tempDir();
		const first = (await cli(dataDir, ['add', 'echo deploy staging'], {env})).stdout.trim();
		const second = (await cli(dataDir, ['add', 'echo deploy production'], {env})).stdout.trim();
		const stop = new AbortController();
		const worker = cli(dataDir, ['worker', '--concurrency', '1'], {env, signal: stop.signal});
		const store = Store.open(dataDir);
		await waitFor(() => [first, second].every(id => store.tasks.get(id)?.status === 'completed'), 20_000, 'both tasks to complete');
		stop.abort();
		expect((await worker).code).toBe(0);
		const contexts = store.db.prepare("SELECT count(*) AS n FROM search_chunks WHERE collection = 'contexts'").get() as {n: number} | undefined;
		expect(contexts?.n).toBe(2);

		const shown = await cli(dataDir, ['show', second, '--json'], {env});
		const related = (JSON.parse(shown.stdout) as {related: Array<{taskId: string}>}).related.map(item => item.taskId);
		expect(related).toEqual([first]);
		expect((await cli(dataDir, ['show', second], {env})).stdout).toMatch(/related past tasks:[\s\S]*echo deploy staging/);

		const third = (await cli(dataDir, ['add', 'echo deploy qa'], {env})).stdout.trim();
		const quiet = new AbortController();
		const skipping = cli(dataDir, ['worker', '--no-contexts'], {env, signal: quiet.signal});
		await waitFor(() => store.tasks.get(third)?.status === 'completed', 20_000, 'third task');
		quiet.abort();
		await skipping;
		expect((store.db.prepare("SELECT count(*) AS n FROM search_chunks WHERE collection = 'contexts'").get() as {n: number}).n).toBe(2);
		store.close();
	});
});
