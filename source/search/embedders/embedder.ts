/** Turns texts into unit-length vectors. Implementations load their model once; `embed` may batch. */
export type Embedder = {
	/** Stable id recorded with each collection, e.g. "use-lite" or "minilm". */
	readonly id: string;
	readonly dimension: number;
	embed(texts: readonly string[]): Promise<Float32Array[]>;
	close(): Promise<void>;
};

export const embedderIds = ['minilm', 'use-lite'] as const;
export type EmbedderId = (typeof embedderIds)[number];

export function isEmbedderId(value: string): value is EmbedderId {
	return (embedderIds as readonly string[]).includes(value);
}

/** Scales a vector to unit length (cosine distance then equals 1 - dot product). */
export function normalise(vector: Float32Array): Float32Array {
	let sum = 0;
	for (const value of vector) sum += value * value;
	const norm = Math.sqrt(sum);
	if (norm === 0) return vector;
	for (let index = 0; index < vector.length; index++) vector[index]! /= norm;
	return vector;
}
