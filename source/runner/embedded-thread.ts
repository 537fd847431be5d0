/**
 * The body of the embedded worker's thread (see embedded.ts): a Worker on its own SQLite connection,
 * steered by messages, so the dashboard's thread never waits on a database lock.
 */
import {parentPort, workerData} from 'node:worker_threads';
import {Worker} from './worker.js';
import type {EmbeddedWorkerData, FromThread, ToThread} from './embedded-protocol.js';

const port = parentPort;
if (!port) throw new Error('embedded-thread must run as a worker thread');
const data = workerData as EmbeddedWorkerData;
const send = (message: FromThread) => port.postMessage(message);

const worker = new Worker({
	dataDir: data.dataDir,
	concurrency: data.concurrency,
	pollMs: data.pollMs,
	shutdownGraceMs: data.shutdownGraceMs,
	onError: message => send({type: 'error', message}),
	onTaskFinished: data.notifyTaskFinished ? (task, result) => send({type: 'taskFinished', task, result}) : undefined,
});
worker.onChange(state => send({type: 'state', state}));

port.on('message', (message: ToThread) => {
	switch (message.type) {
		case 'pause':
			worker.pause();
			break;
		case 'resume':
			worker.resume();
			break;
		case 'stop':
			void worker.stop().then(() => {
				send({type: 'stopped'});
				// Nothing else holds the event loop now: the thread ends by itself.
				port.close();
			});
			break;
	}
});

worker.start();
