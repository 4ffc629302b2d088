/** Props of {@link GuideBar}. */
export interface GuideBarProps {
  /** 0-based position in the guided steps. */
  readonly position: number;
  readonly total: number;
  readonly caption: string;
  readonly onMove: (direction: 1 | -1) => void;
  readonly onExit: () => void;
}

/**
 * Guided teaching: one transition at a time, with a one-line caption of what happened and why, and Back / Next.
 * The chart, last-step strip and context show that transition; Exit returns to the end of the run.
 *
 * @example
 * ```tsx
 * <GuideBar position={0} total={5} caption="STORE.EMPTY: …" onMove={move} onExit={stop} />
 * ```
 */
export function GuideBar({ position, total, caption, onMove, onExit }: GuideBarProps) {
  return (
    <section className="guide panel" aria-label="Step by step" data-testid="guide">
      <span className="guide__count">
        Step {position + 1} of {total}
      </span>
      <p className="guide__caption" aria-live="polite" data-testid="guide-caption">
        {caption}
      </p>
      <button type="button" className="btn btn--small" disabled={position === 0} onClick={() => onMove(-1)}>
        Back
      </button>
      {position + 1 < total ? (
        <button
          type="button"
          className="btn btn--small btn--primary"
          data-testid="guide-next"
          onClick={() => onMove(1)}
        >
          Next
        </button>
      ) : (
        <button type="button" className="btn btn--small btn--primary" data-testid="guide-done" onClick={onExit}>
          Done
        </button>
      )}
      <button type="button" className="btn btn--small" aria-label="Leave step-by-step mode" onClick={onExit}>
        ×
      </button>
    </section>
  );
}
