/** The CLI against a real Chroma server ($AZ_OS_CHROMA_URL), and the saved choice of store with its reason. */
import {existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {cli} from '../helpers/cli.js';
import {tempDir} from '../helpers/temp.js';
import {startBundledChroma} from '../../source/search/stores/chroma-server.js';
import {startTestChroma} from './helpers/chroma.js';

const chromaDataDir = mkdtempSync(path.join(tmpdir(), 'az-os-chroma-cli-'));
const chroma = await startTestChroma(chromaDataDir);
if (chroma.skipReason) console.warn(`chroma CLI tests skipped: ${chroma.skipReason}`);
afterAll(async () => {
	await chroma.server?.stop();
	rmSync(chromaDataDir, {recursive: true, force: true});
});

const baseEnv = {PATH: process.env['PATH'], HOME: process.env['HOME'], AZ_OS_OFFLINE: '1', AZ_OS_EMBEDDER: 'use-lite'};

function docs(): string {
	const root = tempDir('az-os-docs-');
	writeFileSync(path.join(root, 'a.md'), '# Alpha\n\n## Retry\n\nA failed task is retried with exponential backoff until its retries run out.\n');
	writeFileSync(path.join(root, 'b.md'), '# Beta\n\n## Logs\n\nFollow the log lines of a running task live from another terminal.\n');
	return root;
}

describe('store choice', () => {
	it('falls back to sqlite-vec with the reason when the bundled Chroma cannot start, and keeps that choice', async () => {
		let bundledError: string | undefined;
		const probeDir = tempDir();
		try {
			await (await startBundledChroma({dataDir: probeDir})).stop();
		} catch (error) {
			bundledError = (error as Error).message;
		}

		const dataDir = tempDir();
		const indexed = await cli(dataDir, ['index', docs()], {env: baseEnv});
		expect(indexed.code).toBe(0);
		const status = JSON.parse((await cli(dataDir, ['search', 'status', '--json'], {env: baseEnv})).stdout) as {store: {kind: string; reason: string}};
		if (bundledError === undefined) {
			expect(status.store).toMatchObject({kind: 'chroma', reason: 'the bundled Chroma server runs here'});
		} else {
			expect(indexed.stderr).toMatch(/notice: Chroma cannot run here \(.+\): using sqlite-vec/);
			expect(status.store.kind).toBe('sqlite');
			expect(status.store.reason).toContain(bundledError.replace(/^the bundled Chroma server did not start: /, '').slice(0, 40));
			// Saved: the next command does not try Chroma again and says nothing more.
			expect((await cli(dataDir, ['search', 'retry', '--json'], {env: baseEnv})).stderr).toBe('');
		}
	});
});

describe.skipIf(chroma.skipReason !== undefined)(`az-os with Chroma${chroma.skipReason ? ` (skipped: ${chroma.skipReason})` : ''}`, () => {
	it('indexes into Chroma via AZ_OS_CHROMA_URL, migrates to sqlite and back without losing a vector', async () => {
		const env = {...baseEnv, AZ_OS_CHROMA_URL: chroma.server!.url};
		const dataDir = tempDir();
		expect((await cli(dataDir, ['index', docs()], {env})).code).toBe(0);
		const status = JSON.parse((await cli(dataDir, ['search', 'status', '--json'], {env})).stdout) as {store: {kind: string; url: string}; collections: Array<{count: number}>};
		expect(status.store).toMatchObject({kind: 'chroma', url: chroma.server!.url});
		expect(status.collections[0]!.count).toBe(2);
		const before = JSON.parse((await cli(dataDir, ['search', 'watch output of a job as it runs', '--mode', 'semantic', '--json'], {env})).stdout) as Array<{id: string; heading: string}>;
		expect(before[0]!.heading).toBe('Logs');

		const toSqlite = await cli(dataDir, ['search', 'migrate', '--to', 'sqlite'], {env});
		expect(toSqlite.stdout).toMatch(/migrated 2 documents vectors from chroma to sqlite/);
		const onSqlite = JSON.parse((await cli(dataDir, ['search', 'watch output of a job as it runs', '--mode', 'semantic', '--json'], {env})).stdout) as Array<{id: string}>;
		expect(onSqlite.map(hit => hit.id)).toEqual(before.map(hit => hit.id));
		expect(JSON.parse((await cli(dataDir, ['search', 'status', '--json'], {env})).stdout).store.kind).toBe('sqlite');

		const again = await cli(dataDir, ['search', 'migrate', '--to', 'sqlite'], {env});
		expect(again.code).toBe(1);
		expect(again.stderr).toMatch(/already sqlite/);
		expect((await cli(dataDir, ['search', 'migrate', '--to', 'chroma'], {env})).stdout).toMatch(/migrated 2 documents vectors from sqlite to chroma/);
		expect(JSON.parse((await cli(dataDir, ['search', 'status', '--json'], {env})).stdout).store.kind).toBe('chroma');
	});

	it('the bundled server keeps its data in data/chroma, logs to data/chroma.log, and stops', async () => {
		const {ChromaStore} = await import('../../source/search/stores/chroma-store.js');
		const dataDir = tempDir();
		const first = await startTestChroma(dataDir);
		const store = await ChromaStore.connect({url: first.server!.url});
		await store.ensureCollection('documents', {id: 'use-lite', dimension: 2});
		await store.upsert('documents', [{id: 'kept', embedding: Float32Array.from([1, 0]), document: 'kept', metadata: {n: 1}}]);
		await first.server!.stop();
		expect(() => process.kill(first.server!.pid, 0)).toThrow();
		expect(existsSync(path.join(dataDir, 'chroma.log'))).toBe(true);
		expect(readdirSync(path.join(dataDir, 'chroma')).length).toBeGreaterThan(0);
		const second = await startTestChroma(dataDir);
		try {
			const reopened = await ChromaStore.connect({url: second.server!.url});
			expect(await reopened.get('documents', ['kept'])).toMatchObject([{id: 'kept', document: 'kept'}]);
		} finally {
			await second.server!.stop();
		}
	});

	it('reports a Chroma that is down as a clear error', async () => {
		const env = {...baseEnv, AZ_OS_CHROMA_URL: chroma.server!.url};
		const dataDir = tempDir();
		expect((await cli(dataDir, ['index', docs()], {env})).code).toBe(0);
		const down = await cli(dataDir, ['search', 'retry'], {env: {...env, AZ_OS_CHROMA_URL: 'http://127.0.0.1:9'}});
		expect(down.code).toBe(1);
		expect(down.stderr).toMatch(/^az-os: the Chroma store is down: Chroma at http:\/\/127\.0\.0\.1:9 failed/);
	});
});
