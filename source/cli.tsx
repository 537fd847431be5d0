#!/usr/bin/env node
import process from 'node:process';
import {runCli} from './commands/run.js';

async function main(): Promise<void> {
	const controller = new AbortController();
	let signals = 0;
	const onSignal = () => {
		signals++;
		controller.abort();
		// A second Ctrl-C means "now".
		if (signals > 1) process.exit(130);
	};

	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	// `az-os list | head` closes the pipe early: that is not an error.
	process.stdout.on('error', error => {
		if ((error as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0);
	});
	const code = await runCli(process.argv.slice(2), {
		stdout: process.stdout,
		stderr: process.stderr,
		env: process.env,
		cwd: process.cwd(),
		signal: controller.signal,
	});
	process.exitCode = code;
}

await main();
