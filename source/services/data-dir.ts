import path from 'node:path';

/** `--data-dir`, else `$AZ_OS_DATA_DIR`, else `./data`, resolved against `cwd`. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string {
	const chosen = flag?.trim() || env['AZ_OS_DATA_DIR']?.trim() || 'data';
	return path.resolve(cwd, chosen);
}
