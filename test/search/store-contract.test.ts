/** One contract, two stores: every test below runs against sqlite-vec and against a real Chroma server. */
import {randomBytes} from 'node:crypto';
import path from 'node:path';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {tempDir} from '../helpers/temp.js';
import {Store} from '../../source/store/store.js';
import {SqliteVecStore} from '../../source/search/stores/sqlite-vec-store.js';
import {ChromaStore} from '../../source/search/stores/chroma-store.js';
import type {VectorRecord, VectorStore, Where} from '../../source/search/stores/vector-store.js';
import {startTestChroma} from './helpers/chroma.js';

const chromaDataDir = mkdtempSync(path.join(tmpdir(), 'az-os-chroma-contract-'));
const chroma = await startTestChroma(chromaDataDir);
if (chroma.skipReason) console.warn(`chroma contract tests skipped: ${chroma.skipReason}`);
afterAll(async () => {
	await chroma.server?.stop();
	rmSync(chromaDataDir, {recursive: true, force: true});
});

type Factory = () => Promise<{store: VectorStore; cleanup: () => Promise<void>}>;

const factories: Array<[string, Factory, string | undefined]> = [
	[
		'sqlite',
		async () => {
			const store = Store.open(tempDir());
			const vectors = await SqliteVecStore.open(store.db);
			return {
				store: vectors,
				cleanup: async () => {
					store.db.close();
				},
			};
		},
		undefined,
	],
	[
		'chroma',
		async () => {
			const url = process.env['AZ_OS_CHROMA_URL'] ?? chroma.server!.url;
			const vectors = await ChromaStore.connect({url, token: process.env['AZ_OS_CHROMA_TOKEN']});
			return {store: vectors, cleanup: async () => vectors.close()};
		},
		chroma.skipReason,
	],
];

function unit(values: number[]): Float32Array {
	const vector = Float32Array.from(values);
	const norm = Math.hypot(...vector);
	return vector.map(value => value / norm);
}

function record(id: string, values: number[], metadata: VectorRecord['metadata'] = {}): VectorRecord {
	return {id, embedding: unit(values), document: `document ${id}`, metadata};
}

const embedder = {id: 'test-embedder', dimension: 4};

