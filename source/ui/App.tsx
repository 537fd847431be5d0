import {Box, useApp, useInput, useStdin, useStdout} from 'ink';
import type {ReactNode} from 'react';
import {useEffect, useLayoutEffect, useState, useSyncExternalStore} from 'react';
import type {AzOs} from '../services/az-os.js';
import type {WorkerControl} from '../services/worker-control.js';
import {HelpOverlay} from './components/HelpOverlay.js';
import {StatusBar} from './components/StatusBar.js';
import type {PaneKeyHandler} from './dashboard-controller.js';
import {DashboardController} from './dashboard-controller.js';
import {useBudget} from './hooks/use-budget.js';
import type {Size} from './layout.js';
import {computeLayout, logRows, queueRows} from './layout.js';
import {Pane} from './components/Pane.js';
import {CostPane} from './panes/CostPane.js';
import type {SearchPaneApi, SearchPaneKeys} from './panes/SearchPane.js';
import {SearchPane} from './panes/SearchPane.js';
import {LogTailPane} from './panes/LogTailPane.js';
import {TaskQueuePane} from './panes/TaskQueuePane.js';

/**
 * A pane beyond the built-in three (the search pane): it gets the next number and focus slot, its place in
 * the layout, and (optionally) the keys pressed while it has the focus.
 */
export type ExtraPane = {
	id: string;
	render: (props: {size: Size; number: number; focused: boolean}) => ReactNode;
	onKey?: PaneKeyHandler;
};

export type AppProps = {
	azos: AzOs;
	worker: WorkerControl | null;
	readonly?: boolean;
	cwd: string;
	env: NodeJS.ProcessEnv;
	/** Fixed size (tests); otherwise the terminal's, following resizes. */
	size?: {columns: number; rows: number};
	/** How often the log tail looks for new lines (ms). */
	logPollMs?: number;
	/** How often counts and the queue are re-read (ms). */
	tickMs?: number;
	budgetRefreshMs?: number;
	extraPanes?: readonly ExtraPane[];
	/** Search (a SearchService): adds the search pane. */
	search?: SearchPaneApi;
	/** Called once when the user quits, before Ink exits. */
	onQuit?: () => void;
};

function useTerminalSize(fixed: AppProps['size']): {columns: number; rows: number} {
	const {stdout} = useStdout();
	const read = () => ({columns: stdout.columns || 100, rows: stdout.rows || 30});
	const [size, setSize] = useState(read);
	useEffect(() => {
		if (fixed) return;
		const onResize = () => setSize(read());
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout, fixed]);
	return fixed ?? size;
}

/**
 * The search pane reads its own keys while focused; the dashboard leaves it every key but Esc (back to the
 * tasks) and Ctrl-C (quit).
 */
export function searchPane(api: SearchPaneApi): ExtraPane {
	const keys: SearchPaneKeys = {};
	return {
		id: 'search',
		render: ({size, number, focused}) => (
			<Pane number={number} title="Search" focused={focused} width={size.width} height={size.height}>
				<SearchPane api={api} isActive={focused} keys={keys} height={Math.max(1, Math.floor((size.height - 6) / 2))} />
			</Pane>
		),
		onKey(input, key) {
			if (key.ctrl && input === 'c') return false;
			keys.current?.(input, key);
			// Esc also goes to the dashboard: it leaves the pane (the pane closes an open chunk with it too).
			return !key.escape;
		},
	};
}

export function App(props: AppProps) {
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();
	const [extras] = useState(() => [...(props.search ? [searchPane(props.search)] : []), ...(props.extraPanes ?? [])]);
	const [controller] = useState(
		() =>
			new DashboardController({
				azos: props.azos,
				worker: props.worker,
				readonly: props.readonly ?? false,
				cwd: props.cwd,
				env: props.env,
				panes: ['queue', 'logs', ...extras.map(pane => pane.id), 'cost'],
				paneKeys: new Map(extras.flatMap(pane => (pane.onKey ? [[pane.id, pane.onKey] as const] : []))),
				onQuit() {
					props.onQuit?.();
					exit();
				},
			}),
	);
	useSyncExternalStore(controller.subscribe, controller.version);
	const budget = useBudget(props.azos, props.budgetRefreshMs);
	const {columns, rows} = useTerminalSize(props.size);
	const layout = computeLayout(columns, rows, extras.length);
	const logsSize = layout.logs;
	const extraSize = layout.extra;

	useLayoutEffect(() => {
		controller.setViewport(queueRows(layout.queue), logRows(logsSize));
	}, [controller, layout.queue.height, logsSize.height]);

	useEffect(() => {
		// 50 ms: a new line is on screen within ~100 ms (poll wait + one frame; measured in the bench).
		const logTimer = setInterval(() => controller.pollLogs(), props.logPollMs ?? 50);
		const tickTimer = setInterval(() => controller.tick(), props.tickMs ?? 1000);
		const unsubscribe = props.worker?.onChange(() => controller.changed());
		return () => {
			clearInterval(logTimer);
			clearInterval(tickTimer);
			unsubscribe?.();
			controller.dispose();
		};
	}, [controller]);

	useInput((input, key) => controller.handleKey(input, key), {isActive: isRawModeSupported === true});

	const focused = controller.focusedPane;
	const number = (id: string) => controller.panes.indexOf(id) + 1;
	const queuePane = <TaskQueuePane controller={controller} size={layout.queue} number={1} focused={focused === 'queue'} />;
	const logsPane = <LogTailPane controller={controller} size={logsSize} number={2} focused={focused === 'logs'} />;
	const extraPanes = extras.map(pane => <Box key={pane.id}>{pane.render({size: extraSize, number: number(pane.id), focused: focused === pane.id})}</Box>);
	const costPane = <CostPane budget={budget} size={layout.cost} number={number('cost')} focused={focused === 'cost'} />;
	const width = Math.max(80, columns);
	return (
		<Box flexDirection="column" width={width}>
			{controller.mode.kind === 'help' ? (
				<HelpOverlay width={width} height={layout.panesHeight} readonly={controller.readonly} hasSearch={controller.panes.includes('search')} />
			) : (
				// Wide: the queue on the left, the other panes stacked on the right; otherwise the queue on top.
				<Box flexDirection={layout.kind === 'wide' ? 'row' : 'column'} height={layout.panesHeight}>
					{queuePane}
					<Box flexDirection={layout.kind === 'wide' ? 'column' : 'row'}>
						{logsPane}
						{extraPanes}
						{costPane}
					</Box>
				</Box>
			)}
			<StatusBar controller={controller} budget={budget} width={width} />
		</Box>
	);
}
