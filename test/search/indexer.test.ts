import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {onCleanup, tempDir} from '../helpers/temp.js';
import {runCli} from '../../source/commands/run.js';
import {AzOs} from '../../source/services/az-os.js';
import {SearchService} from '../../source/services/search-service.js';

const env = {AZ_OS_OFFLINE: '1', AZ_OS_EMBEDDER: 'use-lite'};

describe('indexer', () => {
	it('skips files over the size limit and empty files, counting each with its reason, and reports progress', async () => {
		const dataDir = tempDir();
		const docs = tempDir('az-os-docs-');
		writeFileSync(path.join(docs, 'big.txt'), 'word '.repeat(100));
		writeFileSync(path.join(docs, 'empty.md'), '\n\n');
		writeFileSync(path.join(docs, 'small.md'), '# Small\n\nA short note.\n');
		const azos = AzOs.open({dataDir});
		const search = new SearchService({dataDir, db: azos.store.db, env, clock: azos.clock});
		onCleanup(() => azos.close(), () => search.close());
		const progress: Array<{filesDone: number; filesTotal: number}> = [];
		const result = await search.index([docs], {maxFileBytes: 200, onProgress: item => progress.push({filesDone: item.filesDone, filesTotal: item.filesTotal})});
		expect(result).toMatchObject({files: 3, indexed: 1, chunks: 1});
		expect(result.skipped).toEqual([
			{path: path.join(docs, 'big.txt'), reason: 'too large', detail: '500 bytes > 200'},
			{path: path.join(docs, 'empty.md'), reason: 'empty'},
		]);
		expect(progress.at(-1)).toEqual({filesDone: 3, filesTotal: 3});
		// An empty file is remembered, so it is not read again until it changes.
		expect((await search.index([docs], {maxFileBytes: 200})).unchanged).toBe(2);
	});

	it('draws a progress bar with an ETA on a terminal', async () => {
		const dataDir = tempDir();
		const docs = tempDir('az-os-docs-');
		for (let index = 0; index < 3; index++) writeFileSync(path.join(docs, `note-${index}.md`), `# Note ${index}\n\nText number ${index}.\n`);
		const stdout = new PassThrough();
		const stderr = Object.assign(new PassThrough(), {isTTY: true, columns: 100});
		let err = '';
		stderr.on('data', chunk => (err += String(chunk)));
		stdout.resume();
		const code = await runCli(['--data-dir', dataDir, 'index', docs], {stdout, stderr, env, cwd: dataDir, signal: new AbortController().signal});
		expect(code).toBe(0);
		expect(err).toMatch(/\[#{24}\] 3\/3 files 3 chunks ETA/);
		expect(err).toMatch(/\[\.{24}\] 0\/3 files 0 chunks ETA --/);
	});
});
