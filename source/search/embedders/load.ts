import type {Embedder, EmbedderId} from './embedder.js';

/** What to load, as plain data so it can cross to the embedding thread. */
export type EmbedderSpec = {kind: EmbedderId; modelsDir: string; modelId?: string};

/** Loads an embedder in the current thread; the app calls it only inside the embedding worker. */
export async function loadEmbedder(spec: EmbedderSpec): Promise<Embedder> {
	if (spec.kind === 'use-lite') {
		const {loadUseLite} = await import('./use-lite.js');
		return loadUseLite();
	}

	const {loadMiniLm} = await import('./minilm.js');
	return loadMiniLm({modelsDir: spec.modelsDir, modelId: spec.modelId});
}
