import path from 'node:path';
import type {Clock} from '../domain/types.js';
import {systemClock} from '../domain/types.js';
import {ConfigurationRepository} from './configuration.js';
import {CostRepository} from './costs.js';
import type {Db} from './db.js';
import {openDatabase} from './db.js';
import {EventRepository} from './events.js';
import {MetricsRepository} from './metrics.js';
import {Migrator} from './migrator.js';
import {SnapshotRepository} from './snapshots.js';
import {TaskLogRepository} from './task-logs.js';
import {TaskQueueQuery} from './task-queue.js';
import {TaskRepository} from './tasks.js';
import {ToolUsageRepository} from './tool-usage.js';

export const databaseFileName = 'az_os.db';

export type StoreOptions = {
	clock?: Clock;
	/** Apply pending migrations on open (default true); `migrate` commands open without. */
	migrate?: boolean;
	busyTimeoutMs?: number;
};

/** One SQLite connection and a repository per table. Synchronous by design (better-sqlite3). */
export class Store {
	readonly events: EventRepository;
	readonly tasks: TaskRepository;
	readonly logs: TaskLogRepository;
	readonly snapshots: SnapshotRepository;
	readonly costs: CostRepository;
	readonly toolUsage: ToolUsageRepository;
	readonly config: ConfigurationRepository;
	readonly metrics: MetricsRepository;
	readonly migrator: Migrator;
	readonly queue: TaskQueueQuery;

	constructor(
		readonly db: Db,
		readonly clock: Clock = systemClock,
		migrate = true,
	) {
		this.migrator = new Migrator(db, {clock});
		if (migrate) this.migrator.up();
		this.events = new EventRepository(db, clock);
		this.tasks = new TaskRepository(db, this.events, clock);
		this.logs = new TaskLogRepository(db, clock);
		this.snapshots = new SnapshotRepository(db, clock);
		this.costs = new CostRepository(db, clock);
		this.toolUsage = new ToolUsageRepository(db, clock);
		this.config = new ConfigurationRepository(db, clock);
		this.metrics = new MetricsRepository(db, clock);
		this.queue = new TaskQueueQuery(db);
	}

	static open(dataDir: string, options: StoreOptions = {}): Store {
		const db = openDatabase(path.join(dataDir, databaseFileName), {busyTimeoutMs: options.busyTimeoutMs});
		try {
			return new Store(db, options.clock, options.migrate ?? true);
		} catch (error) {
			db.close();
			throw error;
		}
	}

	close(): void {
		if (this.db.open) this.db.close();
	}
}
