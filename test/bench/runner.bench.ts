/**
 * Runner benchmarks (issue 3): log throughput, cancel latency, tail latency, task throughput against raw spawn.
 * Uses the built CLI (dist/) for the processes that stand for "another terminal"; builds it first.
 */
import {execSync, spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {isGroupAlive} from '../../source/runner/process-group.js';
import {Worker} from '../../source/runner/worker.js';
import {Store} from '../../source/store/store.js';
import {fmt, median, percentile} from './stats.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cliPath = path.join(root, 'dist/cli.js');
const env = {PATH: process.env['PATH'] ?? '/usr/bin:/bin'};

function dataDir(): string {
	return mkdtempSync(path.join(tmpdir(), 'az-os-bench-'));
}

async function until<T>(check: () => T | undefined | false, timeoutMs = 60_000, pollMs = 1): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error('bench: timed out');
		await sleep(pollMs);
	}
}

function run(args: string[]): Promise<number> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [cliPath, ...args], {stdio: 'ignore'});
		child.once('error', reject);
		child.once('exit', code => resolve(code ?? 1));
	});
}

function startWorkerProcess(directory: string, concurrency: number) {
	const child = spawn(process.execPath, [cliPath, '--data-dir', directory, 'worker', '--concurrency', String(concurrency), '--grace', '1', '--no-contexts'], {stdio: 'ignore'});
	return {
		async stop() {
			const exited = new Promise(resolve => child.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
		},
	};
}

async function logThroughput(log: (line: string) => void): Promise<void> {
	const directory = dataDir();
	const store = Store.open(directory);
	const count = 1_000_000;
	const task = store.tasks.create({command: `seq 1 ${count}`, cwd: directory, env});
	const worker = new Worker({store, concurrency: 1, pollMs: 10});
	const started = performance.now();
	worker.start();
	await until(() => store.tasks.get(task.id)!.status === 'completed', 600_000, 20);
	const seconds = (performance.now() - started) / 1000;
	await worker.stop();
	// Proof: the info lines, read back in id order, are exactly 1..count.
	let expected = 1;
	let afterId = 0;
	for (;;) {
		const page = store.logs.page(task.id, afterId, 50_000, 'info');
		if (page.length === 0) break;
		for (const line of page) {
			if (line.message.startsWith('completed in')) continue;
			if (line.message !== String(expected)) throw new Error(`line ${expected} out of order or lost: got "${line.message}"`);
			expected++;
		}

		afterId = page.at(-1)!.id;
	}

	if (expected - 1 !== count) throw new Error(`expected ${count} lines, found ${expected - 1}`);
	log(`log throughput: seq 1 ${fmt(count)} -> ${fmt(count / seconds, 0)} lines/s into task_logs (${fmt(seconds)} s); all ${fmt(count)} lines present, in order`);
	store.close();
	rmSync(directory, {recursive: true, force: true});
}

async function cancelLatency(log: (line: string) => void): Promise<void> {
	const directory = dataDir();
	const store = Store.open(directory);
	const worker = startWorkerProcess(directory, 2);
	const latencies: number[] = [];
	for (let run_ = 0; run_ < 50; run_++) {
		const task = store.tasks.create({command: "sh -c 'sleep 1000 & sleep 1000'", cwd: directory, env});
		const pid = await until(() => (store.db.prepare("SELECT pid FROM tasks WHERE id = ? AND status = 'running'").get(task.id) as {pid: number | null} | undefined)?.pid);
		// Let the grandchildren start, as a real task would have.
		await sleep(30);
		const code = await run(['--data-dir', directory, 'cancel', task.id]);
		if (code !== 0) throw new Error('cancel failed');
		const returned = performance.now();
		await until(() => !isGroupAlive(pid!), 10_000, 1);
		latencies.push(performance.now() - returned);
	}

	await worker.stop();
	log(`cancel latency (az-os cancel returned -> process group gone), 50 runs: p50 ${fmt(median(latencies), 1)} ms, p95 ${fmt(percentile(latencies, 95), 1)} ms, max ${fmt(Math.max(...latencies), 1)} ms (target p95 < 200 ms)`);
	store.close();
	rmSync(directory, {recursive: true, force: true});
}

async function tailLatency(log: (line: string) => void): Promise<void> {
	const directory = dataDir();
	const store = Store.open(directory);
	const worker = startWorkerProcess(directory, 1);
	// Each line carries the time (epoch ns) it was written; `date` takes it just before writing.
	const task = store.tasks.create({command: 'for i in $(seq 1 100); do date +%s%N; sleep 0.05; done', cwd: directory, env});
	await until(() => store.tasks.get(task.id)!.status === 'running', 30_000, 5);
	const follower = spawn(process.execPath, [cliPath, '--data-dir', directory, 'logs', '--follow', task.id], {stdio: ['ignore', 'pipe', 'ignore']});
	const latencies: number[] = [];
	let buffered = '';
	follower.stdout.on('data', (chunk: Buffer) => {
		const nowNs = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
		buffered += String(chunk);
		const lines = buffered.split('\n');
		buffered = lines.pop()!;
		for (const line of lines) if (/^\d{19}$/.test(line)) latencies.push(Number(nowNs - BigInt(line)) / 1e6);
	});
	await new Promise(resolve => follower.once('exit', resolve));
	await worker.stop();
	// The first lines were written before the follower started: leave them out.
	const steady = latencies.slice(10);
	log(`tail latency (task writes a line -> logs --follow prints it), ${steady.length} lines: p50 ${fmt(median(steady), 1)} ms, p95 ${fmt(percentile(steady, 95), 1)} ms (target p95 < 100 ms)`);
	store.close();
	rmSync(directory, {recursive: true, force: true});
}

async function rawSpawn(count: number, concurrency: number): Promise<number> {
	const started = performance.now();
	let running = 0;
	let launched = 0;
	let finished = 0;
	await new Promise<void>(resolve => {
		const next = () => {
			while (running < concurrency && launched < count) {
				launched++;
				running++;
				const child = spawn('/bin/sh', ['-c', 'true'], {detached: true, env, stdio: ['ignore', 'pipe', 'pipe']});
				child.once('close', () => {
					running--;
					finished++;
					if (finished === count) resolve();
					else next();
				});
			}
		};

		next();
	});
	return (performance.now() - started) / 1000;
}

async function taskThroughput(log: (line: string) => void): Promise<void> {
	const directory = dataDir();
	const store = Store.open(directory);
	const count = 1000;
	store.db.transaction(() => {
		for (let index = 0; index < count; index++) store.tasks.create({command: 'true', cwd: directory, env});
	})();
	const worker = new Worker({store, concurrency: 2, pollMs: 10});
	const started = performance.now();
	worker.start();
	await until(() => store.tasks.count({status: 'completed'}) === count, 600_000, 10);
	const seconds = (performance.now() - started) / 1000;
	await worker.stop();
	const raw = await rawSpawn(count, 2);
	log(`task throughput: ${count} \`true\` tasks at concurrency 2: ${fmt(count / seconds, 0)} tasks/s (${fmt(seconds)} s); raw spawn of sh -c true: ${fmt(count / raw, 0)}/s (${fmt(raw)} s); runner/raw = ${fmt(raw / seconds)}`);
	store.close();
	rmSync(directory, {recursive: true, force: true});
}

export default async function runnerBench(log: (line: string) => void): Promise<void> {
	execSync('npm run build', {cwd: root, stdio: 'ignore'});
	await logThroughput(log);
	await cancelLatency(log);
	await tailLatency(log);
	await taskThroughput(log);
}
