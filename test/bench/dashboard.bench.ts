/**
 * The dashboard under load: 100,000 tasks and one task writing 10,000 log lines a second (from another
 * process, as a worker would). Uses the built code (it runs `tsc -p tsconfig.build.json` first).
 * 1. The real CLI in a real terminal (tmux): time from spawn to the first frame, and the dashboard
 *    process's RSS after DASHBOARD_BENCH_SECONDS (default 60, as in the issue).
 * 2. The same App in this process on a fake terminal, for precise j/k keypress-to-frame latency (p50/p95).
 */
import {execFileSync, spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {EventEmitter} from 'node:events';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Writable} from 'node:stream';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {monotonicFactory} from 'ulid';
import {Store} from '../../source/store/store.js';
import {eventually, TmuxSession, tmuxPath} from '../e2e/tmux.js';
import {fmt, percentile} from './stats.js';

const taskCount = 100_000;
const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = (file: string) => pathToFileURL(path.join(root, 'dist', file)).href;
const linesPerSecond = 10_000;

/** A terminal's output side: Ink writes whole frames here; we note when each arrives. */
class FakeTerminal extends Writable {
	readonly isTTY = true;
	columns = 160;
	rows = 48;
	frames = 0;
	lastFrame = '';
	private waiters: Array<{test: (frame: string) => boolean; resolve: (at: number) => void}> = [];

	override _write(chunk: Buffer, _encoding: string, done: () => void): void {
		const text = String(chunk);
		this.frames++;
		if (text.includes('[1] Tasks')) this.lastFrame = text;
		const at = performance.now();
		this.waiters = this.waiters.filter(waiter => {
			if (!waiter.test(text)) return true;
			waiter.resolve(at);
			return false;
		});
		done();
	}

	/** Resolves with the time the first frame passing `test` was written. */
	next(test: (frame: string) => boolean): Promise<number> {
		return new Promise(resolve => this.waiters.push({test, resolve}));
	}
}

/** A terminal's input side, the way Ink reads it (readable + read()). */
class FakeKeyboard extends EventEmitter {
	readonly isTTY = true;
	private pending: string | null = null;
	setRawMode(): void {}
	setEncoding(): void {}
	resume(): void {}
	pause(): void {}
	ref(): void {}
	unref(): void {}
	read = (): string | null => {
		const data = this.pending;
		this.pending = null;
		return data;
	};

	press(key: string): void {
		this.pending = key;
		this.emit('readable');
		this.emit('data', key);
	}
}

