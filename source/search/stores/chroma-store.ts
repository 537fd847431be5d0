import type {ChromaClient, Collection} from 'chromadb';
import {AzOsError} from '../../domain/errors.js';
import {checkEmbedderMatch} from './mismatch.js';
import type {CollectionInfo, Metadata, VectorHit, VectorRecord, VectorStore, Where} from './vector-store.js';
import {cleanMetadata, isWhereRange} from './vector-store.js';
import {arrayKeys, checkWhereKey} from './where.js';

export type ChromaConnection = {url: string; token?: string};

// The client's own Where type is a deep union; this is the subset built here.
type ChromaWhere = Record<string, unknown>;

function toChromaWhere(where: Where | undefined): ChromaWhere | undefined {
	const clauses = Object.entries(where ?? {}).flatMap(([key, value]): ChromaWhere[] => {
		checkWhereKey(key);
		// One operator per clause, as Chroma wants.
		if (isWhereRange(value)) return Object.entries(value).map(([operator, bound]) => ({[key]: {[operator]: bound}}));
		return [{[key]: arrayKeys.has(key) ? {$contains: value} : value}];
	});
	if (clauses.length === 0) return undefined;
	return clauses.length === 1 ? clauses[0] : {$and: clauses};
}

function unavailable(url: string, error: unknown): AzOsError {
	if (error instanceof AzOsError) return error;
	return new AzOsError('UNAVAILABLE', `Chroma at ${url} failed: ${(error as Error).message}`, {cause: error});
}

/** Vectors in a Chroma server (bundled, or $AZ_OS_CHROMA_URL); embeddings are always passed explicitly. */
export class ChromaStore implements VectorStore {
	readonly kind = 'chroma' as const;
	private readonly collections = new Map<string, Collection>();
	private maxBatch = 1000;

	private constructor(
		private readonly client: ChromaClient,
		readonly url: string,
		private readonly onClose: () => Promise<void>,
	) {}

