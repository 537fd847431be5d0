import {Box, Text} from 'ink';
import type {ReactNode} from 'react';

export type PaneProps = {
	number: number;
	title: string;
	/** Right side of the title line (counts, modes). */
	info?: string;
	focused: boolean;
	width: number;
	height: number;
	children: ReactNode;
};

/** A bordered pane; the focused one has a cyan double border and a marked, bold title. */
export function Pane({number, title, info, focused, width, height, children}: PaneProps) {
	const inner = Math.max(1, width - 2);
	const head = `${focused ? '▶' : ' '}[${number}] ${title}`;
	const rest = info ? ` ${info}` : '';
	const fitted = (head + rest).length > inner ? (head + rest).slice(0, inner) : head + rest;
	return (
		<Box borderStyle={focused ? 'double' : 'round'} borderColor={focused ? 'cyan' : 'gray'} flexDirection="column" width={width} height={height} overflow="hidden">
			<Text wrap="truncate">
				<Text bold color={focused ? 'cyan' : undefined}>
					{fitted.slice(0, head.length)}
				</Text>
				<Text dimColor>{fitted.slice(head.length)}</Text>
			</Text>
			{children}
		</Box>
	);
}
