-- Semantic search: vector collections (sqlite-vec store), the lexical index over chunks, indexed files, settings.
-- The sqlite-vec virtual tables (vec_<collection>) are made at run time, once the extension is loaded.
CREATE TABLE search_settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE search_vec_collections (
	name TEXT PRIMARY KEY,
	embedder_id TEXT NOT NULL,
	dimension INTEGER NOT NULL CHECK (dimension > 0),
	created_at TEXT NOT NULL
);

CREATE TABLE search_vec_items (
	rowid INTEGER PRIMARY KEY,
	collection TEXT NOT NULL REFERENCES search_vec_collections(name) ON DELETE CASCADE,
	id TEXT NOT NULL,
	document TEXT NOT NULL,
	metadata TEXT NOT NULL DEFAULT '{}',
	-- A copy of the vector: filtered queries scan it directly (a vec0 lookup by rowid per row is slow).
	embedding BLOB NOT NULL,
	UNIQUE (collection, id)
);

-- Every chunk of every collection, whatever the vector store: FTS5 (bm25) ranks them for lexical search.
CREATE TABLE search_chunks (
	rowid INTEGER PRIMARY KEY,
	collection TEXT NOT NULL,
	id TEXT NOT NULL,
	source TEXT,
	document TEXT NOT NULL,
	metadata TEXT NOT NULL DEFAULT '{}',
	UNIQUE (collection, id)
);
CREATE INDEX search_chunks_source ON search_chunks (collection, source);

CREATE VIRTUAL TABLE search_fts USING fts5 (document, content = 'search_chunks', content_rowid = 'rowid', tokenize = 'porter unicode61');
CREATE TRIGGER search_chunks_ai AFTER INSERT ON search_chunks BEGIN
	INSERT INTO search_fts (rowid, document) VALUES (new.rowid, new.document);
END;
CREATE TRIGGER search_chunks_ad AFTER DELETE ON search_chunks BEGIN
	INSERT INTO search_fts (search_fts, rowid, document) VALUES ('delete', old.rowid, old.document);
END;
CREATE TRIGGER search_chunks_au AFTER UPDATE OF document ON search_chunks BEGIN
	INSERT INTO search_fts (search_fts, rowid, document) VALUES ('delete', old.rowid, old.document);
	INSERT INTO search_fts (rowid, document) VALUES (new.rowid, new.document);
END;

-- One row per indexed file: its content hash decides skip / re-index; rows of deleted files are pruned.
CREATE TABLE search_files (
	collection TEXT NOT NULL,
	path TEXT NOT NULL,
	content_hash TEXT NOT NULL,
	chunk_count INTEGER NOT NULL,
	indexed_at TEXT NOT NULL,
	PRIMARY KEY (collection, path)
);
