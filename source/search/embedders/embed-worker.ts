/** The embedding thread: loads one model and answers embed requests, so no model ever runs on the UI thread. */
import {parentPort, threadId, workerData} from 'node:worker_threads';
import {AzOsError} from '../../domain/errors.js';
import type {Embedder} from './embedder.js';
import type {EmbedderSpec} from './load.js';
import {loadEmbedder} from './load.js';
import type {WorkerReply, WorkerRequest} from './worker-protocol.js';

const port = parentPort!;
let embedder: Embedder | undefined;

function errorReply(error: unknown, requestId?: number): WorkerReply {
	return {type: 'error', requestId, code: error instanceof AzOsError ? error.code : 'RUNTIME', message: (error as Error).message ?? String(error)};
}

try {
	embedder = await loadEmbedder(workerData as EmbedderSpec);
	port.postMessage({type: 'ready', id: embedder.id, dimension: embedder.dimension, threadId} satisfies WorkerReply);
} catch (error) {
	port.postMessage(errorReply(error));
}

port.on('message', async (request: WorkerRequest) => {
	if (!embedder) return;
	try {
		const vectors = await embedder.embed(request.texts);
		port.postMessage({type: 'vectors', requestId: request.requestId, vectors} satisfies WorkerReply, vectors.map(vector => vector.buffer as ArrayBuffer));
	} catch (error) {
		port.postMessage(errorReply(error, request.requestId));
	}
});
