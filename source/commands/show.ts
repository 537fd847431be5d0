import type {Command} from './command.js';
import {requireId} from './command.js';
import {formatCost, shortId, table, taskTime} from './format.js';

export const showCommand: Command = {
	name: 'show',
	summary: 'Show one task: its fields, events, costs, subtasks, result and related past tasks.',
	usage: 'show <id> [--json]',
	flags: {},
	async run({input, global, io, open, print, printJson}) {
		const azos = open();
		const detail = azos.detail(requireId(input));
		// Lexical only: a quick look must not load an embedding model or start a vector store.
		const {SearchService} = await import('../services/search-service.js');
		const search = new SearchService({dataDir: azos.dataDir, db: azos.store.db, env: io.env, clock: azos.clock});
		const related = await search.relatedTasks(detail.task, 5, 'lexical').finally(() => search.close());
		if (global.json) {
			printJson({...detail, related});
			return;
		}

		const {task} = detail;
		const fields: Array<[string, string]> = [
			['id', `${task.id} (${shortId(task.id)})`],
			['command', task.command],
			['status', task.status + (task.statusReason ? ` (${task.statusReason})` : '')],
			['priority', task.priority],
			['model', task.model ?? '-'],
			['cost', `${formatCost(task.cost)} (${task.actualTokens} tokens)`],
			['time', taskTime(task, azos.clock())],
			['attempts', `${task.attempts} of ${task.maxRetries + 1}`],
			['created', task.createdAt],
			['started', task.startedAt ?? '-'],
			['completed', task.completedAt ?? '-'],
			['cwd', task.cwd ?? '-'],
			['parent', task.parentTaskId ?? '-'],
			['after', task.dependsOn.length > 0 ? task.dependsOn.join(', ') : '-'],
			['log lines', String(detail.logLines)],
		];
		const width = Math.max(...fields.map(([name]) => name.length));
		for (const [name, value] of fields) print(`${name.padEnd(width)}  ${value}`);
		const result = detail.snapshots.find(snapshot => snapshot.name === 'result');
		if (result) print(`\nresult: ${JSON.stringify(result.data)}`);
		if (detail.subtasks.length > 0) {
			print('\nsubtasks:');
			print(table(['ID', 'STATUS', 'COMMAND'], detail.subtasks.map(sub => [shortId(sub.id), sub.status, sub.command])));
		}

		if (detail.costs.length > 0) {
			print('\ncosts:');
			print(table(['TIME', 'PROVIDER', 'MODEL', 'TOKENS', 'COST'], detail.costs.map(cost => [cost.timestamp, cost.provider, cost.model, String(cost.tokensUsed), formatCost(cost.cost)])));
		}

		if (related.length > 0) {
			print('\nrelated past tasks:');
			print(table(['ID', 'RESULT', 'WHEN', 'COMMAND'], related.map(item => [shortId(item.taskId), item.exitCode === 0 ? 'ok' : `exit ${item.exitCode}`, item.createdAt.slice(0, 16), item.command])));
		}

		print('\nevents:');
		print(
			table(
				['#', 'TIME', 'EVENT', 'DETAIL'],
				detail.events.map(event => [String(event.version), event.timestamp, event.eventType, describeEvent(event.data)]),
			),
		);
	},
};

function describeEvent(data: Record<string, unknown>): string {
	const parts: string[] = [];
	if (typeof data['from'] === 'string' && typeof data['to'] === 'string') parts.push(`${data['from']} -> ${data['to']}`);
	if (typeof data['actor'] === 'string') parts.push(`by ${data['actor']}`);
	if (typeof data['reason'] === 'string') parts.push(`(${data['reason']})`);
	return parts.join(' ');
}
