export type Size = {width: number; height: number};

export type Layout = {
	/** Narrow terminals stack the queue over logs and cost; wide ones put the queue beside them. */
	kind: 'stacked' | 'wide';
	queue: Size;
	logs: Size;
	cost: Size;
	/** Each extra pane's size (the search pane): beside the logs when stacked, under them when wide. */
	extra: Size;
	/** Rows of the status bar under the panes. */
	statusRows: number;
	panesHeight: number;
};

export const statusRows = 3;
export const minColumns = 80;
export const minRows = 24;

/** Pane sizes for a terminal of `columns` x `rows` (smaller than 80x24 is laid out as 80x24 and clipped). */
export function computeLayout(columns: number, rows: number, extraPanes = 0): Layout {
	const width = Math.max(minColumns, columns);
	const height = Math.max(minRows, rows);
	const panesHeight = height - statusRows;
	// Below 160 columns a side-by-side queue would be too narrow for its columns: stack instead.
	if (width < 160) {
		const queueHeight = Math.floor(panesHeight / 2);
		const bottom = panesHeight - queueHeight;
		// With extra panes the bottom row is shared three ways; the log tail keeps the largest part.
		const costWidth = extraPanes === 0 ? Math.min(40, Math.floor(width * 0.4)) : Math.min(36, Math.floor(width * 0.26));
		const extraWidth = extraPanes === 0 ? 0 : Math.floor((width * 0.3) / extraPanes);
		return {
			kind: 'stacked',
			queue: {width, height: queueHeight},
			logs: {width: width - costWidth - extraWidth * extraPanes, height: bottom},
			cost: {width: costWidth, height: bottom},
			extra: {width: extraWidth, height: bottom},
			statusRows,
			panesHeight,
		};
	}

	const queueWidth = Math.floor(width * 0.55);
	const costHeight = Math.min(14, Math.floor(panesHeight / 2));
	const rightHeight = panesHeight - costHeight;
	const extraHeight = extraPanes === 0 ? 0 : Math.floor(rightHeight / (extraPanes + 1));
	return {
		kind: 'wide',
		queue: {width: queueWidth, height: panesHeight},
		logs: {width: width - queueWidth, height: rightHeight - extraHeight * extraPanes},
		cost: {width: width - queueWidth, height: costHeight},
		extra: {width: width - queueWidth, height: extraHeight},
		statusRows,
		panesHeight,
	};
}

/** Rows of task lines the queue pane shows (border, title and header take 4). */
export function queueRows(size: Size): number {
	return Math.max(1, size.height - 4);
}

/** Rows of log lines the log pane shows (border and title take 3). */
export function logRows(size: Size): number {
	return Math.max(1, size.height - 3);
}
