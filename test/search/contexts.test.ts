import {afterEach, describe, expect, it} from 'vitest';
import {manualClock, tempDir} from '../helpers/temp.js';
import {AzOs} from '../../source/services/az-os.js';
import {SearchService, taskContextRecorder} from '../../source/services/search-service.js';
import {purgeExpiredContexts, recordTaskContext, relatedTasks} from '../../source/search/contexts.js';

const env = {AZ_OS_OFFLINE: '1', AZ_OS_EMBEDDER: 'use-lite'};
const opened: Array<{close(): Promise<void> | void}> = [];
afterEach(async () => {
	for (const item of opened.splice(0).reverse()) await item.close();
});

function setup() {
	const dataDir = tempDir();
	const clock = manualClock('2026-03-01T00:00:00.000Z');
	const azos = AzOs.open({dataDir, clock: clock.now});
	opened.push(azos);
	const search = new SearchService({dataDir, db: azos.store.db, env, clock: clock.now});
	opened.push(search);
	return {dataDir, clock, azos, search};
}

describe('task contexts', () => {
	it('stores a finished task with its summary and metadata, and finds related past tasks', async () => {
		const {azos, search} = setup();
		const build = azos.addTask({command: 'npm run build'});
		const test = azos.addTask({command: 'npm test -- --run'});
		const backup = azos.addTask({command: 'tar czf backup.tgz data'});
		await recordTaskContext(search, build, {exitCode: 0, signal: null, durationMs: 4200, lastLines: ['tsc -p tsconfig.build.json', 'done']}, {ttlDays: 30});
		await recordTaskContext(search, test, {exitCode: 1, signal: null, durationMs: 9000, lastLines: ['1 failed']}, {ttlDays: 30});
		await recordTaskContext(search, backup, {exitCode: null, signal: 'SIGTERM', durationMs: 100, lastLines: []}, {ttlDays: 30});
		const stored = search.chunk('contexts', `task:${test.id}`)!;
		expect(stored.document).toBe('$ npm test -- --run\nfailed with exit code 1 after 9.0s\n1 failed');
		expect(stored.metadata).toMatchObject({
			task_id: test.id,
			context_type: 'task_result',
			relevance_score: 0.5,
			status: 'failed',
			exit_code: 1,
			created_at: '2026-03-01T00:00:00.000Z',
			created_at_epoch: Date.parse('2026-03-01T00:00:00.000Z'),
			expires_at: '2026-03-31T00:00:00.000Z',
		});
		expect(search.chunk('contexts', `task:${backup.id}`)!.document).toMatch(/killed by SIGTERM/);

		const rebuild = azos.addTask({command: 'npm run build -- --watch'});
		const related = await relatedTasks(search, rebuild, 2);
		expect(related[0]).toMatchObject({taskId: build.id, command: 'npm run build', status: 'succeeded', exitCode: 0});
		expect(related.map(item => item.taskId)).not.toContain(rebuild.id);
		expect((await relatedTasks(search, build, 5)).map(item => item.taskId)).not.toContain(build.id);
	});

	it('expires contexts after the TTL and purges them', async () => {
		const {azos, search, clock} = setup();
		const old = azos.addTask({command: 'echo old'});
		await recordTaskContext(search, old, {exitCode: 0, signal: null, durationMs: 1, lastLines: ['old']}, {ttlDays: 1});
		clock.advance(2 * 24 * 60 * 60 * 1000);
		const fresh = azos.addTask({command: 'echo fresh'});
		// Recording purges what has expired on the way.
		await recordTaskContext(search, fresh, {exitCode: 0, signal: null, durationMs: 1, lastLines: ['fresh']}, {ttlDays: 1});
		expect(search.chunk('contexts', `task:${old.id}`)).toBeUndefined();
		await expect((await search.vectors()).get('contexts', [`task:${old.id}`])).resolves.toEqual([]);
		expect((await relatedTasks(search, {id: 'other', command: 'echo old'})).map(item => item.taskId)).toEqual([fresh.id]);
		clock.advance(2 * 24 * 60 * 60 * 1000);
		expect(await purgeExpiredContexts(search)).toBe(1);
		expect(await relatedTasks(search, {id: 'other', command: 'echo'})).toEqual([]);
	});

	it('the runner hook reads the TTL setting and never throws into the runner', async () => {
		const {dataDir, azos, search} = setup();
		azos.store.config.set('search.context_ttl_days', '7');
		const errors: Error[] = [];
		const recorder = taskContextRecorder({dataDir, store: azos.store, env, onError: error => errors.push(error)});
		opened.push(recorder);
		const task = azos.addTask({command: 'make all'});
		await recorder.onTaskFinished(task, {exitCode: 0, signal: null, durationMs: 10, lastLines: ['ok']});
		expect(errors).toEqual([]);
		expect(search.chunk('contexts', `task:${task.id}`)!.metadata['expires_at']).toBe('2026-03-08T00:00:00.000Z');
		// A fresh data dir with a bad embedder setting: the error goes to onError, not to the runner.
		const otherDir = tempDir();
		const other = AzOs.open({dataDir: otherDir});
		opened.push(other);
		const broken = taskContextRecorder({dataDir: otherDir, store: other.store, env: {...env, AZ_OS_EMBEDDER: 'bogus'}, onError: error => errors.push(error)});
		opened.push(broken);
		await expect(broken.onTaskFinished(other.addTask({command: 'make clean'}), {exitCode: 0, signal: null, durationMs: 1, lastLines: []})).resolves.toBeUndefined();
		expect(errors[0]?.message).toMatch(/AZ_OS_EMBEDDER must be minilm or use-lite/);
	});
});
