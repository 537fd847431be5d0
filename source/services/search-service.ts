import path from 'node:path';
import {AzOsError} from '../domain/errors.js';
import type {Clock, Task} from '../domain/types.js';
import type {RelatedTask, TaskOutcome} from '../search/contexts.js';
import type {Db} from '../store/db.js';
import type {Embedder, EmbedderId} from '../search/embedders/embedder.js';
import {isEmbedderId} from '../search/embedders/embedder.js';
import {fuseRanks} from '../search/fusion.js';
import type {IndexOptions, IndexResult} from '../search/indexer.js';
import {LexicalIndex} from '../search/lexical.js';
import {miniLmMissingNotice, miniLmPresent} from '../search/models.js';
import type {OpenedStore, StoreChoice} from '../search/store-choice.js';
import {openChosenStore, openChroma, openSqlite, saveChoice} from '../search/store-choice.js';
import type {CollectionInfo, Metadata, StoreKind, VectorStore, Where} from '../search/stores/vector-store.js';
import {collectionNames, isCollectionName} from '../search/stores/vector-store.js';

export type SearchMode = 'hybrid' | 'semantic' | 'lexical';
export const searchModes: readonly SearchMode[] = ['hybrid', 'semantic', 'lexical'];

/**
 * Fusion weights, tuned with rrfK on test/search/fixtures/labelled-queries.json over this project's docs
 * (test/bench/search.bench.ts): bm25 is the stronger ranking here (0.84 recall@5 alone, use-lite 0.63), the
 * vectors add paraphrases (hybrid 0.91).
 */
export const hybridWeights = {lexical: 1, semantic: 0.7};

export type SearchHit = {
	id: string;
	score: number;
	source: string | null;
	title: string;
	heading: string;
	/** The chunk without its title/heading prefix. */
	passage: string;
	metadata: Metadata;
	lexicalRank?: number;
	semanticRank?: number;
	distance?: number;
};

export type SearchOptions = {collection?: string; limit?: number; where?: Where; mode?: SearchMode; weights?: {lexical: number; semantic: number}};

export type SearchStatus = {
	store: StoreChoice;
	embedder: {id: EmbedderId; notice?: string};
	collections: Array<CollectionInfo & {chunks: number; files: number}>;
};

export type SearchServiceOptions = {
	dataDir: string;
	db: Db;
	env: NodeJS.ProcessEnv;
	clock: Clock;
	/** One-line notices (store fallback, embedder fallback) for the person. */
	onNotice?: (line: string) => void;
};

function passageOf(document: string, metadata: Metadata): string {
	const title = String(metadata['title'] ?? '');
	const heading = String(metadata['heading'] ?? '');
	const prefix = heading ? `${title} > ${heading}` : title;
	return prefix && document.startsWith(`${prefix}\n`) ? document.slice(prefix.length + 1) : document;
}

export function checkCollection(name: string): string {
	if (!isCollectionName(name)) throw new AzOsError('USAGE', `unknown collection "${name}": use ${collectionNames.join(', ')}`);
	return name;
}

/**
 * For the runner: `onTaskFinished(task, outcome)` queues the task's context (TTL from search.context_ttl_days)
 * and resolves once it is stored. Contexts are recorded one after another in the background, so a worker
 * need not wait for embeddings: call it without awaiting. It never rejects; a failure goes to `onError`.
 * `close()` waits for the queue, then releases the embedder and store.
 */
export function taskContextRecorder(options: {
	dataDir: string;
	store: {db: Db; clock: Clock; config: {getNumber(key: string): number}};
	env: NodeJS.ProcessEnv;
	onError?: (error: Error) => void;
}): {onTaskFinished: (task: Pick<Task, 'id' | 'command'>, outcome: TaskOutcome) => Promise<void>; close: () => Promise<void>} {
	const search = new SearchService({dataDir: options.dataDir, db: options.store.db, env: options.env, clock: options.store.clock});
	let queue = Promise.resolve();
	return {
		onTaskFinished(task, outcome) {
			queue = queue.then(async () => {
				try {
					const {recordTaskContext} = await import('../search/contexts.js');
					await recordTaskContext(search, task, outcome, {ttlDays: options.store.config.getNumber('search.context_ttl_days')});
				} catch (error) {
					options.onError?.(error as Error);
				}
			});
			return queue;
		},
		async close() {
			await queue;
			await search.close();
		},
	};
}

/** What the CLI and the dashboard call for search: vector store, lexical index, embedders (off the UI thread). */
export class SearchService {
	readonly lexical: LexicalIndex;
	readonly modelsDir: string;
	private opened: Promise<OpenedStore> | undefined;
	private readonly embedders = new Map<EmbedderId, Promise<Embedder>>();
	private readonly noticed = new Set<string>();
	/** Recent query vectors: typing and erasing in the pane repeats queries. */
	private readonly queryVectors = new Map<string, Float32Array>();

	constructor(private readonly options: SearchServiceOptions) {
		this.lexical = new LexicalIndex(options.db);
		this.modelsDir = path.join(options.dataDir, 'models');
	}

