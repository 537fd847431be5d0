import type {Key} from 'ink';
import {Box, Text, useInput, useStdin} from 'ink';
import {useEffect, useReducer, useRef} from 'react';
import type {Metadata} from '../../search/stores/vector-store.js';
import type {SearchHit, SearchOptions} from '../../services/search-service.js';

/** What the pane needs from search (SearchService fits; tests may pass a real service over a temp data dir). */
export type SearchPaneApi = {
	search(query: string, options: SearchOptions): Promise<SearchHit[]>;
	chunk(collection: string, id: string): {id: string; source: string | null; document: string; metadata: Metadata} | undefined;
};

export type SearchPaneProps = {
	api: SearchPaneApi;
	/** Whether this pane has the keyboard (the dashboard routes focus). */
	isActive?: boolean;
	debounceMs?: number;
	limit?: number;
	collections?: readonly string[];
	/** Rows of results shown at once. */
	height?: number;
	/**
	 * When given, the host forwards keys here instead of the pane reading stdin itself: a host that moves focus
	 * synchronously (the dashboard) then never loses the keys typed right after focusing, before a re-render.
	 */
	keys?: SearchPaneKeys;
};

/** Filled by the pane on every render with its current key handler. */
export type SearchPaneKeys = {current?: (input: string, key: Key) => void};

type Detail = {hit: SearchHit; document: string; source: string | null};

type State = {
	query: string;
	collection: number;
	hits: SearchHit[];
	selected: number;
	searching: boolean;
	error?: string;
	detail?: Detail;
	/** Which request the shown results answer: older answers are dropped. */
	generation: number;
};

type Action =
	| {type: 'type'; text: string}
	| {type: 'erase'}
	| {type: 'collection'; step: number; count: number}
	| {type: 'started'}
	| {type: 'results'; generation: number; hits: SearchHit[]}
	| {type: 'failed'; generation: number; message: string}
	| {type: 'move'; step: number}
	| {type: 'open'; detail: Detail}
	| {type: 'close'};

function reducer(state: State, action: Action): State {
	switch (action.type) {
		// Keys edit the query inside the reducer, so fast typing never works from a stale value.
		case 'type':
			return {...state, query: state.query + action.text, generation: state.generation + 1};
		case 'erase':
			return state.query === '' ? state : {...state, query: state.query.slice(0, -1), generation: state.generation + 1};
		case 'collection':
			return {...state, collection: (state.collection + action.step + action.count) % action.count, generation: state.generation + 1, hits: [], selected: 0};
		case 'started':
			return {...state, searching: true};
		case 'results':
			return action.generation === state.generation ? {...state, hits: action.hits, selected: 0, searching: false, error: undefined} : state;
		case 'failed':
			return action.generation === state.generation ? {...state, hits: [], searching: false, error: action.message} : state;
		case 'move':
			return {...state, selected: Math.max(0, Math.min(state.hits.length - 1, state.selected + action.step))};
		case 'open':
			return {...state, detail: action.detail};
		case 'close':
			return {...state, detail: undefined};
	}
}

const defaultCollections = ['documents', 'contexts', 'tool_descriptions'] as const;

function where(hit: SearchHit): string {
	const line = typeof hit.metadata['start_line'] === 'number' ? `:${hit.metadata['start_line']}` : '';
	return hit.source ? `${hit.source}${line}` : String(hit.metadata['task_id'] ?? hit.id);
}

function oneLine(text: string, width: number): string {
	const single = text.replace(/\s+/g, ' ').trim();
	return single.length <= width ? single : `${single.slice(0, Math.max(0, width - 1))}…`;
}

/**
 * The dashboard's search pane: results update as you type (debounced), Tab switches collection, ↑/↓ select,
 * Enter shows the whole chunk with its source, Esc goes back. Errors (no model, store down) stay in the pane.
 */
