import { useRef } from 'react';

/** Props of {@link ResizeHandle}. */
export interface ResizeHandleProps {
  /** The side column's width in px; null while it follows the window (CSS default). */
  readonly width: number | null;
  readonly onWidth: (width: number | null) => void;
}

const MIN = 300;
const KEY_STEP = 40;

/**
 * The handle between the chart and the side column (context, timeline, details): drag it, or focus it and use ← → (Home
 * resets). The column grows to the left, so the chart keeps whatever is left.
 *
 * @example
 * ```tsx
 * <ResizeHandle width={sideWidth} onWidth={setSideWidth} />
 * ```
 */
export function ResizeHandle({ width, onWidth }: ResizeHandleProps) {
  const ref = useRef<HTMLDivElement>(null);
  const start = useRef<{ x: number; width: number } | null>(null);
  const current = () => width ?? ref.current?.nextElementSibling?.getBoundingClientRect().width ?? 420;
  // Never so wide that the chart disappears.
  const clamp = (next: number) => Math.round(Math.max(MIN, Math.min(next, window.innerWidth * 0.6)));
  return (
    // biome-ignore lint/a11y/useSemanticElements: a focusable separator is the ARIA pattern for a splitter; <hr> cannot take focus or keys.
    <div
      ref={ref}
      className="resize-handle"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the timeline column"
      aria-valuenow={Math.round(current())}
      aria-valuemin={MIN}
      tabIndex={0}
      data-testid="resize-handle"
      onPointerDown={(event) => {
        start.current = { x: event.clientX, width: current() };
        event.currentTarget.setPointerCapture(event.pointerId);
      }}
      onPointerMove={(event) => {
        if (start.current === null) return;
        onWidth(clamp(start.current.width - (event.clientX - start.current.x)));
      }}
      onPointerUp={() => {
        start.current = null;
      }}
      onKeyDown={(event) => {
        if (event.key === 'ArrowLeft') onWidth(clamp(current() + KEY_STEP));
        else if (event.key === 'ArrowRight') onWidth(clamp(current() - KEY_STEP));
        else if (event.key === 'Home') onWidth(null);
        else return;
        // The arrows resize here; they must not also step through the timeline.
        event.preventDefault();
        event.stopPropagation();
      }}
    />
  );
}
