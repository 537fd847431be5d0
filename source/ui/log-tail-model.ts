import type {TaskLog} from '../domain/types.js';
import type {Store} from '../store/store.js';

/** Lines read when a task is selected; older ones are read when scrolling reaches them. */
const firstRead = 200;
const olderRead = 500;

/**
 * The log tail of one task, bounded: at most `capacity` lines are held, however many the task writes.
 * New rows are read by id after the last one seen (index-backed, like services/log-follow.ts), so any
 * process's writes show up on the next poll. When more than a buffer's worth arrived between two polls, it
 * jumps to the newest lines instead of reading through the backlog. Selecting a task reads only its last
 * few lines (moving through the queue must stay fast); scrolling up reads older ones until the buffer is full.
 */
export class LogTailModel {
	private taskIdValue: string | undefined;
	private buffer: TaskLog[] = [];
	private lastId = 0;
	private top = 0;
	private hasOlder = false;
	following = true;
	timestamps = false;

	constructor(
		private readonly store: Store,
		readonly capacity: number,
	) {}

	get taskId(): string | undefined {
		return this.taskIdValue;
	}

	get size(): number {
		return this.buffer.length;
	}

	/** Shows another task (or none); its newest lines are read on the next poll. */
	setTask(taskId: string | undefined): void {
		if (taskId === this.taskIdValue) return;
		this.taskIdValue = taskId;
		this.buffer = [];
		this.lastId = -1;
		this.top = 0;
		this.following = true;
	}

	/** Reads new rows; returns whether anything changed. */
	poll(): boolean {
		const taskId = this.taskIdValue;
		if (taskId === undefined) return false;
		if (this.lastId < 0) {
			this.readNewest(taskId);
			return true;
		}

		const page = this.store.logs.page(taskId, this.lastId, this.capacity);
		if (page.length === 0) return false;
		if (page.length === this.capacity) {
			// A whole buffer arrived since the last poll: the newest lines are what matters.
			this.readNewest(taskId);
			this.top = 0;
			return true;
		}

		this.lastId = page.at(-1)!.id;
		this.buffer.push(...page);
		const excess = this.buffer.length - this.capacity;
		if (excess > 0) {
			this.buffer.splice(0, excess);
			this.top = Math.max(0, this.top - excess);
		}

		return true;
	}

	private readNewest(taskId: string): void {
		const count = Math.min(this.capacity, firstRead);
		this.buffer = this.store.logs.tail(taskId, count);
		this.hasOlder = this.buffer.length === count;
		this.lastId = this.buffer.at(-1)?.id ?? 0;
	}

	/** Reads lines older than those held, while the buffer has room; keeps the view on the same lines. */
	private readOlder(): void {
		const first = this.buffer[0];
		const room = this.capacity - this.buffer.length;
		if (!this.hasOlder || first === undefined || this.taskIdValue === undefined || room <= 0) return;
		const count = Math.min(room, olderRead);
		const older = this.store.logs.before(this.taskIdValue, first.id, count);
		this.hasOlder = older.length === count;
		this.buffer = [...older, ...this.buffer];
		this.top += older.length;
	}

	/** The lines a pane of `height` rows shows now. */
	view(height: number): TaskLog[] {
		if (this.following) return this.buffer.slice(Math.max(0, this.buffer.length - height));
		return this.buffer.slice(this.top, this.top + height);
	}

	/** Scrolling up stops following; the view then stays on the lines it shows. */
	scrollUp(height: number, lines = 1): void {
		if (this.following) {
			this.top = Math.max(0, this.buffer.length - height);
			this.following = false;
		}

		if (this.top - lines < 0) this.readOlder();
		this.top = Math.max(0, this.top - lines);
	}

	scrollDown(height: number, lines = 1): void {
		if (this.following) return;
		this.top = Math.min(Math.max(0, this.buffer.length - height), this.top + lines);
	}

	/** The oldest line the buffer can hold: reads back until it is full or the task's first line. */
	toTop(): void {
		this.following = false;
		while (this.hasOlder && this.buffer.length < this.capacity) this.readOlder();
		this.top = 0;
	}

	follow(): void {
		this.following = true;
	}

	toggleFollow(height: number): void {
		if (this.following) {
			this.top = Math.max(0, this.buffer.length - height);
			this.following = false;
		} else {
			this.following = true;
		}
	}
}
