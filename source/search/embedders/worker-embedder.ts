import {Worker} from 'node:worker_threads';
import type {AzOsErrorCode} from '../../domain/errors.js';
import {AzOsError} from '../../domain/errors.js';
import type {Embedder} from './embedder.js';
import type {EmbedderSpec} from './load.js';
import type {WorkerReply, WorkerRequest} from './worker-protocol.js';

export type WorkerEmbedder = Embedder & {readonly threadId: number};

/**
 * The thread: dist/…/embed-worker.js in the built app. Under tests this module is .ts; Node 20 does not apply
 * `--import tsx` from a worker's execArgv to its entry, so a tiny bootstrap registers tsx in the thread first.
 */
function startThread(spec: EmbedderSpec): Worker {
	if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./embed-worker.js', import.meta.url), {workerData: spec});
	const tsxApi = import.meta.resolve('tsx/esm/api');
	const entry = new URL('./embed-worker.ts', import.meta.url).href;
	const bootstrap = `import(${JSON.stringify(tsxApi)}).then(api => { api.register(); return import(${JSON.stringify(entry)}); })`;
	return new Worker(bootstrap, {eval: true, workerData: spec});
}

/** Starts the embedding thread and loads the model there; resolves once it is ready (or rejects with its error). */
export function startWorkerEmbedder(spec: EmbedderSpec): Promise<WorkerEmbedder> {
	const worker = startThread(spec);
	const pending = new Map<number, {resolve: (vectors: Float32Array[]) => void; reject: (error: Error) => void}>();
	let nextRequestId = 1;
	let failure: Error | undefined;
	const failAll = (error: Error) => {
		failure = error;
		for (const request of pending.values()) request.reject(error);
		pending.clear();
	};

	return new Promise((resolve, reject) => {
		let ready = false;
		worker.on('message', (reply: WorkerReply) => {
			if (reply.type === 'ready') {
				ready = true;
				resolve({
					id: reply.id,
					dimension: reply.dimension,
					threadId: reply.threadId,
					embed(texts) {
						if (failure) return Promise.reject(failure);
						if (texts.length === 0) return Promise.resolve([]);
						const requestId = nextRequestId++;
						return new Promise((resolveVectors, rejectVectors) => {
							pending.set(requestId, {resolve: resolveVectors, reject: rejectVectors});
							worker.postMessage({requestId, texts: [...texts]} satisfies WorkerRequest);
						});
					},
					async close() {
						failAll(new AzOsError('UNAVAILABLE', 'the embedder was closed'));
						await worker.terminate();
					},
				});
				return;
			}

			if (reply.type === 'vectors') {
				pending.get(reply.requestId)?.resolve(reply.vectors);
				pending.delete(reply.requestId);
				return;
			}

			const error = new AzOsError(reply.code as AzOsErrorCode, reply.message);
			if (reply.requestId === undefined) {
				if (!ready) reject(error);
				void worker.terminate();
				return;
			}

			pending.get(reply.requestId)?.reject(error);
			pending.delete(reply.requestId);
		});
		worker.on('error', error => {
			const wrapped = new AzOsError('RUNTIME', `the embedding thread failed: ${error.message}`, {cause: error});
			if (!ready) reject(wrapped);
			failAll(wrapped);
		});
		worker.on('exit', code => {
			const error = new AzOsError('RUNTIME', `the embedding thread exited (code ${code})`);
			if (!ready) reject(error);
			failAll(error);
		});
	});
}
