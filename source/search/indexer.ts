import {createHash} from 'node:crypto';
import {readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import type {Clock} from '../domain/types.js';
import type {Db} from '../store/db.js';
import {chunkFile, fileKind} from './chunker.js';
import type {Embedder} from './embedders/embedder.js';
import type {LexicalIndex} from './lexical.js';
import type {Metadata, VectorRecord, VectorStore} from './stores/vector-store.js';
import {walkFiles} from './walk.js';

export type IndexOptions = {
	collection?: string;
	tags?: string[];
	type?: string;
	prune?: boolean;
	rebuild?: boolean;
	/** Files above this size are skipped (default 2 MiB). */
	maxFileBytes?: number;
	batchSize?: number;
	onProgress?: (progress: IndexProgress) => void;
};

export type IndexProgress = {filesDone: number; filesTotal: number; chunksDone: number; elapsedMs: number; etaMs: number | undefined; current: string};

export type SkipReason = 'binary' | 'too large' | 'unreadable' | 'not found' | 'empty';

export type IndexResult = {
	collection: string;
	files: number;
	indexed: number;
	unchanged: number;
	pruned: number;
	chunks: number;
	skipped: Array<{path: string; reason: SkipReason; detail?: string}>;
	durationMs: number;
};

type Deps = {db: Db; lexical: LexicalIndex; vectors: VectorStore; embedder: Embedder; clock: Clock};

function chunkId(file: string, index: number): string {
	return `${createHash('sha1').update(file).digest('hex').slice(0, 16)}:${index}`;
}

function looksBinary(content: Buffer): boolean {
	const head = content.subarray(0, 8000);
	return head.includes(0);
}

/**
 * Indexes files into a collection: chunk, embed (batched, in the embedding thread), store vectors and the lexical
 * index. A file whose content hash is unchanged is skipped; a changed one replaces its chunks; --prune removes
 * files under the given paths that are gone.
 */
export async function indexPaths(paths: readonly string[], options: IndexOptions, deps: Deps): Promise<IndexResult> {
	const started = performance.now();
	const collection = options.collection ?? 'documents';
	const {db, lexical, vectors, embedder, clock} = deps;
	if (options.rebuild) {
		await vectors.drop(collection);
		lexical.clear(collection);
		db.prepare('DELETE FROM search_files WHERE collection = ?').run(collection);
	}

	await vectors.ensureCollection(collection, embedder);
	const {files, missing} = walkFiles(paths);
	const result: IndexResult = {collection, files: files.length, indexed: 0, unchanged: 0, pruned: 0, chunks: 0, skipped: missing.map(file => ({path: file, reason: 'not found' as const})), durationMs: 0};
	const known = db.prepare('SELECT content_hash AS hash FROM search_files WHERE collection = ? AND path = ?');
	const record = db.prepare(
		`INSERT INTO search_files (collection, path, content_hash, chunk_count, indexed_at) VALUES (?, ?, ?, ?, ?)
		 ON CONFLICT (collection, path) DO UPDATE SET content_hash = excluded.content_hash, chunk_count = excluded.chunk_count, indexed_at = excluded.indexed_at`,
	);
	const maxBytes = options.maxFileBytes ?? 2 * 1024 * 1024;
	const batchSize = options.batchSize ?? 32;
	let filesDone = 0;
	const report = (current: string) => {
		if (!options.onProgress) return;
		const elapsedMs = performance.now() - started;
		const etaMs = filesDone > 0 ? (elapsedMs / filesDone) * (files.length - filesDone) : undefined;
		options.onProgress({filesDone, filesTotal: files.length, chunksDone: result.chunks, elapsedMs, etaMs, current});
	};

	for (const file of files) {
		report(file);
		try {
			const stats = statSync(file);
			if (stats.size > maxBytes) {
				result.skipped.push({path: file, reason: 'too large', detail: `${stats.size} bytes > ${maxBytes}`});
				continue;
			}

			let content: Buffer;
			try {
				content = readFileSync(file);
			} catch (error) {
				result.skipped.push({path: file, reason: 'unreadable', detail: (error as NodeJS.ErrnoException).code ?? (error as Error).message});
				continue;
			}

			if (looksBinary(content)) {
				result.skipped.push({path: file, reason: 'binary'});
				continue;
			}

			const hash = createHash('sha256').update(content).digest('hex');
			if ((known.get(collection, file) as {hash: string} | undefined)?.hash === hash) {
				result.unchanged++;
				continue;
			}

			const chunks = chunkFile(content.toString('utf8'), file);
			const now = clock();
			const modified = stats.mtime;
			const base: Metadata = {
				source: file,
				file_name: path.basename(file),
				file_type: fileKind(file),
				type: options.type ?? fileKind(file),
				tags: options.tags ?? [],
				content_hash: hash,
				chunk_count: chunks.length,
				indexed_at: now.toISOString(),
				indexed_at_epoch: now.getTime(),
				modified_at: modified.toISOString(),
				modified_at_epoch: modified.getTime(),
			};
			const records: VectorRecord[] = [];
			for (let start = 0; start < chunks.length; start += batchSize) {
				const batch = chunks.slice(start, start + batchSize);
				const embeddings = await embedder.embed(batch.map(chunk => chunk.text));
				batch.forEach((chunk, offset) => {
					records.push({
						id: chunkId(file, chunk.index),
						embedding: embeddings[offset]!,
						document: chunk.text,
						metadata: {...base, title: chunk.title, heading: chunk.heading, chunk_index: chunk.index, start_line: chunk.startLine},
					});
				});
				result.chunks += batch.length;
				report(file);
			}

			const stale = lexical.idsForSource(collection, file).filter(id => !records.some(item => item.id === id));
			await vectors.delete(collection, stale);
			await vectors.upsert(collection, records);
			lexical.delete(collection, stale);
			lexical.upsert(collection, records.map(item => ({id: item.id, source: file, document: item.document, metadata: item.metadata})));
			record.run(collection, file, hash, chunks.length, now.toISOString());
			if (chunks.length === 0) result.skipped.push({path: file, reason: 'empty'});
			else result.indexed++;
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
				result.skipped.push({path: file, reason: 'unreadable', detail: code});
				continue;
			}

			throw error;
		} finally {
			filesDone++;
		}
	}

	report('');
	if (options.prune) result.pruned = await prune(paths, new Set(files), collection, deps);
	result.durationMs = performance.now() - started;
	return result;
}

/** Removes indexed files under the given paths that the walk no longer found (deleted, or now ignored). */
async function prune(paths: readonly string[], seen: ReadonlySet<string>, collection: string, {db, lexical, vectors}: Deps): Promise<number> {
	const roots = paths.map(given => path.resolve(given));
	const rows = db.prepare('SELECT path FROM search_files WHERE collection = ?').all(collection) as Array<{path: string}>;
	let pruned = 0;
	for (const {path: file} of rows) {
		const underRoot = roots.some(root => file === root || file.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
		if (!underRoot || seen.has(file)) continue;
		const ids = lexical.idsForSource(collection, file);
		await vectors.delete(collection, ids);
		lexical.delete(collection, ids);
		db.prepare('DELETE FROM search_files WHERE collection = ? AND path = ?').run(collection, file);
		pruned++;
	}

	return pruned;
}
