import {spawn} from 'node:child_process';
import {PassThrough} from 'node:stream';
import {fileURLToPath} from 'node:url';
import {runCli} from '../../source/commands/run.js';

export const builtCli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export type CliResult = {code: number; stdout: string; stderr: string};

/** Runs the CLI in this process (fast); `dataDir` is passed as --data-dir. */
export async function cli(dataDir: string, args: string[], options: {cwd?: string; env?: NodeJS.ProcessEnv; signal?: AbortSignal} = {}): Promise<CliResult> {
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	let out = '';
	let err = '';
	stdout.on('data', chunk => (out += String(chunk)));
	stderr.on('data', chunk => (err += String(chunk)));
	const code = await runCli(['--data-dir', dataDir, ...args], {
		stdout,
		stderr,
		env: options.env ?? {PATH: process.env['PATH']},
		cwd: options.cwd ?? dataDir,
		signal: options.signal ?? new AbortController().signal,
	});
	return {code, stdout: out, stderr: err};
}

/** Runs the built CLI (dist/cli.js, made by `npm run build`) as a real process. */
export function spawnCli(args: string[], options: {env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number} = {}): Promise<CliResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [builtCli, ...args], {env: {...process.env, ...options.env}, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', chunk => (stdout += String(chunk)));
		child.stderr.on('data', chunk => (stderr += String(chunk)));
		const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
		child.on('error', reject);
		child.on('close', code => {
			clearTimeout(timer);
			resolve({code: code ?? 1, stdout, stderr});
		});
	});
}
