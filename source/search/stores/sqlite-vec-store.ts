import {AzOsError} from '../../domain/errors.js';
import type {Db} from '../../store/db.js';
import {checkEmbedderMatch} from './mismatch.js';
import type {CollectionInfo, Metadata, VectorHit, VectorRecord, VectorStore, Where} from './vector-store.js';
import {cleanMetadata} from './vector-store.js';
import {whereSql} from './where.js';

let loadVec: ((db: Db) => void) | undefined;

/** Loads the sqlite-vec extension into a connection (once per connection). */
export async function loadSqliteVec(db: Db): Promise<void> {
	if (!loadVec) {
		const sqliteVec = await import('sqlite-vec');
		loadVec = sqliteVec.load as (db: Db) => void;
	}

	try {
		db.prepare('SELECT vec_version()').get();
	} catch {
		loadVec(db);
	}
}

function vecTable(collection: string): string {
	return `vec_${collection.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

function toBlob(vector: Float32Array): Buffer {
	return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

function fromBlob(blob: Buffer): Float32Array {
	return new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}

type ItemRow = {rowid: number; id: string; document: string; metadata: string};

/**
 * Exact vector search in the app's own SQLite file: one vec0 table per collection (cosine distance), the
 * documents and metadata beside it. Filtered queries scan the matching rows with vec_distance_cosine.
 */
export class SqliteVecStore implements VectorStore {
	readonly kind = 'sqlite' as const;

	private constructor(private readonly db: Db) {}

	static async open(db: Db): Promise<SqliteVecStore> {
		await loadSqliteVec(db);
		return new SqliteVecStore(db);
	}

	async ensureCollection(name: string, embedder: {id: string; dimension: number}): Promise<CollectionInfo> {
		const existing = await this.describe(name);
		if (existing) {
			checkEmbedderMatch(name, existing, embedder);
			return existing;
		}

		this.db
			.transaction(() => {
				this.db.prepare('INSERT INTO search_vec_collections (name, embedder_id, dimension, created_at) VALUES (?, ?, ?, ?)').run(name, embedder.id, embedder.dimension, new Date().toISOString());
				this.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS ${vecTable(name)} USING vec0(embedding float[${embedder.dimension}] distance_metric=cosine)`);
			})
			.immediate();
		return {name, embedderId: embedder.id, dimension: embedder.dimension, count: 0};
	}

	async describe(name: string, options: {count?: boolean} = {}): Promise<CollectionInfo | undefined> {
		const row = this.db.prepare('SELECT embedder_id AS embedderId, dimension FROM search_vec_collections WHERE name = ?').get(name) as {embedderId: string; dimension: number} | undefined;
		if (!row) return undefined;
		if (options.count === false) return {name, ...row, count: -1};
		const {count} = this.db.prepare('SELECT count(*) AS count FROM search_vec_items WHERE collection = ?').get(name) as {count: number};
		return {name, ...row, count};
	}

	async upsert(name: string, records: readonly VectorRecord[]): Promise<void> {
		const info = await this.requireCollection(name);
		const table = vecTable(name);
		const find = this.db.prepare('SELECT rowid FROM search_vec_items WHERE collection = ? AND id = ?');
		const insert = this.db.prepare('INSERT INTO search_vec_items (collection, id, document, metadata, embedding) VALUES (?, ?, ?, ?, ?)');
		const update = this.db.prepare('UPDATE search_vec_items SET document = ?, metadata = ?, embedding = ? WHERE rowid = ?');
		const deleteVector = this.db.prepare(`DELETE FROM ${table} WHERE rowid = ?`);
		const insertVector = this.db.prepare(`INSERT INTO ${table} (rowid, embedding) VALUES (?, ?)`);
		this.db
			.transaction(() => {
				for (const record of records) {
					if (record.embedding.length !== info.dimension) checkEmbedderMatch(name, info, {id: info.embedderId, dimension: record.embedding.length});
					const metadata = JSON.stringify(cleanMetadata(record.metadata));
					const blob = toBlob(record.embedding);
					const found = find.get(name, record.id) as {rowid: number} | undefined;
					let rowid: number;
					if (found) {
						rowid = found.rowid;
						update.run(record.document, metadata, blob, rowid);
						deleteVector.run(BigInt(rowid));
					} else {
						rowid = Number(insert.run(name, record.id, record.document, metadata, blob).lastInsertRowid);
					}

					// vec0 wants an integer rowid; better-sqlite3 binds plain numbers as REAL.
					insertVector.run(BigInt(rowid), blob);
				}
			})
			.immediate();
	}

	async delete(name: string, ids: readonly string[]): Promise<void> {
		if (!(await this.describe(name))) return;
		const table = vecTable(name);
		const find = this.db.prepare('SELECT rowid FROM search_vec_items WHERE collection = ? AND id = ?');
		const deleteItem = this.db.prepare('DELETE FROM search_vec_items WHERE rowid = ?');
		const deleteVector = this.db.prepare(`DELETE FROM ${table} WHERE rowid = ?`);
		this.db
			.transaction(() => {
				for (const id of ids) {
					const found = find.get(name, id) as {rowid: number} | undefined;
					if (!found) continue;
					deleteItem.run(found.rowid);
					deleteVector.run(BigInt(found.rowid));
				}
			})
			.immediate();
	}

	async get(name: string, ids: readonly string[]): Promise<VectorRecord[]> {
		if (!(await this.describe(name))) return [];
		const statement = this.db.prepare('SELECT i.id, i.document, i.metadata, i.embedding FROM search_vec_items i WHERE i.collection = ? AND i.id = ?');
		return ids.flatMap(id => {
			const row = statement.get(name, id) as {id: string; document: string; metadata: string; embedding: Buffer} | undefined;
			return row ? [{id: row.id, document: row.document, metadata: JSON.parse(row.metadata) as Metadata, embedding: fromBlob(row.embedding)}] : [];
		});
	}

	async *scan(name: string, pageSize: number): AsyncIterable<VectorRecord[]> {
		if (!(await this.describe(name))) return;
		const statement = this.db.prepare('SELECT i.rowid, i.id, i.document, i.metadata, i.embedding FROM search_vec_items i WHERE i.collection = ? AND i.rowid > ? ORDER BY i.rowid LIMIT ?');
		let after = 0;
		for (;;) {
			const rows = statement.all(name, after, pageSize) as Array<ItemRow & {embedding: Buffer}>;
			if (rows.length === 0) return;
			after = rows.at(-1)!.rowid;
			yield rows.map(row => ({id: row.id, document: row.document, metadata: JSON.parse(row.metadata) as Metadata, embedding: fromBlob(row.embedding)}));
		}
	}

	async query(name: string, embedding: Float32Array, options: {limit: number; where?: Where}): Promise<VectorHit[]> {
		const info = await this.requireCollection(name);
		if (embedding.length !== info.dimension) checkEmbedderMatch(name, info, {id: info.embedderId, dimension: embedding.length});
		const table = vecTable(name);
		const limit = Math.max(1, Math.floor(options.limit));
		let rows: Array<ItemRow & {distance: number}>;
		if (options.where && Object.keys(options.where).length > 0) {
			const filter = whereSql(options.where, 'i.metadata');
			rows = this.db
				.prepare(`SELECT i.rowid, i.id, i.document, i.metadata, vec_distance_cosine(i.embedding, ?) AS distance FROM search_vec_items i WHERE i.collection = ? AND ${filter.sql} ORDER BY distance LIMIT ?`)
				.all(toBlob(embedding), name, ...filter.params, limit) as Array<ItemRow & {distance: number}>;
		} else {
			rows = this.db
				.prepare(`SELECT i.rowid, i.id, i.document, i.metadata, knn.distance FROM (SELECT rowid, distance FROM ${table} WHERE embedding MATCH ? AND k = ?) knn JOIN search_vec_items i ON i.rowid = knn.rowid ORDER BY knn.distance`)
				// k must be bound as an integer.
				.all(toBlob(embedding), BigInt(limit)) as Array<ItemRow & {distance: number}>;
		}

		return rows.map(row => ({id: row.id, distance: row.distance, document: row.document, metadata: JSON.parse(row.metadata) as Metadata}));
	}

	async drop(name: string): Promise<void> {
		this.db
			.transaction(() => {
				this.db.exec(`DROP TABLE IF EXISTS ${vecTable(name)}`);
				this.db.prepare('DELETE FROM search_vec_items WHERE collection = ?').run(name);
				this.db.prepare('DELETE FROM search_vec_collections WHERE name = ?').run(name);
			})
			.immediate();
	}

	async close(): Promise<void> {
		// The connection belongs to the caller.
	}

	private async requireCollection(name: string): Promise<CollectionInfo> {
		const info = await this.describe(name);
		if (!info) throw new AzOsError('NOT_FOUND', `collection "${name}" does not exist yet: run "az-os index PATH"`);
		return info;
	}
}
