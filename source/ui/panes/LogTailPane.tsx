import {Text} from 'ink';
import {shortId} from '../../domain/format.js';
import type {DashboardController} from '../dashboard-controller.js';
import {Pane} from '../components/Pane.js';
import {clip, levelColors} from '../components/text.js';
import type {Size} from '../layout.js';
import {logRows} from '../layout.js';

export function LogTailPane({controller, size, number, focused}: {controller: DashboardController; size: Size; number: number; focused: boolean}) {
	const {logs} = controller;
	const inner = size.width - 2;
	const lines = logs.view(logRows(size));
	const taskId = logs.taskId;
	const info = taskId === undefined ? '' : [shortId(taskId), logs.following ? 'following' : 'paused (G follows)', `${logs.size} lines held`].join(' · ');
	return (
		<Pane number={number} title="Logs" info={info} focused={focused} width={size.width} height={size.height}>
			{taskId === undefined ? (
				<Text dimColor>select a task to see its output</Text>
			) : lines.length === 0 ? (
				<Text dimColor>no output yet</Text>
			) : (
				lines.map(line => {
					const prefix = `${logs.timestamps ? `${line.timestamp.slice(11, 23)} ` : ''}${line.level.toUpperCase().padEnd(5)} `;
					return (
						<Text key={line.id} color={levelColors[line.level]} wrap="truncate">
							{clip(prefix + line.message, inner)}
						</Text>
					);
				})
			)}
		</Pane>
	);
}
