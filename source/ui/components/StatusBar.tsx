import {Box, Text} from 'ink';
import {shortId, truncate} from '../../domain/format.js';
import {priorities} from '../../domain/priority.js';
import type {TaskStatus} from '../../domain/task.js';
import type {DashboardController} from '../dashboard-controller.js';
import type {BudgetView} from '../hooks/use-budget.js';
import {hintsFor} from '../keymap.js';
import {budgetColors, fit, statusColors} from './text.js';

const shownStatuses: ReadonlyArray<[TaskStatus, string]> = [
	['running', 'running'],
	['pending', 'pending'],
	['retrying', 'retrying'],
	['failed', 'failed'],
	['completed', 'done'],
	['cancelled', 'cancelled'],
];

function workerLabel(controller: DashboardController): {text: string; color: string} {
	if (controller.readonly) return {text: 'read-only', color: 'gray'};
	const {worker} = controller;
	if (!worker) return {text: 'worker off', color: 'gray'};
	const colors: Record<string, string> = {running: 'green', paused: 'magenta', starting: 'yellow', stopping: 'yellow', stopped: 'red'};
	return {text: `worker ${worker.state}`, color: colors[worker.state] ?? 'white'};
}

/** The prompt line: what the open prompt asks, or the last message. */
function PromptLine({controller, width}: {controller: DashboardController; width: number}) {
	const {mode, message} = controller;
	switch (mode.kind) {
		case 'confirm-cancel':
			return (
				<Text color="yellow" bold wrap="truncate">
					{fit(`Cancel task ${shortId(mode.task.id)} "${truncate(mode.task.command, 40)}" (${mode.task.status})? y = yes, any other key = no`, width)}
				</Text>
			);
		case 'filter':
		case 'add-command': {
			const prompt = `${mode.kind === 'filter' ? 'filter › ' : 'add task › command: '}${mode.text}█`;
			// A refused entry (an empty command) is explained next to the prompt, which stays open.
			return (
				<Text wrap="truncate">
					{prompt}
					{message?.tone === 'error' ? <Text color="red">{`  ${message.text}`}</Text> : ''}
				</Text>
			);
		}
		case 'add-priority':
			return (
				<Text wrap="truncate">
					{`add task › "${truncate(mode.command, 30)}" priority: `}
					{priorities.map(priority => (
						<Text key={priority} inverse={priority === mode.priority}>{` ${priority} `}</Text>
					))}
				</Text>
			);
		default:
			return message ? (
				<Text color={message.tone === 'error' ? 'red' : 'green'} wrap="truncate">
					{fit(message.text, width)}
				</Text>
			) : (
				<Text> </Text>
			);
	}
}

export function StatusBar({controller, budget, width}: {controller: DashboardController; budget: BudgetView; width: number}) {
	const worker = workerLabel(controller);
	const hints = hintsFor(controller.hintContexts(), controller.readonly).join(' · ');
	return (
		<Box flexDirection="column" width={width} height={3}>
			<Text wrap="truncate">
				<Text color={worker.color} bold>
					{worker.text}
				</Text>
				<Text dimColor> │ </Text>
				{shownStatuses.map(([status, label]) => (
					<Text key={status} color={controller.counts[status] > 0 ? statusColors[status] : 'gray'}>
						{`${controller.counts[status].toLocaleString('en-US')} ${label}  `}
					</Text>
				))}
				<Text dimColor>│ budget </Text>
				<Text backgroundColor={budgetColors[budget.state]} color="black" bold>
					{` ${budget.state.toUpperCase()} `}
				</Text>
			</Text>
			<PromptLine controller={controller} width={width} />
			<Text dimColor wrap="truncate">
				{fit(hints, width)}
			</Text>
		</Box>
	);
}
