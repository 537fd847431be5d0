import type {Task} from '../domain/types.js';
import type {Store} from '../store/store.js';
import type {GroupCounts, QueueFilter} from '../store/task-queue.js';
import {isFlat} from '../store/task-queue.js';

export type QueueRow = {task: Task; depth: number};

/** Subtasks shown under one top-level task at most; a bigger tree is still reachable with a filter. */
const maxDescendants = 500;

/**
 * The task queue's viewport over the database. Only the rows on screen (plus the subtasks of those
 * top-level tasks) are ever read. The queue is a list of blocks: a top-level task with its subtasks beneath
 * (or, when filtered, one task each). `anchor` is the index of the first block held, `skip` the lines of that
 * block scrolled above the viewport, `cursor` the selected line within the viewport.
 *
 * It is a plain mutable object, not React state: key handlers call it synchronously, so a burst of keys
 * (j j c) always acts on the row the previous key selected.
 */
export class QueueModel {
	private filterValue: QueueFilter = {};
	private counts: GroupCounts = [0, 0, 0];
	private anchor = 0;
	private skip = 0;
	private cursorLine = 0;
	private blocks: QueueRow[][] = [];
	private heightValue = 10;

	constructor(private readonly store: Store) {}

	get filter(): QueueFilter {
		return this.filterValue;
	}

	get height(): number {
		return this.heightValue;
	}

	/** Blocks in the whole queue: top-level tasks, or matching tasks when filtered. */
	get total(): number {
		return this.counts[0] + this.counts[1] + this.counts[2];
	}

	/** Index of the selected row's block in the whole queue (for "12/3400"). */
	get position(): number {
		let line = this.skip + this.cursorLine;
		for (const [index, block] of this.blocks.entries()) {
			if (line < block.length) return this.anchor + index;
			line -= block.length;
		}

		return this.anchor;
	}

	get cursor(): number {
		return this.cursorLine;
	}

	setHeight(height: number): void {
		const next = Math.max(1, Math.floor(height));
		if (next === this.heightValue) return;
		this.heightValue = next;
		this.refresh();
	}

	setFilter(filter: QueueFilter): void {
		this.filterValue = {text: filter.text?.trim() || undefined, status: filter.status ?? undefined};
		this.anchor = 0;
		this.skip = 0;
		this.cursorLine = 0;
		this.refresh();
	}

	/** Re-reads counts and the rows on screen (tasks change status, new ones arrive), keeping the position. */
	refresh(): void {
		const selectedId = this.selected()?.id;
		this.counts = this.store.queue.groupCounts(this.filterValue);
		this.anchor = Math.max(0, Math.min(this.anchor, this.total - 1));
		this.blocks = [];
		this.loadMore(this.skip + this.heightValue);
		const first = this.blocks[0];
		this.skip = first ? Math.min(this.skip, first.length - 1) : 0;
		this.cursorLine = Math.max(0, Math.min(this.cursorLine, this.rows().length - 1));
		// Rows move as tasks change status; the selection stays on its task while that task is on screen.
		const moved = selectedId === undefined ? -1 : this.rows().findIndex(row => row.task.id === selectedId);
		if (moved >= 0) this.cursorLine = moved;
	}

	rows(): QueueRow[] {
		return this.lines().slice(this.skip, this.skip + this.heightValue);
	}

	selected(): Task | undefined {
		return this.rows()[this.cursorLine]?.task;
	}

	down(count = 1): void {
		let target = this.skip + this.cursorLine + count;
		this.loadMore(target + 1);
		const lines = this.lineCount();
		if (lines === 0) return;
		target = Math.min(target, lines - 1);
		if (target - this.skip >= this.heightValue) this.skip = target - this.heightValue + 1;
		this.cursorLine = target - this.skip;
		this.dropBlocksAbove();
		this.loadMore(this.skip + this.heightValue);
	}

	up(count = 1): void {
		let target = this.skip + this.cursorLine - count;
		while (target < 0 && this.anchor > 0) {
			const block = this.readBlocks(this.anchor - 1, 1)[0];
			if (!block) break;
			this.blocks.unshift(block);
			this.anchor--;
			target += block.length;
			this.skip += block.length;
		}

		target = Math.max(0, target);
		if (target < this.skip) this.skip = target;
		this.cursorLine = target - this.skip;
		this.dropBlocksAbove();
		this.trimBelow();
	}

	pageDown(): void {
		this.down(this.heightValue);
	}

	pageUp(): void {
		this.up(this.heightValue);
	}

	top(): void {
		this.anchor = 0;
		this.skip = 0;
		this.cursorLine = 0;
		this.refresh();
	}

	bottom(): void {
		this.counts = this.store.queue.groupCounts(this.filterValue);
		this.anchor = Math.max(0, this.total - this.heightValue);
		this.skip = 0;
		this.blocks = [];
		this.loadMore(Number.POSITIVE_INFINITY);
		const lines = this.lineCount();
		this.skip = Math.max(0, lines - this.heightValue);
		this.cursorLine = Math.max(0, lines - 1 - this.skip);
		this.dropBlocksAbove();
	}

	private lines(): QueueRow[] {
		return this.blocks.flat();
	}

	private lineCount(): number {
		let count = 0;
		for (const block of this.blocks) count += block.length;
		return count;
	}

	/** Reads more blocks after those held until `minLines` lines are held or the queue ends. */
	private loadMore(minLines: number): void {
		while (this.lineCount() < minLines) {
			const next = this.anchor + this.blocks.length;
			if (next >= this.total) return;
			const more = this.readBlocks(next, Math.min(this.heightValue, Number.isFinite(minLines) ? this.heightValue : this.total - next));
			if (more.length === 0) return;
			this.blocks.push(...more);
		}
	}

	private dropBlocksAbove(): void {
		while (this.blocks.length > 1 && this.skip >= this.blocks[0]!.length) {
			this.skip -= this.blocks.shift()!.length;
			this.anchor++;
		}
	}

	/** Keeps what was read after scrolling up from growing without end. */
	private trimBelow(): void {
		let lines = 0;
		for (let index = 0; index < this.blocks.length; index++) {
			lines += this.blocks[index]!.length;
			if (lines >= this.skip + this.heightValue * 2) {
				this.blocks.length = index + 1;
				return;
			}
		}
	}

	private readBlocks(offset: number, limit: number): QueueRow[][] {
		const tasks = this.store.queue.page(this.filterValue, offset, limit, this.counts);
		if (isFlat(this.filterValue)) return tasks.map(task => [{task, depth: 0}]);
		return tasks.map(task => [{task, depth: 0}, ...this.descendants(task.id)]);
	}

	private descendants(rootId: string): QueueRow[] {
		const rows: QueueRow[] = [];
		const seen = new Set([rootId]);
		const visit = (parentId: string, depth: number) => {
			for (const child of this.store.queue.children(parentId)) {
				// A parent cycle can only come from hand-edited rows, but must not hang the dashboard.
				if (rows.length >= maxDescendants || seen.has(child.id)) return;
				seen.add(child.id);
				rows.push({task: child, depth});
				visit(child.id, depth + 1);
			}
		};

		visit(rootId, 1);
		return rows;
	}
}
