import {existsSync} from 'node:fs';
import path from 'node:path';
import {AzOsError} from '../../domain/errors.js';
import type {Embedder} from './embedder.js';
import {normalise} from './embedder.js';

export const miniLmModelId = 'Xenova/all-MiniLM-L6-v2';
export const miniLmDimension = 384;

export type MiniLmOptions = {
	/** data/models: transformers.js reads `<modelsDir>/<modelId>/` and caches downloads there. */
	modelsDir: string;
	modelId?: string;
	/** Only when the network is usable (see network.ts); else the model must already be in modelsDir. */
	allowRemote?: boolean;
	onProgress?: (info: {file: string; loaded: number; total: number}) => void;
};

/** The files a local feature-extraction model needs (q8 weights, as `dtype: 'q8'` loads). */
export const requiredModelFiles = ['config.json', 'tokenizer.json', 'tokenizer_config.json', path.join('onnx', 'model_quantized.onnx')] as const;

export function missingModelFiles(modelDir: string): string[] {
	return requiredModelFiles.filter(file => !existsSync(path.join(modelDir, file)));
}

/** all-MiniLM-L6-v2 (or any BERT-style model) via transformers.js: mean pooling, normalised. */
export async function loadMiniLm(options: MiniLmOptions): Promise<Embedder> {
	const modelId = options.modelId ?? miniLmModelId;
	const modelDir = path.join(options.modelsDir, modelId);
	if (options.allowRemote !== true) {
		const missing = missingModelFiles(modelDir);
		if (missing.length > 0) {
			throw new AzOsError('UNAVAILABLE', `model ${modelId} is not in ${options.modelsDir} (missing ${missing.join(', ')}): run "az-os models pull" or "az-os models import DIR"`);
		}
	}

	const {env, pipeline} = await import('@huggingface/transformers');
	env.localModelPath = options.modelsDir;
	env.cacheDir = options.modelsDir;
	env.allowLocalModels = true;
	env.allowRemoteModels = options.allowRemote === true;
	let extractor;
	try {
		extractor = await pipeline('feature-extraction', modelId, {
			dtype: 'q8',
			progress_callback: options.onProgress
				? (info: {status: string; file?: string; loaded?: number; total?: number}) => {
						if (info.status === 'progress' && info.file) options.onProgress!({file: info.file, loaded: info.loaded ?? 0, total: info.total ?? 0});
					}
				: undefined,
		});
	} catch (error) {
		throw new AzOsError('UNAVAILABLE', `cannot load model ${modelId} from ${modelDir}: ${(error as Error).message}`, {cause: error});
	}

	const probe = await extractor('probe', {pooling: 'mean', normalize: true});
	const dimension = probe.dims.at(-1)!;
	return {
		id: modelId === miniLmModelId ? 'minilm' : `minilm:${modelId}`,
		dimension,
		async embed(texts) {
			if (texts.length === 0) return [];
			const output = await extractor([...texts], {pooling: 'mean', normalize: true});
			const data = output.data as Float32Array;
			return texts.map((_, index) => normalise(data.slice(index * dimension, (index + 1) * dimension)));
		},
		async close() {
			await extractor.dispose();
		},
	};
}