export function SearchPane({api, isActive = true, debounceMs = 250, limit = 10, collections = defaultCollections, height = 10, keys}: SearchPaneProps) {
	const [state, dispatch] = useReducer(reducer, {query: '', collection: 0, hits: [], selected: 0, searching: false, generation: 0});
	const {isRawModeSupported} = useStdin();
	const keyboard = isActive && isRawModeSupported === true && keys === undefined;
	const collection = collections[state.collection] ?? 'documents';
	const mounted = useRef(true);
	useEffect(
		() => () => {
			mounted.current = false;
		},
		[],
	);

	useEffect(() => {
		const query = state.query.trim();
		const {generation} = state;
		if (query === '') {
			dispatch({type: 'results', generation, hits: []});
			return;
		}

		const timer = setTimeout(() => {
			dispatch({type: 'started'});
			api.search(query, {collection, limit}).then(
				hits => mounted.current && dispatch({type: 'results', generation, hits}),
				(error: unknown) => mounted.current && dispatch({type: 'failed', generation, message: (error as Error).message ?? String(error)}),
			);
		}, debounceMs);
		return () => clearTimeout(timer);
		// The generation changes with every query or collection change: that is what re-runs the search.
	}, [state.generation]);

	const onKey = (input: string, key: Key) => {
		if (state.detail) {
			if (key.escape || key.return) dispatch({type: 'close'});
			return;
		}

		if (key.tab) dispatch({type: 'collection', step: key.shift ? -1 : 1, count: collections.length});
		else if (key.upArrow) dispatch({type: 'move', step: -1});
		else if (key.downArrow) dispatch({type: 'move', step: 1});
		else if (key.backspace || key.delete) dispatch({type: 'erase'});
		else if (key.return) {
			const hit = state.hits[state.selected];
			if (!hit) return;
			let chunk: ReturnType<SearchPaneApi['chunk']>;
			try {
				chunk = api.chunk(collection, hit.id);
			} catch {
				chunk = undefined;
			}

			dispatch({type: 'open', detail: {hit, document: chunk?.document ?? hit.passage, source: chunk?.source ?? hit.source}});
		} else if (!key.ctrl && !key.meta && !key.escape && input !== '' && !/[\u0000-\u001F]/.test(input)) {
			dispatch({type: 'type', text: input});
		}
	};
	if (keys) keys.current = onKey;
	useInput(onKey, {isActive: keyboard});

	if (state.detail) {
		const {hit, document} = state.detail;
		return (
			<Box flexDirection="column">
				<Text bold>{where(hit)}</Text>
				{hit.title || hit.heading ? <Text dimColor>{[hit.title, hit.heading].filter(Boolean).join(' > ')}</Text> : null}
				<Box marginTop={1}>
					<Text>{document}</Text>
				</Box>
				<Text dimColor>Esc back</Text>
			</Box>
		);
	}

	const first = Math.max(0, Math.min(state.selected - Math.floor(height / 2), state.hits.length - height));
	const shown = state.hits.slice(first, first + height);
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-start">
				<Text color="cyan">{'search '}</Text>
				<Text dimColor>[{collection}] </Text>
				{state.query === '' ? <Text dimColor>type to search</Text> : <Text>{state.query}</Text>}
				{isActive ? <Text inverse> </Text> : null}
			</Text>
			{state.error ? <Text color="red">error: {state.error}</Text> : null}
			{state.searching && !state.error ? <Text dimColor>searching…</Text> : null}
			{!state.error && !state.searching && state.query.trim() !== '' && state.hits.length === 0 ? <Text dimColor>no results</Text> : null}
			{shown.map((hit, index) => {
				const selected = first + index === state.selected;
				return (
					<Box key={hit.id} flexDirection="column">
						<Text color={selected ? 'cyan' : undefined} bold={selected}>
							{selected ? '› ' : '  '}
							{oneLine(where(hit), 70)}
							{hit.heading ? <Text dimColor> {oneLine(hit.heading, 30)}</Text> : null}
						</Text>
						<Text dimColor>{`    ${oneLine(hit.passage, 90)}`}</Text>
					</Box>
				);
			})}
			<Text dimColor>Tab collection ↑/↓ select Enter open</Text>
		</Box>
	);
}
