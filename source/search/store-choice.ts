import {AzOsError} from '../domain/errors.js';
import type {Db} from '../store/db.js';
import type {ChromaServer} from './stores/chroma-server.js';
import type {StoreKind, VectorStore} from './stores/vector-store.js';

export type StoreChoice = {kind: StoreKind; reason: string; url?: string};

export function readSetting(db: Db, key: string): string | undefined {
	return (db.prepare('SELECT value FROM search_settings WHERE key = ?').get(key) as {value: string} | undefined)?.value;
}

export function writeSetting(db: Db, key: string, value: string): void {
	db.prepare('INSERT INTO search_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

export function savedChoice(db: Db): StoreChoice | undefined {
	const kind = readSetting(db, 'store');
	if (kind !== 'sqlite' && kind !== 'chroma') return undefined;
	return {kind, reason: readSetting(db, 'store_reason') ?? ''};
}

export function saveChoice(db: Db, choice: StoreChoice): void {
	db.transaction(() => {
		writeSetting(db, 'store', choice.kind);
		writeSetting(db, 'store_reason', choice.reason);
	}).immediate();
}

export type OpenedStore = {store: VectorStore; choice: StoreChoice; server?: ChromaServer};

/** A Chroma store: $AZ_OS_CHROMA_URL (+ $AZ_OS_CHROMA_TOKEN) if set, else the bundled server started now. */
export async function openChroma(dataDir: string, env: NodeJS.ProcessEnv): Promise<{store: VectorStore; url: string; server?: ChromaServer}> {
	const {ChromaStore} = await import('./stores/chroma-store.js');
	const url = env['AZ_OS_CHROMA_URL']?.trim();
	if (url) {
		return {store: await ChromaStore.connect({url, token: env['AZ_OS_CHROMA_TOKEN']}), url};
	}

	const {startBundledChroma} = await import('./stores/chroma-server.js');
	const server = await startBundledChroma({dataDir});
	try {
		return {store: await ChromaStore.connect({url: server.url}, () => server.stop()), url: server.url, server};
	} catch (error) {
		await server.stop();
		throw error;
	}
}

export async function openSqlite(db: Db): Promise<VectorStore> {
	const {SqliteVecStore} = await import('./stores/sqlite-vec-store.js');
	return SqliteVecStore.open(db);
}

/**
 * The vector store, chosen once per data dir and saved: Chroma where it runs (or $AZ_OS_CHROMA_URL), else
 * sqlite-vec with the reason kept for `search status`.
 */
export async function openChosenStore(db: Db, dataDir: string, env: NodeJS.ProcessEnv, notice: (line: string) => void): Promise<OpenedStore> {
	const saved = savedChoice(db);
	if (saved?.kind === 'sqlite') return {store: await openSqlite(db), choice: saved};
	if (saved?.kind === 'chroma') {
		try {
			const opened = await openChroma(dataDir, env);
			return {store: opened.store, choice: {...saved, url: opened.url}, server: opened.server};
		} catch (error) {
			throw new AzOsError('UNAVAILABLE', `the Chroma store is down: ${(error as Error).message}`, {cause: error});
		}
	}

	try {
		const opened = await openChroma(dataDir, env);
		const choice = {kind: 'chroma' as const, reason: env['AZ_OS_CHROMA_URL'] ? 'AZ_OS_CHROMA_URL is set' : 'the bundled Chroma server runs here'};
		saveChoice(db, choice);
		return {store: opened.store, choice: {...choice, url: opened.url}, server: opened.server};
	} catch (error) {
		const reason = `Chroma cannot run here (${(error as Error).message.replace(/^the bundled Chroma server did not start: /, '')}): using sqlite-vec`;
		saveChoice(db, {kind: 'sqlite', reason});
		notice(`notice: ${reason}`);
		return {store: await openSqlite(db), choice: {kind: 'sqlite', reason}};
	}
}