	static async connect(connection: ChromaConnection, onClose: () => Promise<void> = async () => {}): Promise<ChromaStore> {
		const {ChromaClient} = await import('chromadb');
		const parsed = new URL(connection.url);
		const client = new ChromaClient({
			host: parsed.hostname,
			port: Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80)),
			ssl: parsed.protocol === 'https:',
			headers: connection.token ? {Authorization: `Bearer ${connection.token}`} : undefined,
		});
		const store = new ChromaStore(client, connection.url, onClose);
		try {
			await client.heartbeat();
			store.maxBatch = Math.max(1, await client.getMaxBatchSize());
		} catch (error) {
			throw unavailable(connection.url, error);
		}

		return store;
	}

	private async collection(name: string): Promise<Collection | undefined> {
		const cached = this.collections.get(name);
		if (cached) return cached;
		try {
			const found = await this.client.getCollection({name, embeddingFunction: null as never});
			this.collections.set(name, found);
			return found;
		} catch (error) {
			if ((error as Error).name === 'ChromaNotFoundError' || /not found|does not exist/i.test((error as Error).message)) return undefined;
			throw unavailable(this.url, error);
		}
	}

	private async requireCollection(name: string): Promise<{collection: Collection; info: CollectionInfo}> {
		const collection = await this.collection(name);
		if (!collection) throw new AzOsError('NOT_FOUND', `collection "${name}" does not exist yet: run "az-os index PATH"`);
		return {collection, info: await this.info(collection, false)};
	}

	private async info(collection: Collection, count = true): Promise<CollectionInfo> {
		const metadata = collection.metadata ?? {};
		return {
			name: collection.name,
			embedderId: String(metadata['embedder_id'] ?? 'unknown'),
			dimension: Number(metadata['dimension'] ?? 0),
			count: count ? await collection.count() : -1,
		};
	}

	async ensureCollection(name: string, embedder: {id: string; dimension: number}): Promise<CollectionInfo> {
		const existing = await this.describe(name);
		if (existing) {
			checkEmbedderMatch(name, existing, embedder);
			return existing;
		}

		try {
			const created = await this.client.getOrCreateCollection({
				name,
				embeddingFunction: null as never,
				// Wider search and build beams than the defaults: better recall for a few ms (see the search bench).
				configuration: {hnsw: {space: 'cosine', ef_construction: 200, ef_search: 200}},
				metadata: {embedder_id: embedder.id, dimension: embedder.dimension},
			});
			this.collections.set(name, created);
			return await this.info(created);
		} catch (error) {
			throw unavailable(this.url, error);
		}
	}

	async describe(name: string, options: {count?: boolean} = {}): Promise<CollectionInfo | undefined> {
		const collection = await this.collection(name);
		return collection ? this.info(collection, options.count !== false) : undefined;
	}

	async upsert(name: string, records: readonly VectorRecord[]): Promise<void> {
		const {collection, info} = await this.requireCollection(name);
		for (const record of records) {
			if (record.embedding.length !== info.dimension) checkEmbedderMatch(name, info, {id: info.embedderId, dimension: record.embedding.length});
		}

		try {
			for (let start = 0; start < records.length; start += this.maxBatch) {
				const batch = records.slice(start, start + this.maxBatch);
				await collection.upsert({
					ids: batch.map(record => record.id),
					embeddings: batch.map(record => Array.from(record.embedding)),
					documents: batch.map(record => record.document),
					// Chroma refuses an empty metadata object; no metadata at all is fine.
					metadatas: batch.map(record => {
						const metadata = cleanMetadata(record.metadata);
						return Object.keys(metadata).length > 0 ? metadata : undefined;
					}) as never,
				});
			}
		} catch (error) {
			throw unavailable(this.url, error);
		}
	}

	async delete(name: string, ids: readonly string[]): Promise<void> {
		const collection = await this.collection(name);
		if (!collection || ids.length === 0) return;
		try {
			for (let start = 0; start < ids.length; start += this.maxBatch) await collection.delete({ids: ids.slice(start, start + this.maxBatch)});
		} catch (error) {
			throw unavailable(this.url, error);
		}
	}

	async get(name: string, ids: readonly string[]): Promise<VectorRecord[]> {
		const collection = await this.collection(name);
		if (!collection || ids.length === 0) return [];
		try {
			const result = await collection.get({ids: [...ids], include: ['embeddings', 'documents', 'metadatas'] as never});
			const byId = new Map(result.ids.map((id, index) => [id, index]));
			return ids.flatMap(id => {
				const index = byId.get(id);
				if (index === undefined) return [];
				return [{id, document: result.documents[index] ?? '', metadata: (result.metadatas[index] ?? {}) as Metadata, embedding: Float32Array.from(result.embeddings[index] ?? [])}];
			});
		} catch (error) {
			throw unavailable(this.url, error);
		}
	}

	async *scan(name: string, pageSize: number): AsyncIterable<VectorRecord[]> {
		const collection = await this.collection(name);
		if (!collection) return;
		for (let offset = 0; ; offset += pageSize) {
			let result;
			try {
				result = await collection.get({limit: pageSize, offset, include: ['embeddings', 'documents', 'metadatas'] as never});
			} catch (error) {
				throw unavailable(this.url, error);
			}

			if (result.ids.length === 0) return;
			yield result.ids.map((id, index) => ({id, document: result.documents[index] ?? '', metadata: (result.metadatas[index] ?? {}) as Metadata, embedding: Float32Array.from(result.embeddings[index] ?? [])}));
			if (result.ids.length < pageSize) return;
		}
	}

	async query(name: string, embedding: Float32Array, options: {limit: number; where?: Where}): Promise<VectorHit[]> {
		const {collection, info} = await this.requireCollection(name);
		if (embedding.length !== info.dimension) checkEmbedderMatch(name, info, {id: info.embedderId, dimension: embedding.length});
		try {
			const result = await collection.query({
				queryEmbeddings: [Array.from(embedding)],
				nResults: Math.max(1, Math.floor(options.limit)),
				where: toChromaWhere(options.where) as never,
				include: ['documents', 'metadatas', 'distances'] as never,
			});
			const ids = result.ids[0] ?? [];
			return ids.map((id, index) => ({
				id,
				distance: result.distances[0]?.[index] ?? Number.NaN,
				document: result.documents[0]?.[index] ?? '',
				metadata: (result.metadatas[0]?.[index] ?? {}) as Metadata,
			}));
		} catch (error) {
			throw unavailable(this.url, error);
		}
	}

	async drop(name: string): Promise<void> {
		this.collections.delete(name);
		if (!(await this.collection(name))) return;
		this.collections.delete(name);
		try {
			await this.client.deleteCollection({name});
		} catch (error) {
			throw unavailable(this.url, error);
		}
	}

	async close(): Promise<void> {
		await this.onClose();
	}
}
