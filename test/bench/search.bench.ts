/**
 * Search figures: embedding speed, indexing speed, retrieval quality on the labelled set (and the fusion weight
 * sweep that chose hybridWeights), store query latency and end-to-end latency at 10k chunks (100k with
 * BENCH_100K=1) for sqlite-vec and Chroma, Chroma's recall@10 against exact sqlite-vec, RSS with the model loaded.
 */
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {AzOs} from '../../source/services/az-os.js';
import {hybridWeights, SearchService} from '../../source/services/search-service.js';
import {startWorkerEmbedder} from '../../source/search/embedders/worker-embedder.js';
import {fuseRanks, rrfK} from '../../source/search/fusion.js';
import {SqliteVecStore} from '../../source/search/stores/sqlite-vec-store.js';
import {ChromaStore} from '../../source/search/stores/chroma-store.js';
import type {VectorRecord, VectorStore} from '../../source/search/stores/vector-store.js';
import {startTestChroma} from '../search/helpers/chroma.js';
import {fmt, median, percentile} from './stats.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
type Labelled = {query: string; relevant: string[]; heading?: string};
const labelled = (JSON.parse(readFileSync(path.join(root, 'test/search/fixtures/labelled-queries.json'), 'utf8')) as {queries: Labelled[]}).queries;

function mb(bytes: number): string {
	return `${fmt(bytes / 1024 / 1024, 0)} MB`;
}

function seeded(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state * 1664525 + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
}

function randomUnit(random: () => number, dimension: number): Float32Array {
	const vector = new Float32Array(dimension);
	let norm = 0;
	for (let index = 0; index < dimension; index++) {
		const value = random() - 0.5;
		vector[index] = value;
		norm += value * value;
	}

	norm = Math.sqrt(norm);
	return vector.map(value => value / norm);
}

function isRelevant(item: Labelled, hit: {source: string | null; heading: string}): boolean {
	return item.relevant.some(suffix => (hit.source ?? '').endsWith(suffix)) && (item.heading === undefined || hit.heading.includes(item.heading));
}

