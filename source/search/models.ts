import {cpSync, existsSync, mkdirSync, renameSync, rmSync, statSync} from 'node:fs';
import path from 'node:path';
import {AzOsError} from '../domain/errors.js';
import {loadMiniLm, miniLmModelId, missingModelFiles, requiredModelFiles} from './embedders/minilm.js';

export const modelHost = 'https://huggingface.co';

export type NetworkCheck = {usable: boolean; reason: string};

/** Whether the model hub answers. AZ_OS_OFFLINE=1 skips the probe (tests, air-gapped machines). */
export async function checkNetwork(env: NodeJS.ProcessEnv, timeoutMs = 3000): Promise<NetworkCheck> {
	if (env['AZ_OS_OFFLINE'] === '1') return {usable: false, reason: 'AZ_OS_OFFLINE=1 is set'};
	try {
		const response = await fetch(`${modelHost}/api/models/${miniLmModelId}`, {method: 'HEAD', signal: AbortSignal.timeout(timeoutMs)});
		return response.ok || response.status < 500 ? {usable: true, reason: `${modelHost} answered ${response.status}`} : {usable: false, reason: `${modelHost} answered ${response.status}`};
	} catch (error) {
		const cause = (error as {cause?: {code?: string}}).cause?.code;
		return {usable: false, reason: `${modelHost} is unreachable (${cause ?? (error as Error).name})`};
	}
}

export function miniLmDir(modelsDir: string): string {
	return path.join(modelsDir, miniLmModelId);
}

export function miniLmPresent(modelsDir: string): boolean {
	return missingModelFiles(miniLmDir(modelsDir)).length === 0;
}

export type ModelsStatus = {
	modelsDir: string;
	minilm: {id: string; present: boolean; dir: string; missing: string[]};
	network: NetworkCheck;
	/** The embedder new collections get. */
	active: 'minilm' | 'use-lite';
	notice?: string;
};

export async function modelsStatus(modelsDir: string, env: NodeJS.ProcessEnv): Promise<ModelsStatus> {
	const dir = miniLmDir(modelsDir);
	const missing = missingModelFiles(dir);
	const network = await checkNetwork(env);
	const present = missing.length === 0;
	return {
		modelsDir,
		minilm: {id: miniLmModelId, present, dir, missing},
		network,
		active: present ? 'minilm' : 'use-lite',
		notice: present ? undefined : miniLmMissingNotice(network.usable),
	};
}

export function miniLmMissingNotice(networkUsable: boolean | undefined): string {
	const how = networkUsable === true ? 'run "az-os models pull"' : networkUsable === false ? 'no network here: copy it in with "az-os models import DIR"' : 'run "az-os models pull" or "az-os models import DIR"';
	return `notice: ${miniLmModelId} is not in data/models (${how}); using the offline use-lite embedder`;
}

/** Downloads MiniLM into data/models through transformers.js, only when the network is usable. */
export async function pullMiniLm(modelsDir: string, env: NodeJS.ProcessEnv, onProgress?: (info: {file: string; loaded: number; total: number}) => void): Promise<{dir: string; dimension: number}> {
	const network = await checkNetwork(env);
	if (!network.usable) {
		throw new AzOsError('UNAVAILABLE', `cannot download ${miniLmModelId}: ${network.reason}; copy a model folder here with "az-os models import DIR" (use-lite serves meanwhile)`);
	}

	mkdirSync(modelsDir, {recursive: true});
	const embedder = await loadMiniLm({modelsDir, allowRemote: true, onProgress});
	const {dimension} = embedder;
	await embedder.close();
	return {dir: miniLmDir(modelsDir), dimension};
}

/** Copies a local model folder (config.json, tokenizer files, onnx/model_quantized.onnx) in place of MiniLM, after loading it once. */
export async function importMiniLm(source: string, modelsDir: string): Promise<{dir: string; dimension: number}> {
	const from = path.resolve(source);
	if (!existsSync(from) || !statSync(from).isDirectory()) throw new AzOsError('INVALID_INPUT', `${from} is not a folder`);
	const nested = path.join(from, miniLmModelId);
	const folder = missingModelFiles(from).length > 0 && missingModelFiles(nested).length === 0 ? nested : from;
	const missing = missingModelFiles(folder);
	if (missing.length > 0) {
		throw new AzOsError('INVALID_INPUT', `${folder} is not a model folder: missing ${missing.join(', ')} (needs ${requiredModelFiles.join(', ')})`);
	}

	const target = miniLmDir(modelsDir);
	const staging = `${target}.importing`;
	rmSync(staging, {recursive: true, force: true});
	mkdirSync(path.dirname(staging), {recursive: true});
	cpSync(folder, staging, {recursive: true});
	let dimension: number;
	try {
		const embedder = await loadMiniLm({modelsDir, modelId: `${miniLmModelId}.importing`});
		dimension = embedder.dimension;
		await embedder.embed(['a test sentence']);
		await embedder.close();
	} catch (error) {
		rmSync(staging, {recursive: true, force: true});
		throw new AzOsError('INVALID_INPUT', `the model in ${folder} does not load: ${(error as Error).message}`, {cause: error});
	}

	rmSync(target, {recursive: true, force: true});
	renameSync(staging, target);
	return {dir: target, dimension};
}
