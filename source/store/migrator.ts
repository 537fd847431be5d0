import {createHash} from 'node:crypto';
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {AzOsError} from '../domain/errors.js';
import type {Clock} from '../domain/types.js';
import {systemClock} from '../domain/types.js';
import type {Db} from './db.js';
import {translateSqliteError} from './db.js';

/** migrations/ ships beside dist/ and source/, so one path serves the built CLI and the tests. */
export const defaultMigrationsDir = fileURLToPath(new URL('../../migrations/', import.meta.url));

export type MigrationFile = {
	version: number;
	name: string;
	up: string;
	down: string;
	checksum: string;
};

export type MigrationStatus = {
	version: number;
	name: string;
	applied: boolean;
	appliedAt: string | null;
};

const fileName = /^(\d{3})_([a-z0-9_]+)\.(up|down)\.sql$/;

export function readMigrations(directory = defaultMigrationsDir): MigrationFile[] {
	const pairs = new Map<string, {version: number; name: string; up?: string; down?: string}>();
	for (const entry of readdirSync(directory)) {
		const match = fileName.exec(entry);
		if (!match) continue;
		const [, digits, label, direction] = match as unknown as [string, string, string, 'up' | 'down'];
		const name = `${digits}_${label}`;
		const pair = pairs.get(name) ?? {version: Number(digits), name};
		pair[direction] = readFileSync(path.join(directory, entry), 'utf8');
		pairs.set(name, pair);
	}

	const migrations = [...pairs.values()].map(pair => {
		if (pair.up === undefined || pair.down === undefined) {
			throw new AzOsError('MIGRATION', `migration ${pair.name} needs both ${pair.name}.up.sql and ${pair.name}.down.sql`);
		}

		return {
			version: pair.version,
			name: pair.name,
			up: pair.up,
			down: pair.down,
			checksum: createHash('sha256').update(pair.up).update('\0').update(pair.down).digest('hex'),
		};
	});
	migrations.sort((a, b) => a.version - b.version);
	for (let index = 1; index < migrations.length; index++) {
		if (migrations[index]!.version === migrations[index - 1]!.version) {
			throw new AzOsError('MIGRATION', `two migrations share number ${migrations[index]!.version}`);
		}
	}

	return migrations;
}

/** Applies and reverts plain-SQL migrations, each in its own transaction, recorded with a checksum. */
export class Migrator {
	readonly migrations: MigrationFile[];

	constructor(
		private readonly db: Db,
		private readonly options: {directory?: string; clock?: Clock} = {},
	) {
		this.migrations = readMigrations(options.directory);
	}

	private ensureTable(): void {
		this.db.exec(`CREATE TABLE IF NOT EXISTS migrations (
			name TEXT PRIMARY KEY,
			checksum TEXT NOT NULL,
			applied_at TEXT NOT NULL
		)`);
	}

	private applied(): Map<string, {checksum: string; appliedAt: string}> {
		this.ensureTable();
		const rows = this.db.prepare('SELECT name, checksum, applied_at FROM migrations').all() as Array<{
			name: string;
			checksum: string;
			applied_at: string;
		}>;
		return new Map(rows.map(row => [row.name, {checksum: row.checksum, appliedAt: row.applied_at}]));
	}

	/** Refuses to go on when an applied migration's files changed: history must not be rewritten. */
	private verify(applied: Map<string, {checksum: string}>): void {
		const known = new Set(this.migrations.map(migration => migration.name));
		for (const migration of this.migrations) {
			const record = applied.get(migration.name);
			if (record && record.checksum !== migration.checksum) {
				throw new AzOsError(
					'MIGRATION',
					`migration ${migration.name} was changed after it was applied: restore its files and add a new migration instead`,
				);
			}
		}

		for (const name of applied.keys()) {
			if (!known.has(name)) {
				throw new AzOsError('MIGRATION', `the database has migration ${name}, which this version of AZ-OS does not know: upgrade AZ-OS`);
			}
		}
	}

	status(): MigrationStatus[] {
		const applied = this.applied();
		return this.migrations.map(migration => ({
			version: migration.version,
			name: migration.name,
			applied: applied.has(migration.name),
			appliedAt: applied.get(migration.name)?.appliedAt ?? null,
		}));
	}

	/** Applies every pending migration up to `to` (default: all); returns the names applied. */
	up(to?: number): string[] {
		const applied = this.applied();
		this.verify(applied);
		const done: string[] = [];
		for (const migration of this.migrations) {
			if (applied.has(migration.name) || (to !== undefined && migration.version > to)) continue;
			this.run(migration, 'up');
			done.push(migration.name);
		}

		return done;
	}

	/** Reverts applied migrations above `to` (default: only the latest one), newest first. */
	down(to?: number): string[] {
		const applied = this.applied();
		this.verify(applied);
		const appliedMigrations = this.migrations.filter(migration => applied.has(migration.name)).reverse();
		const targets = to === undefined ? appliedMigrations.slice(0, 1) : appliedMigrations.filter(migration => migration.version > to);
		for (const migration of targets) this.run(migration, 'down');
		return targets.map(migration => migration.name);
	}

	latestVersion(): number {
		return this.migrations.at(-1)?.version ?? 0;
	}

	private run(migration: MigrationFile, direction: 'up' | 'down'): void {
		const now = (this.options.clock ?? systemClock)().toISOString();
		// Table rebuilds (DROP COLUMN) must not trip foreign keys midway; they are checked after.
		this.db.pragma('foreign_keys = OFF');
		try {
			this.db
				.transaction(() => {
					this.db.exec(direction === 'up' ? migration.up : migration.down);
					if (direction === 'up') {
						this.db.prepare('INSERT INTO migrations (name, checksum, applied_at) VALUES (?, ?, ?)').run(migration.name, migration.checksum, now);
					} else {
						this.db.prepare('DELETE FROM migrations WHERE name = ?').run(migration.name);
					}

					const violations = this.db.pragma('foreign_key_check') as unknown[];
					if (violations.length > 0) throw new AzOsError('MIGRATION', `migration ${migration.name} ${direction} broke ${violations.length} foreign keys`);
				})
				.immediate();
		} catch (error) {
			if (error instanceof AzOsError) throw error;
			const translated = translateSqliteError(error, this.db.name);
			throw translated instanceof AzOsError && translated.code !== 'DATABASE'
				? translated
				: new AzOsError('MIGRATION', `migration ${migration.name} ${direction} failed: ${(error as Error).message}`, {cause: error});
		} finally {
			this.db.pragma('foreign_keys = ON');
		}
	}
}
