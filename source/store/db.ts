import {accessSync, constants, existsSync, mkdirSync, statSync} from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {AzOsError} from '../domain/errors.js';

export type Db = Database.Database;

export type OpenOptions = {
	readonly?: boolean;
	/** How long a write waits for another process's lock before failing with DATABASE_BUSY. */
	busyTimeoutMs?: number;
};

/** Opens (creating if needed) a SQLite file with the pragmas every AZ-OS connection uses. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
	const directory = path.dirname(file);
	ensureWritableDirectory(directory, options.readonly === true);
	let db: Db;
	try {
		db = new Database(file, {readonly: options.readonly === true, fileMustExist: options.readonly === true});
	} catch (error) {
		throw translateSqliteError(error, file);
	}

	try {
		db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
		if (options.readonly !== true) db.pragma('journal_mode = WAL');
		db.pragma('foreign_keys = ON');
		db.pragma('synchronous = NORMAL');
		// Touch the schema so a file that is not SQLite fails here, with a clear message.
		db.prepare('SELECT count(*) FROM sqlite_master').get();
	} catch (error) {
		db.close();
		throw translateSqliteError(error, file);
	}

	return db;
}

function ensureWritableDirectory(directory: string, readonly: boolean): void {
	try {
		makeDirectories(directory);
	} catch (error) {
		throw new AzOsError('READ_ONLY', `cannot create data dir ${directory}: ${(error as Error).message}`, {cause: error});
	}

	if (!statSync(directory).isDirectory()) {
		throw new AzOsError('INVALID_INPUT', `data dir ${directory} is not a directory`);
	}

	if (readonly) return;
	try {
		accessSync(directory, constants.W_OK);
	} catch (error) {
		throw new AzOsError('READ_ONLY', `data dir ${directory} is read-only: AZ-OS needs to write its database there`, {
			cause: error,
		});
	}
}

/**
 * mkdir -p by hand: Node 20's `mkdirSync(path, {recursive: true})` spins forever on some unwritable
 * parents (e.g. under /proc) instead of failing.
 */
function makeDirectories(directory: string): void {
	const missing: string[] = [];
	for (let current = directory; !existsSync(current); current = path.dirname(current)) {
		missing.push(current);
		if (path.dirname(current) === current) break;
	}

	for (const each of missing.reverse()) mkdirSync(each);
}

/** Maps better-sqlite3's errors to AzOsError with a message a person can act on. */
export function translateSqliteError(error: unknown, file?: string): Error {
	if (error instanceof AzOsError) return error;
	const code = (error as {code?: string}).code ?? '';
	const message = (error as Error).message ?? String(error);
	const where = file ? ` (${file})` : '';
	if (code === 'SQLITE_NOTADB' || /file is not a database/i.test(message)) {
		return new AzOsError('NOT_SQLITE', `${file ?? 'the database'} is not an SQLite database: move it aside or choose another --data-dir`, {cause: error});
	}

	if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
		return new AzOsError('DATABASE_BUSY', `the database is busy (another process holds a lock)${where}: try again`, {cause: error});
	}

	if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM') {
		return new AzOsError('READ_ONLY', `cannot write the database${where}: ${message}`, {cause: error});
	}

	if (code === 'SQLITE_CORRUPT') {
		return new AzOsError('DATABASE', `the database is corrupt${where}: restore a backup`, {cause: error});
	}

	if (code.startsWith('SQLITE_')) {
		return new AzOsError('DATABASE', `database error${where}: ${message}`, {cause: error});
	}

	return error instanceof Error ? error : new Error(message);
}

/**
 * Runs `work` in a write transaction taken up front (BEGIN IMMEDIATE): a read-then-write in a plain BEGIN
 * can fail with SQLITE_BUSY_SNAPSHOT under concurrent writers, whatever the busy timeout.
 */
export function writeTransaction<T>(db: Db, work: () => T): T {
	try {
		return db.transaction(work).immediate();
	} catch (error) {
		throw translateSqliteError(error, db.name);
	}
}
