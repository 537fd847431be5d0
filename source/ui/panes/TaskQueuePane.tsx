import {Box, Text} from 'ink';
import {formatCost, shortId, taskTime} from '../../domain/format.js';
import type {DashboardController} from '../dashboard-controller.js';
import {Pane} from '../components/Pane.js';
import {clip, fit, statusColors} from '../components/text.js';
import type {Size} from '../layout.js';

type Column = {title: string; width: number};

/** Which columns fit: the model column goes first when the pane is narrow. */
function columnsFor(width: number): {columns: Column[]; commandWidth: number} {
	const columns: Column[] = [
		{title: 'ID', width: 8},
		{title: 'STATUS', width: 9},
		{title: 'PRIORITY', width: 8},
		...(width >= 90 ? [{title: 'MODEL', width: 12}] : []),
		{title: 'COST', width: 7},
		{title: 'TIME', width: 9},
	];
	// One column of gutter for the selection marker.
	const used = 1 + columns.reduce((sum, column) => sum + column.width + 1, 0);
	return {columns, commandWidth: Math.max(8, width - used)};
}

export function TaskQueuePane({controller, size, number, focused}: {controller: DashboardController; size: Size; number: number; focused: boolean}) {
	const {queue} = controller;
	const inner = size.width - 2;
	const {columns, commandWidth} = columnsFor(inner);
	const rows = queue.rows();
	const now = new Date();
	const filter = queue.filter;
	const info = [
		queue.total === 0 ? '0' : `${(queue.position + 1).toLocaleString('en-US')}/${queue.total.toLocaleString('en-US')}`,
		filter.status ? `status=${filter.status}` : '',
		filter.text ? `/${filter.text}` : '',
	]
		.filter(Boolean)
		.join(' · ');
	const header = ' ' + [...columns.map(column => fit(column.title, column.width)), fit('COMMAND', commandWidth)].join(' ');
	return (
		<Pane number={number} title="Tasks" info={info} focused={focused} width={size.width} height={size.height}>
			<Text bold dimColor wrap="truncate">
				{header}
			</Text>
			{rows.length === 0 ? (
				<Text dimColor wrap="truncate">
					{filter.status || filter.text ? 'no task matches the filter (esc clears it)' : 'no tasks yet: press a to add one'}
				</Text>
			) : (
				rows.map((row, index) => {
					const {task} = row;
					const selected = index === queue.cursor;
					// Deep trees stop indenting after a few levels so the command stays readable.
					const indent = row.depth > 0 ? `${'  '.repeat(Math.min(row.depth, 4) - 1)}└ ` : '';
					const cells: Record<string, string> = {
						ID: shortId(task.id),
						STATUS: task.status,
						PRIORITY: task.priority,
						MODEL: task.model ?? '-',
						COST: formatCost(task.cost),
						TIME: taskTime(task, now),
					};
					return (
						<Box key={task.id}>
							<Text inverse={selected} bold={selected && focused} wrap="truncate">
								{selected ? '›' : ' '}
								{fit(cells['ID']!, 8)}{' '}
								<Text color={statusColors[task.status]}>{fit(task.status, 9)}</Text>{' '}
								{columns
									.slice(2)
									.map(column => fit(cells[column.title]!, column.width))
									.join(' ')}{' '}
								{clip(indent + task.command, commandWidth)}
							</Text>
						</Box>
					);
				})
			)}
		</Pane>
	);
}