export default async function searchBench(log: (line: string) => void): Promise<void> {
	const scratch = mkdtempSync(path.join(tmpdir(), 'az-os-search-bench-'));
	const env = {AZ_OS_OFFLINE: '1', AZ_OS_EMBEDDER: 'use-lite'};
	try {
		// 1. Embedding speed and RSS (the model lives in the embedding thread of this process).
		const rssBefore = process.memoryUsage().rss;
		const embedder = await startWorkerEmbedder({kind: 'use-lite', modelsDir: path.join(scratch, 'models')});
		const sentences = Array.from({length: 256}, (_, index) => `Sentence number ${index} says something about tasks, queues, workers and search indexes.`);
		await embedder.embed(sentences.slice(0, 8));
		let started = performance.now();
		for (let start = 0; start < sentences.length; start += 32) await embedder.embed(sentences.slice(start, start + 32));
		log(`use-lite embedding (worker thread, batches of 32): ${fmt(sentences.length / ((performance.now() - started) / 1000), 0)} sentences/s`);
		log(`RSS with use-lite loaded: ${mb(process.memoryUsage().rss)} (+${mb(process.memoryUsage().rss - rssBefore)})`);
		await embedder.close();

		// 2. Indexing this project's docs and source, then 3. quality on the labelled set.
		const dataDir = path.join(scratch, 'docs');
		const azos = AzOs.open({dataDir});
		const search = new SearchService({dataDir, db: azos.store.db, env, clock: azos.clock});
		const indexed = await search.index([path.join(root, 'test/search/fixtures/corpus'), path.join(root, 'source')]);
		log(`indexing (use-lite, ${(await search.storeChoice()).kind}): ${indexed.indexed} files, ${indexed.chunks} chunks in ${fmt(indexed.durationMs / 1000, 1)} s = ${fmt(indexed.indexed / (indexed.durationMs / 1000), 1)} files/s, ${fmt(indexed.chunks / (indexed.durationMs / 1000), 1)} chunks/s`);
		const lexicalLists: string[][] = [];
		const semanticLists: string[][] = [];
		const info = new Map<string, {source: string | null; heading: string}>();
		for (const item of labelled) {
			const lexical = await search.search(item.query, {mode: 'lexical', limit: 50});
			const semantic = await search.search(item.query, {mode: 'semantic', limit: 50});
			for (const hit of [...lexical, ...semantic]) info.set(hit.id, {source: hit.source, heading: hit.heading});
			lexicalLists.push(lexical.map(hit => hit.id));
			semanticLists.push(semantic.map(hit => hit.id));
		}

		const quality = (lexicalWeight: number, semanticWeight: number, k: number) => {
			let hits5 = 0;
			let reciprocal = 0;
			labelled.forEach((item, index) => {
				const ranked = fuseRanks([
					{ids: lexicalLists[index]!, weight: lexicalWeight},
					{ids: semanticLists[index]!, weight: semanticWeight},
				], k).map(entry => entry.id);
				const first = ranked.slice(0, 10).findIndex(id => isRelevant(item, info.get(id)!));
				if (first >= 0 && first < 5) hits5++;
				if (first >= 0) reciprocal += 1 / (first + 1);
			});
			return {recall5: hits5 / labelled.length, mrr: reciprocal / labelled.length};
		};

		log(`labelled set: ${labelled.length} queries; recall@5 / MRR@10`);
		const settings: Array<[string, number, number, number]> = [
			['lexical only (FTS5 bm25)', 1, 0, rrfK],
			['semantic only (use-lite)', 0, 1, rrfK],
			['plain RRF k=60 1:1', 1, 1, 60],
			['RRF k=60 1:0.3', 1, 0.3, 60],
			['RRF k=20 1:0.5', 1, 0.5, 20],
			['RRF k=10 1:1', 1, 1, 10],
			['RRF k=5 1:0.5', 1, 0.5, 5],
			[`chosen: k=${rrfK} 1:${hybridWeights.semantic}`, hybridWeights.lexical, hybridWeights.semantic, rrfK],
		];
		for (const [label, lexicalWeight, semanticWeight, k] of settings) {
			const {recall5, mrr} = quality(lexicalWeight, semanticWeight, k);
			log(`  ${label.padEnd(26)} ${fmt(recall5, 2)} / ${fmt(mrr, 2)}`);
		}

		await search.close();
		azos.close();

		// 4. Store latency and recall at scale. Vectors lie around 200 random centres, as embeddings of related
		// texts do (uniform random 512-d vectors, the worst case for HNSW, gave Chroma recall@10 0.72 at 10k).
		const chroma = await startTestChroma(path.join(scratch, 'chroma-server'));
		if (chroma.skipReason) log(`chroma: skipped (${chroma.skipReason})`);
		else log(`chroma: ${chroma.how}`);
		const sizes = process.env['BENCH_100K'] === '1' ? [10_000, 100_000] : [10_000];
		for (const size of sizes) {
			const random = seeded(size);
			const dimension = 512;
			const words = readFileSync(path.join(root, 'test/search/fixtures/corpus/DESIGN.md'), 'utf8').toLowerCase().match(/[a-z]{3,}/g)!;
			const centres = Array.from({length: 200}, () => randomUnit(random, dimension));
			const near = (centre: Float32Array) => {
				const noise = randomUnit(random, dimension);
				const vector = centre.map((value, index) => value + 0.6 * noise[index]!);
				const norm = Math.hypot(...vector);
				return vector.map(value => value / norm);
			};
			const records: VectorRecord[] = Array.from({length: size}, (_, index) => ({
				id: `c${index}`,
				embedding: near(centres[index % centres.length]!),
				document: Array.from({length: 40}, () => words[Math.floor(random() * words.length)]).join(' '),
				metadata: {source: `/synthetic/${index % 500}.md`, title: 'synthetic', heading: '', type: index % 2 === 0 ? 'markdown' : 'code'},
			}));
			const queries = Array.from({length: 100}, (_, index) => near(centres[(index * 7) % centres.length]!));
			const exact: string[][] = [];
			const stores: Array<[string, () => Promise<{store: VectorStore; dataDir: string; env: Record<string, string>; done: () => Promise<void>}>]> = [
				[
					'sqlite-vec',
					async () => {
						const storeDir = path.join(scratch, `sqlite-${size}`);
						const opened = AzOs.open({dataDir: storeDir});
						const store = await SqliteVecStore.open(opened.store.db);
						opened.store.db.prepare("INSERT INTO search_settings (key, value) VALUES ('store', 'sqlite'), ('store_reason', 'bench')").run();
						return {store, dataDir: storeDir, env, done: async () => opened.close()};
					},
				],
			];
			if (!chroma.skipReason) {
				const url = process.env['AZ_OS_CHROMA_URL'] ?? chroma.server!.url;
				stores.push([
					'chroma',
					async () => ({store: await ChromaStore.connect({url}), dataDir: path.join(scratch, `chroma-${size}`), env: {...env, AZ_OS_CHROMA_URL: url}, done: async () => undefined}),
				]);
			}

			for (const [label, open] of stores) {
				const {store, dataDir: storeDir, env: storeEnv, done} = await open();
				const collection = 'documents';
				await store.drop(collection);
				await store.ensureCollection(collection, {id: 'use-lite', dimension});
				started = performance.now();
				for (let start = 0; start < records.length; start += 1000) await store.upsert(collection, records.slice(start, start + 1000));
				const insertSeconds = (performance.now() - started) / 1000;
				const latencies: number[] = [];
				const filtered: number[] = [];
				let recallSum = 0;
				for (const [index, query] of queries.entries()) {
					let begin = performance.now();
					const hits = await store.query(collection, query, {limit: 10});
					latencies.push(performance.now() - begin);
					begin = performance.now();
					await store.query(collection, query, {limit: 10, where: {type: 'code'}});
					filtered.push(performance.now() - begin);
					if (label === 'sqlite-vec') exact.push(hits.map(hit => hit.id));
					else recallSum += hits.filter(hit => exact[index]!.includes(hit.id)).length / 10;
				}

				log(`${label} @ ${fmt(size, 0)} x ${dimension}-d (clustered): insert ${fmt(size / insertSeconds, 0)} vectors/s; query p50 ${fmt(median(latencies))} ms, p95 ${fmt(percentile(latencies, 95))} ms; with where type=code p50 ${fmt(median(filtered))} ms, p95 ${fmt(percentile(filtered, 95))} ms`);
				if (label !== 'sqlite-vec') log(`${label} recall@10 vs exact sqlite-vec: ${fmt(recallSum / queries.length, 3)}`);

				// 5. End to end through the service: embed the query (worker), FTS5 bm25, vector query, fusion.
				const azosForStore = AzOs.open({dataDir: storeDir});
				azosForStore.store.db.prepare("INSERT OR REPLACE INTO search_settings (key, value) VALUES ('store', ?), ('store_reason', 'bench')").run(label === 'sqlite-vec' ? 'sqlite' : 'chroma');
				const service = new SearchService({dataDir: storeDir, db: azosForStore.store.db, env: storeEnv, clock: azosForStore.clock});
				service.lexical.upsert(collection, records.map(item => ({id: item.id, source: String(item.metadata['source']), document: item.document, metadata: item.metadata})));
				await service.search('warm up the embedder', {limit: 10});
				const endToEnd: number[] = [];
				const lexicalOnly: number[] = [];
				const semanticOnly: number[] = [];
				for (const item of labelled) {
					let begin = performance.now();
					await service.search(item.query, {limit: 10});
					endToEnd.push(performance.now() - begin);
					begin = performance.now();
					await service.search(item.query, {limit: 10, mode: 'lexical'});
					lexicalOnly.push(performance.now() - begin);
					begin = performance.now();
					// A different text: the service caches query vectors, this must embed again.
					await service.search(`${item.query}?`, {limit: 10, mode: 'semantic'});
					semanticOnly.push(performance.now() - begin);
				}

				log(`${label} @ ${fmt(size, 0)} end-to-end hybrid search (embed + bm25 + vectors + fusion): p50 ${fmt(median(endToEnd))} ms, p95 ${fmt(percentile(endToEnd, 95))} ms; lexical only p50 ${fmt(median(lexicalOnly))} ms; semantic only (embed + vectors) p50 ${fmt(median(semanticOnly))} ms`);
				await service.close();
				azosForStore.close();
				await store.drop(collection);
				await done();
			}
		}

		await chroma.server?.stop();
	} finally {
		rmSync(scratch, {recursive: true, force: true});
	}
}