for (const [kind, factory, skipReason] of factories) {
	describe.skipIf(skipReason !== undefined)(`vector store contract: ${kind}${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
		let store: VectorStore;
		let cleanup: () => Promise<void>;
		let name: string;
		beforeAll(() => {
			if (kind === 'chroma') console.info(`chroma contract tests use the ${chroma.how}`);
		});
		afterEach(async () => {
			await store.drop(name).catch(() => undefined);
			await cleanup();
		});
		const open = async () => {
			({store, cleanup} = await factory());
			name = `test_${randomBytes(4).toString('hex')}`;
			return store;
		};

		it('creates a collection that records its embedder and dimension', async () => {
			await open();
			expect(await store.describe(name)).toBeUndefined();
			expect(await store.ensureCollection(name, embedder)).toMatchObject({name, embedderId: 'test-embedder', dimension: 4, count: 0});
			expect(await store.ensureCollection(name, embedder)).toMatchObject({embedderId: 'test-embedder', dimension: 4});
		});

		it('refuses another embedder or dimension and asks for a rebuild', async () => {
			await open();
			await store.ensureCollection(name, embedder);
			await expect(store.ensureCollection(name, {id: 'other', dimension: 4})).rejects.toThrow(/az-os index --rebuild/);
			await expect(store.ensureCollection(name, {id: 'test-embedder', dimension: 8})).rejects.toMatchObject({code: 'CONFIG'});
			await expect(store.upsert(name, [{id: 'x', embedding: new Float32Array(8).fill(0.3), document: 'x', metadata: {}}])).rejects.toThrow(/--rebuild/);
		});

		it('answers a query on an empty collection with no hits', async () => {
			await open();
			await store.ensureCollection(name, embedder);
			expect(await store.query(name, unit([1, 0, 0, 0]), {limit: 5})).toEqual([]);
			expect(await store.query(name, unit([1, 0, 0, 0]), {limit: 5, where: {type: 'x'}})).toEqual([]);
		});

		it('returns nearest neighbours first with cosine distances', async () => {
			await open();
			await store.ensureCollection(name, embedder);
			await store.upsert(name, [record('a', [1, 0, 0, 0]), record('b', [0.9, 0.1, 0, 0]), record('c', [0, 0, 1, 0]), record('d', [-1, 0, 0, 0])]);
			const hits = await store.query(name, unit([1, 0, 0, 0]), {limit: 3});
			expect(hits.map(hit => hit.id)).toEqual(['a', 'b', 'c']);
			expect(hits[0]!.distance).toBeCloseTo(0, 4);
			expect(hits[2]!.distance).toBeCloseTo(1, 4);
			expect(hits[0]!.document).toBe('document a');
			expect((await store.describe(name))!.count).toBe(4);
		});

		it('upsert replaces a record with the same id', async () => {
			await open();
			await store.ensureCollection(name, embedder);
			await store.upsert(name, [record('a', [1, 0, 0, 0], {version: 1})]);
			await store.upsert(name, [{...record('a', [0, 1, 0, 0], {version: 2}), document: 'new text'}]);
			expect((await store.describe(name))!.count).toBe(1);
			const [hit] = await store.query(name, unit([0, 1, 0, 0]), {limit: 1});
			expect(hit).toMatchObject({id: 'a', document: 'new text', metadata: {version: 2}});
			expect(hit!.distance).toBeCloseTo(0, 4);
		});

		it('filters by metadata: strings, numbers, booleans, array contains, several keys', async () => {
			await open();
			await store.ensureCollection(name, embedder);
			await store.upsert(name, [
				record('md', [1, 0, 0, 0], {type: 'markdown', tags: ['docs', 'search'], chunk_index: 0, draft: false}),
				record('ts', [0.9, 0.2, 0, 0], {type: 'code', tags: ['search'], chunk_index: 1, draft: true}),
				record('txt', [0.8, 0.3, 0, 0], {type: 'text', tags: ['notes'], chunk_index: 0, draft: false}),
			]);
			const ids = async (where: Where) => (await store.query(name, unit([1, 0, 0, 0]), {limit: 10, where})).map(hit => hit.id).sort();
			expect(await ids({type: 'code'})).toEqual(['ts']);
			expect(await ids({chunk_index: 0})).toEqual(['md', 'txt']);
			expect(await ids({draft: true})).toEqual(['ts']);
			expect(await ids({tags: 'search'})).toEqual(['md', 'ts']);
			expect(await ids({tags: 'search', chunk_index: 1})).toEqual(['ts']);
			expect(await ids({type: 'none'})).toEqual([]);
		});

		it('filters numeric ranges, such as epoch datetimes', async () => {
			await open();
			await store.ensureCollection(name, embedder);
			const day = 86_400_000;
			const start = Date.parse('2026-01-01T00:00:00.000Z');
			await store.upsert(name, [0, 1, 2, 3].map(offset => record(`d${offset}`, [1, offset, 0, 0], {created_at: new Date(start + offset * day).toISOString(), created_at_epoch: start + offset * day, type: 'x'})));
			const ids = async (where: Where) => (await store.query(name, unit([1, 0, 0, 0]), {limit: 10, where})).map(hit => hit.id).sort();
			expect(await ids({created_at_epoch: {$gte: start + day}})).toEqual(['d1', 'd2', 'd3']);
			expect(await ids({created_at_epoch: {$gt: start + day, $lt: start + 3 * day}})).toEqual(['d2']);
			expect(await ids({created_at_epoch: {$lte: start}, type: 'x'})).toEqual(['d0']);
		});

		it('keeps metadata with arrays, ISO datetimes and epoch numbers', async () => {
			await open();
			await store.ensureCollection(name, embedder);
			const metadata = {source: 'docs/a.md', tags: ['x', 'y'], indexed_at: '2026-01-02T03:04:05.000Z', indexed_at_epoch: 1767323045000, empty: [] as string[]};
			await store.upsert(name, [record('a', [1, 1, 0, 0], metadata)]);
			const [got] = await store.get(name, ['a']);
			const {empty: _empty, ...kept} = metadata;
			expect(got!.metadata).toEqual(kept);
			expect(Array.from(got!.embedding).map(value => Number(value.toFixed(4)))).toEqual(Array.from(unit([1, 1, 0, 0])).map(value => Number(value.toFixed(4))));
		});

		it('deletes by id and scans every record in pages', async () => {
			await open();
			await store.ensureCollection(name, embedder);
			await store.upsert(name, Array.from({length: 25}, (_, index) => record(`r${index}`, [1, index, 0.5, 0])));
			await store.delete(name, ['r3', 'r4', 'missing']);
			const seen: string[] = [];
			for await (const page of store.scan(name, 10)) {
				expect(page.length).toBeLessThanOrEqual(10);
				seen.push(...page.map(item => item.id));
			}

			expect(seen.sort()).toEqual(Array.from({length: 25}, (_, index) => `r${index}`).filter(id => id !== 'r3' && id !== 'r4').sort());
			expect(await store.get(name, ['r3'])).toEqual([]);
		});

		it('drops a collection; querying a missing one is a clear NOT_FOUND', async () => {
			await open();
			await store.ensureCollection(name, embedder);
			await store.upsert(name, [record('a', [1, 0, 0, 0])]);
			await store.drop(name);
			expect(await store.describe(name)).toBeUndefined();
			await expect(store.query(name, unit([1, 0, 0, 0]), {limit: 1})).rejects.toThrow(/does not exist yet: run "az-os index/);
		});
	});
}
