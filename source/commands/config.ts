import {AzOsError} from '../domain/errors.js';
import {findConfigKey} from '../domain/config-keys.js';
import type {Command} from './command.js';
import {table} from './format.js';

export const configCommand: Command = {
	name: 'config',
	summary: 'Read and change settings.',
	usage: 'config list | get <key> | set <key> <value>',
	details: `Sub-commands:
  list               every setting with its value, default and meaning
  get <key>          one value
  set <key> <value>  change a value (checked against the setting's type)`,
	flags: {},
	run({input, global, open, print, printJson}) {
		const [action = 'list', key, ...rest] = input;
		const {config} = open().store;
		switch (action) {
			case 'list': {
				const entries = config.list();
				if (global.json) printJson(entries);
				else print(table(['KEY', 'VALUE', 'DEFAULT', 'DESCRIPTION'], entries.map(entry => [entry.key, entry.value, entry.default, entry.description])));
				return;
			}

			case 'get': {
				if (!key) throw new AzOsError('USAGE', 'config get needs a key: az-os config get <key>');
				const value = config.get(key);
				if (global.json) printJson({key, value, default: findConfigKey(key).default});
				else print(value);
				return;
			}

			case 'set': {
				if (!key || rest.length === 0) throw new AzOsError('USAGE', 'config set needs a key and a value: az-os config set <key> <value>');
				const value = config.set(key, rest.join(' '));
				if (global.json) printJson({key, value});
				else print(`${key} = ${value}`);
				return;
			}

			default:
				throw new AzOsError('USAGE', `unknown config action "${action}": use list, get or set`);
		}
	},
};
