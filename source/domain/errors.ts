/** Stable error codes; the CLI maps USAGE to exit 2 and every other code to exit 1. */
export type AzOsErrorCode =
	| 'USAGE'
	| 'NOT_FOUND'
	| 'ILLEGAL_TRANSITION'
	| 'INVALID_INPUT'
	| 'DATABASE'
	| 'DATABASE_BUSY'
	| 'NOT_SQLITE'
	| 'READ_ONLY'
	| 'MIGRATION'
	| 'CONFIG'
	| 'RUNTIME'
	| 'UNAVAILABLE'
	| 'PERMISSION';

/** The one error type of AZ-OS: a code for programs and a message a person can act on. */
export class AzOsError extends Error {
	override readonly name = 'AzOsError';

	constructor(
		readonly code: AzOsErrorCode,
		message: string,
		options?: {cause?: unknown},
	) {
		super(message, options);
	}
}

export function isAzOsError(error: unknown): error is AzOsError {
	return error instanceof AzOsError;
}
