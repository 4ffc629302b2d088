import { formatClock } from '../model/formatDuration.ts';
import { BackIcon, FirstIcon, ForwardIcon, PauseIcon, PlayIcon } from './icons.tsx';

/** Props of {@link PlaybackBar}. */
export interface PlaybackBarProps {
  readonly position: number | null;
  readonly total: number;
  readonly at: number | null;
  readonly playing: boolean;
  readonly live: boolean;
  readonly following: boolean;
  readonly onFirst: () => void;
  readonly onStep: (direction: 1 | -1) => void;
  readonly onToggle: () => void;
  readonly onLive: () => void;
  /** Jump to the event at this position (0-based) of the rows shown. */
  readonly onScrub: (position: number) => void;
  /** Playback speed: events per 0.7 s. */
  readonly speed: number;
  readonly onSpeed: (speed: number) => void;
}

const SPEEDS = [0.5, 1, 2, 4, 8];

/** Time-travel controls: first, step back, play/pause, step forward, back to live, a scrubber and the play speed. */
export function PlaybackBar(props: PlaybackBarProps) {
  const empty = props.total === 0;
  return (
    <div className="playback panel" role="toolbar" aria-label="Time travel">
      <button type="button" className="btn btn--icon" onClick={props.onFirst} disabled={empty} aria-label="First event">
        <FirstIcon />
      </button>
      <button
        type="button"
        className="btn btn--icon"
        onClick={() => props.onStep(-1)}
        disabled={empty}
        aria-label="Step back (←)"
      >
        <BackIcon />
      </button>
      <button
        type="button"
        className="btn btn--icon"
        onClick={props.onToggle}
        disabled={empty}
        aria-label={props.playing ? 'Pause (space)' : 'Play (space)'}
        aria-pressed={props.playing}
        data-testid="play"
      >
        {props.playing ? <PauseIcon /> : <PlayIcon />}
      </button>
      <button
        type="button"
        className="btn btn--icon"
        onClick={() => props.onStep(1)}
        disabled={empty}
        aria-label="Step forward (→)"
      >
        <ForwardIcon />
      </button>
      <button
        type="button"
        className="btn btn--small"
        onClick={props.onLive}
        disabled={props.following}
        aria-label="Follow the newest event"
      >
        {props.live ? 'Live' : 'Latest'}
      </button>
      <input
        type="range"
        className="playback__scrubber"
        min={0}
        max={Math.max(0, props.total - 1)}
        value={props.following ? Math.max(0, props.total - 1) : (props.position ?? 0)}
        disabled={empty}
        aria-label="Scrub through the events"
        data-testid="scrubber"
        onChange={(event) => props.onScrub(Number(event.target.value))}
      />
      <label className="playback__speed">
        <span className="visually-hidden">Play speed</span>
        <select
          value={props.speed}
          data-testid="speed"
          aria-label="Play speed"
          onChange={(event) => props.onSpeed(Number(event.target.value))}
        >
          {SPEEDS.map((speed) => (
            <option key={speed} value={speed}>
              {speed}×
            </option>
          ))}
        </select>
      </label>
      <span className="playback__position" data-testid="position" aria-live="polite">
        {empty
          ? 'No events yet'
          : props.following
            ? `Latest of ${props.total.toLocaleString('en')}`
            : `Event ${(props.position ?? 0) + 1} of ${props.total.toLocaleString('en')}`}
        {props.at === null ? '' : ` · ${formatClock(props.at)}`}
      </span>
      {props.following ? (
        props.live ? (
          <span className="live-badge">live</span>
        ) : null
      ) : (
        <span className="time-travel-badge">time travel</span>
      )}
    </div>
  );
}
