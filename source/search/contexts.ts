import type {Task} from '../domain/types.js';
import type {SearchService} from '../services/search-service.js';
import type {Metadata} from './stores/vector-store.js';

/** What the runner's Worker reports when a task finishes. */
export type TaskOutcome = {exitCode: number | null; signal: string | null; durationMs: number; lastLines: readonly string[]};

export type RelatedTask = {taskId: string; command: string; status: string; exitCode: number; score: number; summary: string; createdAt: string};

const collection = 'contexts';
const dayMs = 24 * 60 * 60 * 1000;

function contextId(taskId: string): string {
	return `task:${taskId}`;
}

/** Success is the more useful precedent: related-task ranking weighs by it. */
function relevance(outcome: TaskOutcome): number {
	return outcome.exitCode === 0 ? 1 : 0.5;
}

export function summarise(task: Pick<Task, 'command'>, outcome: TaskOutcome): string {
	const result = outcome.exitCode === 0 ? 'succeeded' : outcome.signal ? `killed by ${outcome.signal}` : `failed with exit code ${outcome.exitCode ?? 'unknown'}`;
	const tail = outcome.lastLines.slice(-20).join('\n').slice(-2000);
	return `$ ${task.command}\n${result} after ${(outcome.durationMs / 1000).toFixed(1)}s${tail ? `\n${tail}` : ''}`;
}

/**
 * Stores a finished task's command and result summary in `contexts` (vectors and lexical index), expiring after
 * ttlDays; expired contexts are purged on the way.
 */
export async function recordTaskContext(search: SearchService, task: Pick<Task, 'id' | 'command'>, outcome: TaskOutcome, options: {ttlDays: number}): Promise<string> {
	const now = search.clock();
	const expires = new Date(now.getTime() + options.ttlDays * dayMs);
	const document = summarise(task, outcome);
	const metadata: Metadata = {
		task_id: task.id,
		context_type: 'task_result',
		relevance_score: relevance(outcome),
		command: task.command,
		status: outcome.exitCode === 0 ? 'succeeded' : 'failed',
		exit_code: outcome.exitCode ?? -1,
		duration_ms: Math.round(outcome.durationMs),
		created_at: now.toISOString(),
		created_at_epoch: now.getTime(),
		expires_at: expires.toISOString(),
		expires_at_epoch: expires.getTime(),
	};
	const vectors = await search.vectors();
	const embedder = await search.embedderFor(collection);
	await vectors.ensureCollection(collection, embedder);
	const [embedding] = await embedder.embed([document]);
	const id = contextId(task.id);
	await vectors.upsert(collection, [{id, embedding: embedding!, document, metadata}]);
	search.lexical.upsert(collection, [{id, source: null, document, metadata}]);
	await purgeExpiredContexts(search);
	return id;
}

/** Removes contexts whose expires_at has passed; returns how many. */
export async function purgeExpiredContexts(search: SearchService): Promise<number> {
	const ids = search.lexical.idsWhere(collection, "json_extract(metadata, '$.expires_at_epoch') <= ?", [search.clock().getTime()]);
	if (ids.length === 0) return 0;
	await (await search.vectors()).delete(collection, ids);
	search.lexical.delete(collection, ids);
	return ids.length;
}

/**
 * Past tasks like this one (by command), best first, without the task itself or expired ones. `hybrid` (default)
 * embeds the command; `lexical` needs neither the embedder nor the vector store, for quick looks (`az-os show`).
 */
export async function relatedTasks(
	search: SearchService,
	task: Pick<Task, 'id' | 'command'>,
	limit = 5,
	mode: 'hybrid' | 'lexical' = 'hybrid',
): Promise<RelatedTask[]> {
	if (mode === 'hybrid' && !(await (await search.vectors()).describe(collection))) return [];
	const now = search.clock().getTime();
	const hits = await search.search(task.command, {collection, limit: limit + 10, mode});
	return hits
		.filter(hit => hit.metadata['task_id'] !== task.id && Number(hit.metadata['expires_at_epoch']) > now)
		.map(hit => ({
			taskId: String(hit.metadata['task_id']),
			command: String(hit.metadata['command']),
			status: String(hit.metadata['status']),
			exitCode: Number(hit.metadata['exit_code']),
			score: hit.score * Number(hit.metadata['relevance_score'] ?? 1),
			summary: hit.passage,
			createdAt: String(hit.metadata['created_at']),
		}))
		.sort((a, b) => b.score - a.score)
		.slice(0, limit);
}