	get db(): Db {
		return this.options.db;
	}

	get clock(): Clock {
		return this.options.clock;
	}

	private notice(line: string): void {
		if (this.noticed.has(line)) return;
		this.noticed.add(line);
		this.options.onNotice?.(line);
	}

	async vectors(): Promise<VectorStore> {
		this.opened ??= openChosenStore(this.db, this.options.dataDir, this.options.env, line => this.notice(line));
		try {
			return (await this.opened).store;
		} catch (error) {
			this.opened = undefined;
			throw error;
		}
	}

	async storeChoice(): Promise<StoreChoice> {
		await this.vectors();
		return (await this.opened!).choice;
	}

	/** The embedder new collections get: $AZ_OS_EMBEDDER, else MiniLM when its model is in data/models, else use-lite. */
	defaultEmbedderId(options: {quiet?: boolean} = {}): EmbedderId {
		const forced = this.options.env['AZ_OS_EMBEDDER']?.trim();
		if (forced) {
			if (!isEmbedderId(forced)) throw new AzOsError('CONFIG', `AZ_OS_EMBEDDER must be minilm or use-lite, got "${forced}"`);
			return forced;
		}

		if (miniLmPresent(this.modelsDir)) return 'minilm';
		if (options.quiet !== true) this.notice(miniLmMissingNotice(undefined));
		return 'use-lite';
	}

	/** Loads an embedder in its worker thread (once per id). */
	embedder(id: EmbedderId): Promise<Embedder> {
		let loading = this.embedders.get(id);
		if (!loading) {
			loading = import('../search/embedders/worker-embedder.js').then(({startWorkerEmbedder}) => startWorkerEmbedder({kind: id, modelsDir: this.modelsDir}));
			loading.catch(() => this.embedders.delete(id));
			this.embedders.set(id, loading);
		}

		return loading;
	}

	/** The embedder of an existing collection (its vectors only compare with its own), or the default one. */
	async embedderFor(collection: string, known?: CollectionInfo): Promise<Embedder> {
		const info = known ?? (await (await this.vectors()).describe(collection, {count: false}));
		if (!info) return this.embedder(this.defaultEmbedderId());
		const id = info.embedderId;
		if (!isEmbedderId(id)) throw new AzOsError('CONFIG', `collection "${collection}" holds vectors of an unknown embedder "${id}": run "az-os index --rebuild"`);
		if (id === 'minilm' && !miniLmPresent(this.modelsDir)) {
			throw new AzOsError('UNAVAILABLE', `collection "${collection}" was indexed with minilm, whose model is not in data/models: import it ("az-os models import DIR") or run "az-os index --rebuild"`);
		}

		return this.embedder(id);
	}

	async index(paths: readonly string[], options: IndexOptions = {}): Promise<IndexResult> {
		if (paths.length === 0) throw new AzOsError('USAGE', 'give at least one file or folder: az-os index PATH...');
		const collection = checkCollection(options.collection ?? 'documents');
		const vectors = await this.vectors();
		const embedder = await this.embedder(this.defaultEmbedderId());
		const {indexPaths} = await import('../search/indexer.js');
		return indexPaths(paths, {...options, collection}, {db: this.db, lexical: this.lexical, vectors, embedder, clock: this.clock});
	}

	/** Past tasks like this one, from the contexts collection (see search/contexts.ts). */
	async relatedTasks(task: Pick<Task, 'id' | 'command'>, limit = 5, mode: 'hybrid' | 'lexical' = 'hybrid'): Promise<RelatedTask[]> {
		const {relatedTasks} = await import('../search/contexts.js');
		return relatedTasks(this, task, limit, mode);
	}

	async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
		const text = query.trim();
		if (text === '') throw new AzOsError('USAGE', 'give a query: az-os search QUERY');
		const collection = checkCollection(options.collection ?? 'documents');
		const mode = options.mode ?? 'hybrid';
		if (!searchModes.includes(mode)) throw new AzOsError('USAGE', `unknown mode "${mode}": use ${searchModes.join(', ')}`);
		const limit = options.limit ?? 10;
		if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new AzOsError('USAGE', `--limit must be a whole number from 1 to 1000, got ${limit}`);
		const candidates = Math.max(limit * 5, 50);
		const lexicalHits = mode === 'semantic' ? [] : this.lexical.search(collection, text, {limit: candidates, where: options.where});
		let semanticHits: Awaited<ReturnType<VectorStore['query']>> = [];
		if (mode !== 'lexical') {
			const vectors = await this.vectors();
			const info = await vectors.describe(collection, {count: false});
			if (!info) {
				if (mode === 'semantic' || lexicalHits.length === 0) throw new AzOsError('NOT_FOUND', `nothing is indexed in "${collection}" yet: run "az-os index PATH"`);
			} else {
				const embedding = await this.queryVector(await this.embedderFor(collection, info), text);
				semanticHits = await vectors.query(collection, embedding, {limit: candidates, where: options.where});
			}
		}

