/** A metadata value: scalars or arrays of one scalar type (tags). Datetimes are ISO strings plus epoch numbers. */
export type MetadataValue = string | number | boolean | string[] | number[];
export type Metadata = Record<string, MetadataValue>;

export type VectorRecord = {
	id: string;
	embedding: Float32Array;
	document: string;
	metadata: Metadata;
};

export type WhereScalar = string | number | boolean;
/** A numeric range (epoch datetimes, counts): any of the bounds. */
export type WhereRange = {$gt?: number; $gte?: number; $lt?: number; $lte?: number};
/** Filters, all of which must hold: equality (on an array value, "contains") or a numeric range. */
export type Where = Record<string, WhereScalar | WhereRange>;

export function isWhereRange(value: WhereScalar | WhereRange): value is WhereRange {
	return typeof value === 'object' && value !== null;
}

export type VectorHit = {id: string; distance: number; document: string; metadata: Metadata};

export type CollectionInfo = {name: string; embedderId: string; dimension: number; count: number};

export const collectionNames = ['documents', 'contexts', 'tool_descriptions'] as const;
export type CollectionName = (typeof collectionNames)[number];

export function isCollectionName(value: string): value is CollectionName {
	return (collectionNames as readonly string[]).includes(value);
}

export type StoreKind = 'sqlite' | 'chroma';

/**
 * One interface over sqlite-vec and Chroma: the same contract tests run against both. Distances are cosine
 * distances (0 = same direction). A collection is created for one embedder id and dimension and refuses others.
 */
export type VectorStore = {
	readonly kind: StoreKind;
	/** Creates the collection for this embedder or checks it matches (EMBEDDER_MISMATCH-style CONFIG error). */
	ensureCollection(name: string, embedder: {id: string; dimension: number}): Promise<CollectionInfo>;
	/** `count: false` skips counting (a round trip on Chroma); count is then -1. */
	describe(name: string, options?: {count?: boolean}): Promise<CollectionInfo | undefined>;
	upsert(name: string, records: readonly VectorRecord[]): Promise<void>;
	delete(name: string, ids: readonly string[]): Promise<void>;
	get(name: string, ids: readonly string[]): Promise<Array<Omit<VectorRecord, 'embedding'> & {embedding: Float32Array}>>;
	/** Every record, in pages, for migration. */
	scan(name: string, pageSize: number): AsyncIterable<VectorRecord[]>;
	query(name: string, embedding: Float32Array, options: {limit: number; where?: Where}): Promise<VectorHit[]>;
	drop(name: string): Promise<void>;
	close(): Promise<void>;
};

/** Empty arrays carry nothing and Chroma refuses them: both stores drop them, so both return the same metadata. */
export function cleanMetadata(metadata: Metadata): Metadata {
	return Object.fromEntries(Object.entries(metadata).filter(([, value]) => !(Array.isArray(value) && value.length === 0)));
}