function seed(dataDir: string): string {
	const store = Store.open(dataDir);
	const newId = monotonicFactory();
	const insert = store.db.prepare(`INSERT INTO tasks (id, command, status, priority, priority_rank, model, cost, created_at, updated_at, parent_task_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
	const statuses = ['completed', 'completed', 'completed', 'failed', 'cancelled', 'pending', 'pending', 'retrying'];
	const priorities = ['critical', 'high', 'normal', 'low'] as const;
	const now = new Date().toISOString();
	let parent: string | null = null;
	store.db.transaction(() => {
		for (let index = 0; index < taskCount - 1; index++) {
			const id = newId();
			const isChild = index % 10 === 9 && parent !== null;
			insert.run(id, `job ${index} --with some arguments`, statuses[index % statuses.length], priorities[index % 4], 4 - (index % 4), index % 3 === 0 ? 'gpt-4o' : null, 0.01, now, now, isChild ? parent : null);
			if (!isChild) parent = id;
		}
	})();
	const chatty = store.tasks.create({command: 'chatty --lines 10000/s', priority: 'critical'});
	store.tasks.transition(chatty.id, 'start_execution');
	store.close();
	return chatty.id;
}

export default async function dashboardBench(log: (line: string) => void): Promise<void> {
	const seconds = Number(process.env['DASHBOARD_BENCH_SECONDS'] ?? 60);
	const dataDir = mkdtempSync(path.join(tmpdir(), 'az-os-bench-dashboard-'));
	let writer: ReturnType<typeof spawn> | undefined;
	try {
		let started = performance.now();
		const chattyId = seed(dataDir);
		log(`seeded ${fmt(taskCount)} tasks in ${fmt((performance.now() - started) / 1000)} s`);

		log('building dist/ ...');
		execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')]);

		// The writer: another process appending 500 lines every 50 ms, as a runner batches output.
		writer = spawn(
			process.execPath,
			[
				'--input-type=module',
				'-e',
				`import {Store} from ${JSON.stringify(dist('store/store.js'))};
const store = Store.open(${JSON.stringify(dataDir)});
let n = 0;
setInterval(() => {
	const lines = Array.from({length: ${linesPerSecond / 20}}, () => ({level: n % 97 === 0 ? 'error' : 'info', message: 'output line ' + n++ + ' ' + 'x'.repeat(60)}));
	store.logs.append(${JSON.stringify(chattyId)}, lines);
}, 50);`,
			],
			{stdio: 'inherit'},
		);

		if (tmuxPath && process.env['DASHBOARD_BENCH_SKIP_TERMINAL'] !== '1') {
			const session = new TmuxSession(tmuxPath);
			try {
				started = performance.now();
				session.start(`exec "${process.execPath}" "${path.join(root, 'dist/cli.js')}" --data-dir "${dataDir}" --no-worker`, 160, 48, {
					TERM: 'xterm-256color',
					NODE_OPTIONS: process.env['DASHBOARD_BENCH_NODE_OPTIONS'] ?? '',
				});
				await eventually(() => {
					if (!session.capture().includes('chatty')) throw new Error('no frame yet');
				}, 30_000, 'the first frame');
				log(`real terminal (tmux 160x48): spawn to first frame ${fmt(performance.now() - started)} ms (node start, imports, open, first queries, render)`);
				const pid = Number(session.display('#{pane_pid}'));
				const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
				const samples: number[] = [];
				const until = performance.now() + seconds * 1000;
				while (performance.now() < until) {
					samples.push(rss());
					// Some keys now and then, as a person would press them.
					session.send(samples.length % 2 === 0 ? 'j' : 'k');
					await new Promise(resolve => setTimeout(resolve, 1000));
				}

				log(`real terminal: dashboard RSS after ${seconds} s ${fmt(rss(), 1)} MB (max sampled ${fmt(Math.max(...samples), 1)} MB; target < 150 MB)`);
				session.send('q');
			} finally {
				session.kill();
			}
		} else {
			log('tmux not found: the real-terminal figures are skipped');
		}

		if (process.env['DASHBOARD_BENCH_SKIP_IN_PROCESS'] === '1') return;
		const stdout = new FakeTerminal();
		const stdin = new FakeKeyboard();
		started = performance.now();
		const [{AzOs}, {renderDashboard}] = (await Promise.all([import(dist('services/az-os.js')), import(dist('ui/render-dashboard.js'))])) as [
			typeof import('../../source/services/az-os.js'),
			typeof import('../../source/ui/render-dashboard.js'),
		];
		const azos = AzOs.open({dataDir});
		const firstFrame = stdout.next(frame => frame.includes('[1] Tasks'));
		const instance = renderDashboard(
			{azos, worker: null, cwd: dataDir, env: {}},
			{stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, patchConsole: false},
		);
		log(`in process: imports + open + first render ${fmt((await firstFrame) - started)} ms`);

		const latencies: number[] = [];
		const framesBefore = stdout.frames;
		const end = performance.now() + seconds * 1000;
		let position = 1;
		let step = 0;
		while (performance.now() < end) {
			// Mostly j/k around the top (the log tail follows the selection), sometimes a page deep into the queue.
			const key = step % 50 === 49 ? '\u001B[6~' : step % 4 < 2 ? 'j' : 'k';
			const expected = key === 'j' ? position + 1 : key === 'k' ? position - 1 : undefined;
			const pressedAt = performance.now();
			const positionIn = (frame: string) => Number(/▶\[1\] Tasks ([\d,]+)\//.exec(frame)?.[1]?.replaceAll(',', '') ?? Number.NaN);
			const framed = stdout.next(frame => (expected === undefined ? positionIn(frame) > position : positionIn(frame) === expected));
			stdin.press(key);
			const at = await framed;
			if (expected !== undefined) {
				latencies.push(at - pressedAt);
				position = expected;
			} else {
				position = positionIn(stdout.lastFrame);
			}

			step++;
			await new Promise(resolve => setTimeout(resolve, 50));
		}

		const frames = stdout.frames - framesBefore;

		// Write-to-screen latency of a log line: with the flood stopped (a marker must not scroll away at once),
		// another connection writes one line at a time and we time its first frame.
		writer.kill();
		stdin.press('g');
		await new Promise(resolve => setTimeout(resolve, 300));
		const other = Store.open(dataDir);
		const lineLatencies: number[] = [];
		for (let sample = 0; sample < 40; sample++) {
			const marker = `marker-${sample}-${Date.now()}`;
			const shown = stdout.next(frame => frame.includes(marker));
			const writtenAt = performance.now();
			other.logs.append(chattyId, [{level: 'info', message: marker}]);
			lineLatencies.push((await shown) - writtenAt);
			await new Promise(resolve => setTimeout(resolve, 37 + (sample % 5) * 11));
		}

		other.close();
		log(`in process: j/k keypress to frame over ${fmt(latencies.length)} presses: p50 ${fmt(percentile(latencies, 50))} ms, p95 ${fmt(percentile(latencies, 95))} ms, max ${fmt(Math.max(...latencies))} ms (target p95 < 50 ms)`);
		log(`in process: a log line written by another connection is on screen after p50 ${fmt(percentile(lineLatencies, 50))} ms, p95 ${fmt(percentile(lineLatencies, 95))} ms, max ${fmt(Math.max(...lineLatencies))} ms (target 100 ms)`);
		log(`in process: ${fmt(frames / seconds)} writes/s to the terminal while ${fmt(linesPerSecond)} lines/s arrive`);
		const memory = process.memoryUsage();
		log(`in process (bench + app): rss ${fmt(memory.rss / 1048576, 1)} MB, V8 heap used ${fmt(memory.heapUsed / 1048576, 1)} MB of ${fmt(memory.heapTotal / 1048576, 1)} MB, external ${fmt(memory.external / 1048576, 1)} MB`);
		log(`log rows written in total: ${azos.store.logs.count(chattyId).toLocaleString('en-US')}; the dashboard holds at most ${azos.store.config.get('ui.log_buffer_lines')}`);
		instance.unmount();
		azos.close();
	} finally {
		writer?.kill();
		rmSync(dataDir, {recursive: true, force: true});
	}
}
