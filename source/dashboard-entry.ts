import type {GlobalOptions, Io} from './commands/command.js';

export type DashboardOptions = {global: GlobalOptions; flags: Record<string, unknown>; io: Io};

/**
 * `az-os` with no command. The dashboard (an Ink app) is loaded lazily from here so that other commands
 * never pay for importing Ink. Until the dashboard lands this prints the help.
 */
export async function runDashboard({io}: DashboardOptions): Promise<number> {
	const {mainHelp} = await import('./commands/run.js');
	io.stdout.write(`${mainHelp()}\n`);
	return 0;
}
