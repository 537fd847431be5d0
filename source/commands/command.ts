import {AzOsError} from '../domain/errors.js';
import type {AzOs} from '../services/az-os.js';

export type FlagSpec = {
	type: 'string' | 'boolean' | 'number';
	shortFlag?: string;
	isMultiple?: boolean;
	default?: string | boolean | number;
	description: string;
	/** Placeholder shown in help, e.g. "N" in "--limit N". */
	value?: string;
};

export type Io = {
	stdout: NodeJS.WritableStream & {isTTY?: boolean; columns?: number};
	stderr: NodeJS.WritableStream;
	env: NodeJS.ProcessEnv;
	cwd: string;
	/** Aborted on SIGINT/SIGTERM: long-running commands (follow, worker) stop cleanly. */
	signal: AbortSignal;
};

export type GlobalOptions = {dataDir: string; json: boolean; debug: boolean};

export type CommandContext = {
	input: string[];
	flags: Record<string, unknown>;
	global: GlobalOptions;
	io: Io;
	/** Opens the data dir (migrated to latest); closed by the CLI after `run`. */
	open(): AzOs;
	print(line?: string): void;
	printJson(value: unknown): void;
};

export type Command = {
	name: string;
	/** One line for the command list. */
	summary: string;
	/** Synopsis after "az-os ", e.g. "add <command...>". */
	usage: string;
	flags: Record<string, FlagSpec>;
	/** Extra help: sub-commands, examples. */
	details?: string;
	/** Return the exit code (default 0). */
	run(context: CommandContext): Promise<number | void> | number | void;
};

export const globalFlags: Record<string, FlagSpec> = {
	dataDir: {type: 'string', description: 'data directory (default $AZ_OS_DATA_DIR or ./data)', value: 'DIR'},
	json: {type: 'boolean', description: 'machine-readable JSON output'},
	debug: {type: 'boolean', description: 'show stack traces on errors'},
	help: {type: 'boolean', shortFlag: 'h', description: 'show help'},
};

function kebab(name: string): string {
	return name.replace(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);
}

export function formatFlags(flags: Record<string, FlagSpec>): string {
	const rows = Object.entries(flags).map(([name, spec]) => {
		const short = spec.shortFlag ? `-${spec.shortFlag}, ` : '    ';
		const value = spec.type === 'boolean' ? '' : ` ${spec.value ?? (spec.type === 'number' ? 'N' : 'VALUE')}`;
		return [`${short}--${kebab(name)}${value}`, spec.description + (spec.default !== undefined && spec.type !== 'boolean' ? ` (default ${spec.default})` : '')];
	});
	const width = Math.max(0, ...rows.map(([left]) => left!.length));
	return rows.map(([left, right]) => `  ${left!.padEnd(width)}  ${right}`).join('\n');
}

export function commandHelp(command: Command): string {
	const parts = [`Usage: az-os ${command.usage}`, '', command.summary];
	if (command.details) parts.push('', command.details.trim());
	if (Object.keys(command.flags).length > 0) parts.push('', 'Options:', formatFlags(command.flags));
	parts.push('', 'Global options:', formatFlags(globalFlags));
	return parts.join('\n');
}

/** The first argument as a task id, or a usage error. */
export function requireId(input: readonly string[]): string {
	const id = input[0]?.trim();
	if (!id) throw new AzOsError('USAGE', 'give a task id (the full id or its last 8 characters)');
	return id;
}

/** Runs a parser of flag values: its errors are usage errors (exit 2). */
export function usage<T>(parse: () => T): T {
	try {
		return parse();
	} catch (error) {
		if (error instanceof AzOsError && error.code !== 'USAGE') throw new AzOsError('USAGE', error.message, {cause: error});
		throw error;
	}
}
