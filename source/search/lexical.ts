import type {Db} from '../store/db.js';
import type {Metadata, Where} from './stores/vector-store.js';
import {whereSql} from './stores/where.js';

export type LexicalChunk = {id: string; source: string | null; document: string; metadata: Metadata};
export type LexicalHit = LexicalChunk & {bm25: number};

/** FTS5 query from free text: every word quoted (no syntax errors from user input), any word may match. */
export function ftsQuery(text: string): string | undefined {
	const words = text.match(/[\p{L}\p{N}]+/gu) ?? [];
	const unique = [...new Set(words.map(word => word.toLowerCase()))];
	return unique.length > 0 ? unique.map(word => `"${word}"`).join(' OR ') : undefined;
}

/** The chunks of every collection in SQLite, with an FTS5 index (bm25) kept in step by triggers. */
export class LexicalIndex {
	constructor(private readonly db: Db) {}

	upsert(collection: string, chunks: readonly LexicalChunk[]): void {
		const statement = this.db.prepare(
			`INSERT INTO search_chunks (collection, id, source, document, metadata) VALUES (?, ?, ?, ?, ?)
			 ON CONFLICT (collection, id) DO UPDATE SET source = excluded.source, document = excluded.document, metadata = excluded.metadata`,
		);
		this.db
			.transaction(() => {
				for (const chunk of chunks) statement.run(collection, chunk.id, chunk.source, chunk.document, JSON.stringify(chunk.metadata));
			})
			.immediate();
	}

	idsForSource(collection: string, source: string): string[] {
		return (this.db.prepare('SELECT id FROM search_chunks WHERE collection = ? AND source = ?').all(collection, source) as Array<{id: string}>).map(row => row.id);
	}

	delete(collection: string, ids: readonly string[]): void {
		const statement = this.db.prepare('DELETE FROM search_chunks WHERE collection = ? AND id = ?');
		this.db
			.transaction(() => {
				for (const id of ids) statement.run(collection, id);
			})
			.immediate();
	}

	clear(collection: string): void {
		this.db.prepare('DELETE FROM search_chunks WHERE collection = ?').run(collection);
	}

	count(collection: string): number {
		return (this.db.prepare('SELECT count(*) AS count FROM search_chunks WHERE collection = ?').get(collection) as {count: number}).count;
	}

	get(collection: string, id: string): LexicalChunk | undefined {
		const row = this.db.prepare('SELECT id, source, document, metadata FROM search_chunks WHERE collection = ? AND id = ?').get(collection, id) as (Omit<LexicalChunk, 'metadata'> & {metadata: string}) | undefined;
		return row ? {...row, metadata: JSON.parse(row.metadata) as Metadata} : undefined;
	}

	/** Ids whose metadata matches a filter (e.g. expired contexts). */
	idsWhere(collection: string, condition: string, params: unknown[]): string[] {
		return (this.db.prepare(`SELECT id FROM search_chunks WHERE collection = ? AND (${condition})`).all(collection, ...params) as Array<{id: string}>).map(row => row.id);
	}

	search(collection: string, text: string, options: {limit: number; where?: Where}): LexicalHit[] {
		const query = ftsQuery(text);
		if (!query) return [];
		const filter = whereSql(options.where, 'c.metadata');
		const rows = this.db
			.prepare(
				`SELECT c.id, c.source, c.document, c.metadata, bm25(search_fts) AS bm25
				 FROM search_fts JOIN search_chunks c ON c.rowid = search_fts.rowid
				 WHERE search_fts MATCH ? AND c.collection = ? AND ${filter.sql}
				 ORDER BY bm25 LIMIT ?`,
			)
			.all(query, collection, ...filter.params, Math.max(1, Math.floor(options.limit))) as Array<Omit<LexicalHit, 'metadata'> & {metadata: string}>;
		return rows.map(row => ({...row, metadata: JSON.parse(row.metadata) as Metadata}));
	}
}
