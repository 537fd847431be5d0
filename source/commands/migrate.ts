import {AzOsError} from '../domain/errors.js';
import {AzOs} from '../services/az-os.js';
import type {Command} from './command.js';
import {table} from './format.js';

export const migrateCommand: Command = {
	name: 'migrate',
	summary: "Show or change the database's schema version.",
	usage: 'migrate status | up [--to N] | down [--to N]',
	details: `Sub-commands:
  status          each migration and whether it is applied
  up [--to N]     apply pending migrations (up to number N)
  down [--to N]   revert the latest migration, or every one above N (--to 0 removes all AZ-OS tables)
Every other command migrates the database to the latest version on its own.`,
	flags: {
		to: {type: 'number', description: 'target migration number', value: 'N'},
	},
	run({input, flags, global, print, printJson}) {
		const action = input[0] ?? 'status';
		const to = flags['to'] as number | undefined;
		if (to !== undefined && (!Number.isInteger(to) || to < 0)) throw new AzOsError('USAGE', `--to must be a migration number >= 0, got ${to}`);
		return AzOs.withMigrator(global.dataDir, migrator => {
			switch (action) {
				case 'status': {
					const status = migrator.status();
					if (global.json) printJson(status);
					else print(table(['#', 'NAME', 'APPLIED'], status.map(entry => [String(entry.version), entry.name, entry.appliedAt ?? 'pending'])));
					return;
				}

				case 'up':
				case 'down': {
					const names = action === 'up' ? migrator.up(to) : migrator.down(to);
					if (global.json) printJson({[action === 'up' ? 'applied' : 'reverted']: names});
					else if (names.length === 0) print(action === 'up' ? 'already up to date' : 'nothing to revert');
					else for (const name of names) print(`${action === 'up' ? 'applied' : 'reverted'} ${name}`);
					return;
				}

				default:
					throw new AzOsError('USAGE', `unknown migrate action "${action}": use status, up or down`);
			}
		});
	},
};
