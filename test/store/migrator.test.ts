import {cpSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import Database from 'better-sqlite3';
import {describe, expect, test} from 'vitest';
import {openDatabase} from '../../source/store/db.js';
import type {Db} from '../../source/store/db.js';
import {defaultMigrationsDir, Migrator} from '../../source/store/migrator.js';
import {tempDir} from '../helpers/temp.js';

/** A copy of the seed data model document (shared/seed/000_e1803b99e2e2141e.txt), so the check works in any clone. */
const seedFile = fileURLToPath(new URL('../fixtures/seed-data-model.txt', import.meta.url));

/** The seed document's CREATE TABLE / CREATE INDEX statements (its "Core Tables" sql blocks). */
function seedSql(): string {
	const text = readFileSync(seedFile, 'utf8');
	const core = text.slice(text.indexOf('### Core Tables'), text.indexOf('CHROMA DB COLLECTIONS'));
	return [...core.matchAll(/```sql\n([\s\S]*?)```/g)].map(match => match[1]).join('\n');
}

type Shape = Record<string, {columns: unknown[]; indexes: unknown[]; foreignKeys: unknown[]}>;

function schemaShape(db: Db | Database.Database, tables: string[]): Shape {
	const shape: Shape = {};
	for (const table of tables) {
		const indexes = (db.pragma(`index_list(${table})`) as Array<{name: string; unique: number; origin: string}>)
			.filter(index => index.origin === 'c')
			.map(index => ({name: index.name, unique: index.unique, columns: (db.pragma(`index_info(${index.name})`) as Array<{name: string}>).map(column => column.name)}))
			.sort((a, b) => a.name.localeCompare(b.name));
		shape[table] = {
			columns: db.pragma(`table_info(${table})`) as unknown[],
			indexes,
			foreignKeys: (db.pragma(`foreign_key_list(${table})`) as Array<Record<string, unknown>>).map(({id: _id, seq: _seq, ...rest}) => rest),
		};
	}

	return shape;
}

const seedTables = ['tasks', 'task_logs', 'task_state_snapshots', 'cost_tracking', 'tool_usage', 'configuration', 'metrics'];

function ourTables(db: Db): string[] {
	return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{name: string}>).map(row => row.name);
}

describe('migrations', () => {
	test('001 creates exactly the seed data model: columns, defaults, foreign keys and indexes', () => {
		const sql = seedSql();
		expect(sql).toMatch(/CREATE TABLE metrics/);
		const reference = new Database(':memory:');
		reference.exec(sql);
		const db = openDatabase(path.join(tempDir(), 'az_os.db'));
		new Migrator(db).up(1);
		expect(schemaShape(db, seedTables)).toEqual(schemaShape(reference, seedTables));
		db.close();
	});

	test('up applies all in order and records checksums; down --to 0 leaves no table of ours; up restores all', () => {
		const db = openDatabase(path.join(tempDir(), 'az_os.db'));
		const migrator = new Migrator(db);
		const applied = migrator.up();
		expect(applied).toEqual(migrator.migrations.map(migration => migration.name));
		expect(migrator.status().every(entry => entry.applied)).toBe(true);
		const full = ourTables(db);
		expect(full).toEqual(expect.arrayContaining([...seedTables, 'events', 'migrations']));
		const shapeBefore = schemaShape(db, full.filter(name => name !== 'migrations'));

		expect(migrator.down(0)).toEqual([...applied].reverse());
		expect(ourTables(db)).toEqual(['migrations']);
		expect(db.prepare('SELECT count(*) AS n FROM migrations').get()).toEqual({n: 0});

		migrator.up();
		expect(schemaShape(db, full.filter(name => name !== 'migrations'))).toEqual(shapeBefore);
		db.close();
	});

	test('down without --to reverts only the latest; up --to stops at a number', () => {
		const db = openDatabase(path.join(tempDir(), 'az_os.db'));
		const migrator = new Migrator(db);
		expect(migrator.up(2)).toEqual(['001_initial_schema', '002_events']);
		expect(migrator.down()).toEqual(['002_events']);
		expect(migrator.status().filter(entry => entry.applied).map(entry => entry.name)).toEqual(['001_initial_schema']);
		db.close();
	});

	test('refuses to run when an applied migration file changed, naming it', () => {
		const directory = tempDir();
		cpSync(defaultMigrationsDir, directory, {recursive: true});
		const db = openDatabase(path.join(tempDir(), 'az_os.db'));
		new Migrator(db, {directory}).up();
		writeFileSync(path.join(directory, '002_events.up.sql'), `${readFileSync(path.join(directory, '002_events.up.sql'), 'utf8')}\n-- edited\n`);
		expect(() => new Migrator(db, {directory}).up()).toThrowError(/migration 002_events was changed after it was applied/);
		db.close();
	});

	test('refuses a database migrated by a newer version', () => {
		const db = openDatabase(path.join(tempDir(), 'az_os.db'));
		new Migrator(db).up();
		db.prepare("INSERT INTO migrations (name, checksum, applied_at) VALUES ('999_future', 'x', 'now')").run();
		expect(() => new Migrator(db).up()).toThrowError(/999_future, which this version of AZ-OS does not know/);
		db.close();
	});

	test('a failing migration rolls back whole and says which', () => {
		const directory = tempDir();
		cpSync(defaultMigrationsDir, directory, {recursive: true});
		writeFileSync(path.join(directory, '900_broken.up.sql'), 'CREATE TABLE half (id INTEGER);\nCREATE TABLE broken (;\n');
		writeFileSync(path.join(directory, '900_broken.down.sql'), 'DROP TABLE half;\n');
		const db = openDatabase(path.join(tempDir(), 'az_os.db'));
		expect(() => new Migrator(db, {directory}).up()).toThrowError(/migration 900_broken up failed/);
		expect(ourTables(db)).not.toContain('half');
		expect(new Migrator(db, {directory}).status().find(entry => entry.name === '900_broken')?.applied).toBe(false);
		db.close();
	});

	test('a migration without its down file is refused', () => {
		const directory = tempDir();
		writeFileSync(path.join(directory, '001_only_up.up.sql'), 'SELECT 1;');
		const db = openDatabase(path.join(tempDir(), 'az_os.db'));
		expect(() => new Migrator(db, {directory})).toThrowError(/needs both 001_only_up.up.sql and 001_only_up.down.sql/);
		db.close();
	});
});
