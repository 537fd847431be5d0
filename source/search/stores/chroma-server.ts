import {spawn} from 'node:child_process';
import type {ChildProcess} from 'node:child_process';
import {closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync} from 'node:fs';
import {createRequire} from 'node:module';
import {createServer} from 'node:net';
import path from 'node:path';
import {AzOsError} from '../../domain/errors.js';

export type ChromaServer = {url: string; port: number; pid: number; stop(): Promise<void>};

export type StartChromaOptions = {
	/** data/chroma holds the server's data; data/chroma.log its output. */
	dataDir: string;
	/**
	 * Runs node under another dynamic loader (the tests' newer glibc): `[ldso, '--library-path', dirs]`.
	 * The launcher never forks, since under such a loader process.execPath is the loader.
	 */
	loaderPrefix?: string[];
	startTimeoutMs?: number;
};

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

/** The native binding that holds the Chroma server, resolved next to the chromadb package. */
export function chromaBindingPath(): string {
	const fromChroma = createRequire(createRequire(import.meta.url).resolve('chromadb'));
	const name = `chromadb-js-bindings-${process.platform}-${process.arch}${process.platform === 'linux' ? '-gnu' : process.platform === 'win32' ? '-msvc' : ''}`;
	try {
		return fromChroma.resolve(name);
	} catch (error) {
		throw new AzOsError('UNAVAILABLE', `the bundled Chroma server has no build for ${process.platform}-${process.arch} (${name} is not installed)`, {cause: error});
	}
}

function launcherSource(bindingPath: string, args: string[]): string {
	// The stock server ignores SIGTERM; exiting from JS stops it cleanly.
	return [
		"process.on('SIGTERM', () => process.exit(0));",
		"process.on('SIGINT', () => process.exit(0));",
		`const binding = require(${JSON.stringify(bindingPath)});`,
		`binding.cli(${JSON.stringify(['chroma', ...args])});`,
	].join('\n');
}

async function heartbeat(url: string): Promise<boolean> {
	try {
		const response = await fetch(`${url}/api/v2/heartbeat`, {signal: AbortSignal.timeout(1000)});
		return response.ok;
	} catch {
		return false;
	}
}

/** The line of the log that says why the server did not start (the loader's error, if any), else its last line. */
function reasonFromLog(file: string, startOffset: number): string {
	try {
		const lines = readFileSync(file, 'utf8').slice(startOffset).trim().split('\n').filter(line => line.trim() !== '');
		const glibc = lines.find(line => /GLIBC_[\d.]+' not found/.test(line));
		if (glibc) {
			const needed = /GLIBC_([\d.]+)/.exec(glibc)![1];
			const header = (process.report?.getReport() as {header?: {glibcVersionRuntime?: string}} | undefined)?.header;
			return `its binary needs glibc ${needed}, this system has ${header?.glibcVersionRuntime ?? 'an older one'}`;
		}

		return (lines.find(line => /^\w*Error:|error/i.test(line)) ?? lines.at(-1) ?? '').trim();
	} catch {
		return '';
	}
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.on('exit', () => {
		for (const child of running) child.kill('SIGTERM');
	});
}

/** Starts the Chroma server shipped in the chromadb package on 127.0.0.1 and a free port; waits for its heartbeat. */
export async function startBundledChroma(options: StartChromaOptions): Promise<ChromaServer> {
	const bindingPath = chromaBindingPath();
	const chromaDir = path.join(options.dataDir, 'chroma');
	mkdirSync(chromaDir, {recursive: true});
	const logFile = path.join(options.dataDir, 'chroma.log');
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const log = openSync(logFile, 'a');
	const logStart = existsSync(logFile) ? statSync(logFile).size : 0;
	const prefix = options.loaderPrefix ?? [];
	const command = prefix.length > 0 ? prefix[0]! : process.execPath;
	const args = [...prefix.slice(1), ...(prefix.length > 0 ? [process.execPath] : []), '-e', launcherSource(bindingPath, ['run', '--path', chromaDir, '--host', '127.0.0.1', '--port', String(port)])];
	const child = spawn(command, args, {env: {...process.env, RUST_LOG: 'warn'}, stdio: ['ignore', log, log]});
	closeSync(log);
	running.add(child);
	installExitHook();
	let exited: string | undefined;
	child.once('exit', (code, signal) => {
		running.delete(child);
		exited = signal ?? String(code);
	});
	const deadline = Date.now() + (options.startTimeoutMs ?? 20_000);
	while (Date.now() < deadline) {
		if (exited !== undefined) break;
		if (await heartbeat(url)) {
			return {
				url,
				port,
				pid: child.pid!,
				stop: () => stopChild(child),
			};
		}

		await new Promise(resolve => setTimeout(resolve, 100));
	}

	await stopChild(child);
	const reason = reasonFromLog(logFile, logStart) || (exited === undefined ? 'no heartbeat' : `exited with ${exited}`);
	throw new AzOsError('UNAVAILABLE', `the bundled Chroma server did not start: ${reason}`);
}

function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise(resolve => {
		const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
		child.once('exit', () => {
			clearTimeout(timer);
			running.delete(child);
			resolve();
		});
		child.kill('SIGTERM');
	});
}
