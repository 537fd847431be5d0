import {describe, expect, it} from 'vitest';
import {tempDir} from '../helpers/temp.js';
import {loadMiniLm} from '../../source/search/embedders/minilm.js';
import {loadUseLite} from '../../source/search/embedders/use-lite.js';
import {writeTinyBert} from './fixtures/tiny-bert.js';

function cosine(a: Float32Array, b: Float32Array): number {
	let dot = 0;
	for (let index = 0; index < a.length; index++) dot += a[index]! * b[index]!;
	return dot;
}

describe('minilm embedder (transformers.js, offline)', () => {
	it('loads a local model from the models dir and returns normalised mean-pooled vectors', async () => {
		const modelsDir = tempDir();
		writeTinyBert(modelsDir, 'test/tiny-bert', {hidden: 32});
		const embedder = await loadMiniLm({modelsDir, modelId: 'test/tiny-bert'});
		try {
			expect(embedder.dimension).toBe(32);
			const [a, b, c] = await embedder.embed(['the cat sat on the mat', 'the cat sat on the mat', 'search index query model']);
			expect(a).toHaveLength(32);
			expect(Math.hypot(...a!)).toBeCloseTo(1, 4);
			expect(cosine(a!, b!)).toBeCloseTo(1, 5);
			expect(cosine(a!, c!)).toBeLessThan(0.999);
		} finally {
			await embedder.close();
		}
	});

	it('refuses clearly when the model is not in the models dir', async () => {
		await expect(loadMiniLm({modelsDir: tempDir()})).rejects.toThrow(/not in .*az-os models pull/);
	});
});

describe('use-lite embedder (shipped weights)', () => {
	it('ranks a paraphrase above an unrelated sentence', async () => {
		const embedder = await loadUseLite();
		try {
			const [query, near, far] = await embedder.embed(['How do I stop a running job?', 'Cancel a task that is currently running', 'The recipe needs two eggs and flour']);
			expect(embedder.dimension).toBe(512);
			expect(cosine(query!, near!)).toBeGreaterThan(cosine(query!, far!) + 0.1);
		} finally {
			await embedder.close();
		}
	});
});

describe('embedding thread', () => {
	it('loads the model in a worker thread and embeds there', async () => {
		const {startWorkerEmbedder} = await import('../../source/search/embedders/worker-embedder.js');
		const modelsDir = tempDir();
		writeTinyBert(modelsDir, 'test/tiny-bert', {hidden: 16});
		const embedder = await startWorkerEmbedder({kind: 'minilm', modelsDir, modelId: 'test/tiny-bert'});
		try {
			const {threadId} = await import('node:worker_threads');
			expect(embedder.threadId).not.toBe(threadId);
			expect(embedder.dimension).toBe(16);
			const [first, second] = await Promise.all([embedder.embed(['hello world']), embedder.embed(['data file', 'search index'])]);
			expect(first).toHaveLength(1);
			expect(second).toHaveLength(2);
			expect(second[1]).toBeInstanceOf(Float32Array);
			expect(Math.hypot(...second[1]!)).toBeCloseTo(1, 4);
		} finally {
			await embedder.close();
		}
	});

	it('rejects with the model error when the thread cannot load it', async () => {
		const {startWorkerEmbedder} = await import('../../source/search/embedders/worker-embedder.js');
		await expect(startWorkerEmbedder({kind: 'minilm', modelsDir: tempDir()})).rejects.toMatchObject({code: 'UNAVAILABLE'});
	});
});
