/**
 * Starts a real Chroma server for the contract tests: the bundled one as the app would, and where that cannot
 * load (glibc < 2.38, e.g. Debian 12) the same server under Debian 13's loader fetched by chroma-glibc.sh.
 * If neither works, `skipReason` says exactly why, and the chroma tests are skipped with it.
 */
import {execFileSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import type {ChromaServer} from '../../../source/search/stores/chroma-server.js';
import {startBundledChroma} from '../../../source/search/stores/chroma-server.js';

const script = fileURLToPath(new URL('../chroma-glibc.sh', import.meta.url));

export type TestChroma = {server?: ChromaServer; how?: string; skipReason?: string};

export async function startTestChroma(dataDir: string): Promise<TestChroma> {
	if (process.env['AZ_OS_CHROMA_URL']) return {skipReason: undefined, how: `existing server ${process.env['AZ_OS_CHROMA_URL']}`};
	let firstError: string;
	try {
		return {server: await startBundledChroma({dataDir}), how: 'bundled server'};
	} catch (error) {
		firstError = (error as Error).message;
		if (!/glibc/i.test(firstError)) return {skipReason: firstError};
	}

	let libdir: string;
	try {
		libdir = execFileSync('bash', [script], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000}).trim();
	} catch (error) {
		const stderr = String((error as {stderr?: string}).stderr ?? '').trim();
		return {skipReason: `${firstError}; the glibc 2.38 recipe failed too: ${stderr || (error as Error).message}`};
	}

	try {
		const loaderPrefix = [`${libdir}/ld-linux-x86-64.so.2`, '--library-path', `${libdir}:/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu`];
		return {server: await startBundledChroma({dataDir, loaderPrefix}), how: `bundled server under ${libdir}/ld-linux-x86-64.so.2`};
	} catch (error) {
		return {skipReason: `${firstError}; under the newer loader: ${(error as Error).message}`};
	}
}
