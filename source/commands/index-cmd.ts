import type {Command, CommandContext} from './command.js';
import {formatDuration} from './format.js';
import {withSearch} from './search.js';
import type {IndexProgress} from '../search/indexer.js';

function progressLine(progress: IndexProgress, width: number): string {
	const fraction = progress.filesTotal === 0 ? 1 : progress.filesDone / progress.filesTotal;
	const barWidth = 24;
	const filled = Math.round(fraction * barWidth);
	const eta = progress.etaMs === undefined ? '--' : formatDuration(progress.etaMs);
	const left = `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${progress.filesDone}/${progress.filesTotal} files ${progress.chunksDone} chunks ETA ${eta} `;
	const room = Math.max(0, width - left.length - 1);
	const current = progress.current.length > room ? `…${progress.current.slice(-(room - 1))}` : progress.current;
	return left + current;
}

function progressReporter(context: CommandContext): ((progress: IndexProgress) => void) | undefined {
	const stderr = context.io.stderr as NodeJS.WritableStream & {isTTY?: boolean; columns?: number};
	if (stderr.isTTY !== true || context.global.json) return undefined;
	let last = 0;
	return progress => {
		const now = performance.now();
		if (now - last < 100 && progress.filesDone < progress.filesTotal) return;
		last = now;
		stderr.write(`\r\u001B[2K${progressLine(progress, stderr.columns ?? 100)}`);
	};
}

export const indexCommand: Command = {
	name: 'index',
	summary: 'Index files and folders for search.',
	usage: 'index PATH... [--collection C] [--tags a,b] [--type T] [--prune] [--rebuild]',
	details: `Walks folders honouring .gitignore; chunks markdown by headings, code by top-level blocks, text by
paragraphs (~256 tokens with overlap). Unchanged files (same content hash) are skipped; binary, huge and
unreadable files are skipped and counted.`,
	flags: {
		collection: {type: 'string', description: 'documents or tool_descriptions', default: 'documents', value: 'C'},
		tags: {type: 'string', description: 'comma-separated tags stored with every chunk', value: 'a,b'},
		type: {type: 'string', description: 'document type stored with every chunk (default: markdown, code or text)', value: 'T'},
		prune: {type: 'boolean', description: 'forget indexed files under PATH that are gone'},
		rebuild: {type: 'boolean', description: 'drop the collection and index again (after an embedder change)'},
	},
	async run(context) {
		const {input, flags, global} = context;
		const {AzOsError} = await import('../domain/errors.js');
		if (input.length === 0) throw new AzOsError('USAGE', 'give at least one file or folder: az-os index PATH...');
		const tags = ((flags['tags'] as string | undefined) ?? '')
			.split(',')
			.map(tag => tag.trim())
			.filter(Boolean);
		const path = await import('node:path');
		const paths = input.map(item => path.resolve(context.io.cwd, item));
		const onProgress = progressReporter(context);
		const result = await withSearch(context, search =>
			search.index(paths, {collection: (flags['collection'] as string | undefined) ?? 'documents', tags, type: flags['type'] as string | undefined, prune: flags['prune'] === true, rebuild: flags['rebuild'] === true, onProgress}),
		);
		if (onProgress) context.io.stderr.write('\r\u001B[2K');
		// Nothing found at all under the given paths is a failure; a few skipped files are not.
		const exitCode = result.files === 0 && result.skipped.some(item => item.reason === 'not found') ? 1 : 0;
		if (global.json) {
			context.printJson(result);
			return exitCode;
		}

		const seconds = result.durationMs / 1000;
		context.print(
			`indexed ${result.indexed} file(s), ${result.chunks} chunk(s); ${result.unchanged} unchanged, ${result.skipped.length} skipped, ${result.pruned} pruned in ${seconds.toFixed(1)}s` +
				(seconds > 0 && result.indexed > 0 ? ` (${(result.indexed / seconds).toFixed(1)} files/s, ${(result.chunks / seconds).toFixed(1)} chunks/s)` : ''),
		);
		for (const skipped of result.skipped) context.print(`  skipped (${skipped.reason}${skipped.detail ? `: ${skipped.detail}` : ''}): ${skipped.path}`);
		return exitCode;
	},
};
