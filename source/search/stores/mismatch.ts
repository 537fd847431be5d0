import {AzOsError} from '../../domain/errors.js';

/** Vectors of two embedders never mix in one collection: the person rebuilds it instead. */
export function checkEmbedderMatch(collection: string, recorded: {embedderId: string; dimension: number}, wanted: {id: string; dimension: number}): void {
	if (recorded.embedderId === wanted.id && recorded.dimension === wanted.dimension) return;
	throw new AzOsError(
		'CONFIG',
		`collection "${collection}" holds ${recorded.embedderId} vectors (${recorded.dimension}-d) but the embedder now is ${wanted.id} (${wanted.dimension}-d): run "az-os index --rebuild"`,
	);
}
