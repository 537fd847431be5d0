import {AzOsError} from '../domain/errors.js';
import type {Command, CommandContext} from './command.js';
import {table, truncate} from './format.js';
import type {SearchMode, SearchService} from '../services/search-service.js';

/** Opens the search service for one command (lazily: other commands never load search) and closes it after. */
export async function withSearch<T>(context: CommandContext, work: (search: SearchService) => Promise<T>): Promise<T> {
	const {SearchService} = await import('../services/search-service.js');
	const azos = context.open();
	const search = new SearchService({
		dataDir: context.global.dataDir,
		db: azos.store.db,
		env: context.io.env,
		clock: azos.clock,
		onNotice: line => context.io.stderr.write(`az-os: ${line}\n`),
	});
	try {
		return await work(search);
	} finally {
		await search.close();
	}
}

function parseLimit(value: unknown): number {
	if (value === undefined) return 10;
	const limit = Number(value);
	if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new AzOsError('USAGE', `--limit must be a whole number from 1 to 1000, got ${String(value)}`);
	return limit;
}

async function runStatus(context: CommandContext): Promise<void> {
	await withSearch(context, async search => {
		const status = await search.status();
		if (context.global.json) {
			context.printJson(status);
			return;
		}

		context.print(`store:    ${status.store.kind}${status.store.url ? ` (${status.store.url})` : ''}`);
		if (status.store.reason) context.print(`          ${status.store.reason}`);
		context.print(`embedder: ${status.embedder.id}`);
		if (status.embedder.notice) context.print(`          ${status.embedder.notice}`);
		if (status.collections.length === 0) {
			context.print('nothing indexed yet: run "az-os index PATH"');
			return;
		}

		context.print(table(['COLLECTION', 'EMBEDDER', 'DIM', 'VECTORS', 'CHUNKS', 'FILES'], status.collections.map(item => [item.name, item.embedderId, String(item.dimension), String(item.count), String(item.chunks), String(item.files)])));
	});
}

async function runMigrate(context: CommandContext): Promise<void> {
	const to = context.flags['to'];
	if (to !== 'sqlite' && to !== 'chroma') throw new AzOsError('USAGE', 'search migrate needs --to sqlite or --to chroma');
	await withSearch(context, async search => {
		const result = await search.migrate(to);
		if (context.global.json) context.printJson(result);
		else context.print(`migrated ${Object.entries(result.copied).map(([name, count]) => `${count} ${name}`).join(', ') || 'no'} vectors from ${result.from} to ${result.to}`);
	});
}

export const searchCommand: Command = {
	name: 'search',
	summary: 'Search indexed text by meaning and by words.',
	usage: 'search QUERY [--collection C] [--limit N] [--where key=value]... [--mode hybrid|semantic|lexical] | status | migrate --to chroma|sqlite',
	details: `Hybrid (default) fuses FTS5 bm25 ranks with vector ranks (weighted reciprocal rank fusion), so exact
identifiers and paraphrases are both found.
Sub-commands:
  status                       the vector store in use (and why), the embedder, each collection
  migrate --to chroma|sqlite   copy every vector to the other store and use it from now on`,
	flags: {
		collection: {type: 'string', description: 'documents, contexts or tool_descriptions', default: 'documents', value: 'C'},
		limit: {type: 'number', description: 'how many results', default: 10},
		where: {type: 'string', isMultiple: true, description: 'metadata filter, repeatable: key=value (on tags: contains) or key>N, key<=N… (e.g. indexed_at_epoch)', value: 'key=value'},
		mode: {type: 'string', description: 'hybrid, semantic or lexical', default: 'hybrid', value: 'M'},
		to: {type: 'string', description: 'for migrate: chroma or sqlite', value: 'STORE'},
	},
	async run(context) {
		const {input, flags, global} = context;
		if (input[0] === 'status' && input.length === 1) return runStatus(context);
		if (input[0] === 'migrate' && input.length === 1) return runMigrate(context);
		const query = input.join(' ').trim();
		if (query === '') throw new AzOsError('USAGE', 'give a query: az-os search QUERY (or status, migrate --to chroma|sqlite)');
		const {parseWhere} = await import('../search/stores/where.js');
		const where = parseWhere((flags['where'] as string[] | undefined) ?? []);
		const mode = (flags['mode'] as string | undefined) ?? 'hybrid';
		if (!['hybrid', 'semantic', 'lexical'].includes(mode)) throw new AzOsError('USAGE', `--mode must be hybrid, semantic or lexical, got "${mode}"`);
		const limit = parseLimit(flags['limit']);
		const collection = (flags['collection'] as string | undefined) ?? 'documents';
		await withSearch(context, async search => {
			const hits = await search.search(query, {collection, limit, where, mode: mode as SearchMode});
			if (global.json) {
				context.printJson(hits);
				return;
			}

			if (hits.length === 0) {
				context.print(`no results for "${query}" in ${collection}`);
				return;
			}

			hits.forEach((hit, index) => {
				const where = hit.source ? `${hit.source}${typeof hit.metadata['start_line'] === 'number' ? `:${hit.metadata['start_line']}` : ''}` : String(hit.metadata['task_id'] ?? hit.id);
				context.print(`${index + 1}. ${hit.score.toFixed(4)}  ${where}`);
				const title = [hit.title, hit.heading].filter(Boolean).join(' > ');
				if (title) context.print(`   ${title}`);
				context.print(`   ${truncate(hit.passage, 200)}`);
			});
		});
	},
};