		const byId = new Map<string, {document: string; metadata: Metadata; source: string | null; distance?: number}>();
		for (const hit of lexicalHits) byId.set(hit.id, {document: hit.document, metadata: hit.metadata, source: hit.source});
		for (const hit of semanticHits) byId.set(hit.id, {...byId.get(hit.id), document: hit.document, metadata: hit.metadata, source: typeof hit.metadata['source'] === 'string' ? hit.metadata['source'] : null, distance: hit.distance});
		const weights = options.weights ?? hybridWeights;
		const fused = fuseRanks([
			{ids: lexicalHits.map(hit => hit.id), weight: weights.lexical},
			{ids: semanticHits.map(hit => hit.id), weight: weights.semantic},
		]);
		return fused.slice(0, limit).map(item => {
			const found = byId.get(item.id)!;
			return {
				id: item.id,
				score: mode === 'semantic' && found.distance !== undefined ? 1 - found.distance : item.score,
				source: found.source,
				title: String(found.metadata['title'] ?? ''),
				heading: String(found.metadata['heading'] ?? ''),
				passage: passageOf(found.document, found.metadata),
				metadata: found.metadata,
				lexicalRank: item.ranks[0],
				semanticRank: item.ranks[1],
				distance: found.distance,
			};
		});
	}

	private async queryVector(embedder: Embedder, text: string): Promise<Float32Array> {
		const key = `${embedder.id}\u0000${text}`;
		const cached = this.queryVectors.get(key);
		if (cached) {
			this.queryVectors.delete(key);
			this.queryVectors.set(key, cached);
			return cached;
		}

		const [vector] = await embedder.embed([text]);
		this.queryVectors.set(key, vector!);
		if (this.queryVectors.size > 256) this.queryVectors.delete(this.queryVectors.keys().next().value!);
		return vector!;
	}

	/** The whole chunk for a hit (the pane's Enter). */
	chunk(collection: string, id: string): {id: string; source: string | null; document: string; metadata: Metadata} | undefined {
		return this.lexical.get(checkCollection(collection), id);
	}

	async status(): Promise<SearchStatus> {
		const vectors = await this.vectors();
		const choice = await this.storeChoice();
		const collections: SearchStatus['collections'] = [];
		for (const name of collectionNames) {
			const info = await vectors.describe(name);
			const files = (this.db.prepare('SELECT count(*) AS count FROM search_files WHERE collection = ?').get(name) as {count: number}).count;
			if (info) collections.push({...info, chunks: this.lexical.count(name), files});
		}

		const id = this.defaultEmbedderId({quiet: true});
		return {store: choice, embedder: {id, notice: id === 'use-lite' && !this.options.env['AZ_OS_EMBEDDER'] ? miniLmMissingNotice(undefined) : undefined}, collections};
	}

	/** Copies every vector of every collection into the other store, then makes it the saved choice. */
	async migrate(to: StoreKind, onProgress?: (collection: string, copied: number) => void): Promise<{from: StoreKind; to: StoreKind; copied: Record<string, number>}> {
		if (to !== 'sqlite' && to !== 'chroma') throw new AzOsError('USAGE', `search migrate --to needs sqlite or chroma, got "${String(to)}"`);
		const source = await this.vectors();
		if (source.kind === to) throw new AzOsError('INVALID_INPUT', `the search store is already ${to}`);
		let target: VectorStore;
		let server: OpenedStore['server'];
		let url: string | undefined;
		if (to === 'chroma') {
			try {
				({store: target, url, server} = await openChroma(this.options.dataDir, this.options.env));
			} catch (error) {
				throw new AzOsError('UNAVAILABLE', `cannot migrate to chroma: ${(error as Error).message}`, {cause: error});
			}
		} else {
			target = await openSqlite(this.db);
		}

		const copied: Record<string, number> = {};
		try {
			for (const name of collectionNames) {
				const info = await source.describe(name);
				if (!info) continue;
				await target.drop(name);
				await target.ensureCollection(name, {id: info.embedderId, dimension: info.dimension});
				copied[name] = 0;
				for await (const page of source.scan(name, 500)) {
					await target.upsert(name, page);
					copied[name] += page.length;
					onProgress?.(name, copied[name]);
				}

				const landed = (await target.describe(name))?.count ?? 0;
				if (landed !== copied[name]) throw new AzOsError('RUNTIME', `migration of "${name}" copied ${copied[name]} vectors but ${to} holds ${landed}: the old store stays in use`);
			}
		} catch (error) {
			await target.close();
			throw error;
		}

		const from = source.kind;
		saveChoice(this.db, {kind: to, reason: `migrated from ${from}`});
		await source.close();
		this.opened = Promise.resolve({store: target, choice: {kind: to, reason: `migrated from ${from}`, url}, server});
		return {from, to, copied};
	}

	async close(): Promise<void> {
		const embedders = [...this.embedders.values()];
		this.embedders.clear();
		await Promise.all(embedders.map(loading => loading.then(embedder => embedder.close()).catch(() => undefined)));
		const opened = this.opened;
		this.opened = undefined;
		if (opened) await opened.then(({store}) => store.close()).catch(() => undefined);
	}
}

