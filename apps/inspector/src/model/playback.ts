import { stepRow } from './timeTravel.ts';

/** Time-travel position and play state. `selected` null means "follow the newest event". */
export interface PlaybackState {
  readonly selected: number | null;
  readonly playing: boolean;
}

/** What can happen to the playback position. `visible` is the ascending row indexes the timeline shows. */
export type PlaybackAction =
  | { readonly type: 'select'; readonly row: number | null }
  | { readonly type: 'step'; readonly direction: 1 | -1; readonly visible: readonly number[] }
  | { readonly type: 'toggle'; readonly visible: readonly number[] }
  | { readonly type: 'tick'; readonly visible: readonly number[] }
  | { readonly type: 'first'; readonly visible: readonly number[] }
  | { readonly type: 'live' };

/** The state before anything was selected: following the newest event. */
export const LIVE: PlaybackState = { selected: null, playing: false };

/**
 * The playback reducer (pure): select a row, step ←/→ through the visible rows, play/pause (space), tick while
 * playing, jump to the first row, or go back to following the newest event. Playing from the live head starts at
 * the first row; playing stops on the last row.
 *
 * @example
 * ```ts
 * let state = LIVE;
 * state = playback(state, { type: 'step', direction: -1, visible: [0, 1, 2] }); // { selected: 2, playing: false }
 * ```
 */
export function playback(state: PlaybackState, action: PlaybackAction): PlaybackState {
  switch (action.type) {
    case 'select':
      return { selected: action.row, playing: false };
    case 'step':
      return { selected: stepRow(action.visible, state.selected, action.direction), playing: false };
    case 'first':
      return { selected: action.visible[0] ?? null, playing: false };
    case 'live':
      return LIVE;
    case 'toggle': {
      if (state.playing) return { ...state, playing: false };
      const last = action.visible.at(-1);
      if (last === undefined) return state;
      // From the head or the end there is nothing ahead: replay from the start.
      const atEnd = state.selected === null || state.selected >= last;
      return { selected: atEnd ? action.visible[0]! : state.selected, playing: true };
    }
    case 'tick': {
      if (!state.playing) return state;
      const last = action.visible.at(-1);
      if (last === undefined || state.selected === null) return { ...state, playing: false };
      const next = stepRow(action.visible, state.selected, 1);
      return { selected: next, playing: next !== null && next < last };
    }
  }
}
