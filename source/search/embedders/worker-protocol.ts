export type WorkerRequest = {requestId: number; texts: string[]};

export type WorkerReply =
	| {type: 'ready'; id: string; dimension: number; threadId: number}
	| {type: 'vectors'; requestId: number; vectors: Float32Array[]}
	| {type: 'error'; requestId?: number; code: string; message: string};
