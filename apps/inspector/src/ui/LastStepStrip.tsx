import type { TimelineRow } from '../model/buildTimeline.ts';
import { describeStep } from '../model/describeStep.ts';

/** Props of {@link LastStepStrip}. */
export interface LastStepStripProps {
  /** The event row whose step is shown (the selected row, or the shown actor's last event before it). */
  readonly step: TimelineRow | null;
  /** True when the selected row is a note or another actor's row: the strip then shows the step before it. */
  readonly carried: boolean;
}

/**
 * "What just happened": the event and every micro-step it caused, in order (`always` and `onDone` chains included),
 * each drawn in blue on the chart. A note selected after the event keeps showing it.
 *
 * @example
 * ```tsx
 * <LastStepStrip step={moment.stepRow} carried={moment.stepRow !== moment.row} />
 * ```
 */
export function LastStepStrip({ step, carried }: LastStepStripProps) {
  const parts = step === null ? [] : describeStep(step.transitions);
  return (
    <section className="last-step panel" aria-label="Last step" data-testid="last-step">
      <span className="last-step__title">{carried ? 'Last step (before this row)' : 'Last step'}</span>
      {step === null ? (
        <span className="last-step__none">No event yet.</span>
      ) : (
        <ol className="last-step__parts">
          <li className="last-step__event">
            <strong>{step.type}</strong>
            {step.sourceName === null && step.source === 'external' ? null : (
              <span className="last-step__source"> from {step.sourceName ?? step.source}</span>
            )}
          </li>
          {parts.length === 0 ? (
            <li className="last-step__part last-step__none">no transition taken</li>
          ) : (
            parts.map((part, index) => (
              // Micro-steps have no identity beyond their position in the chain.
              // biome-ignore lint/suspicious/noArrayIndexKey: the list is rebuilt whole for each step.
              <li key={index} className="last-step__part" data-testid="last-step-part">
                <span className="last-step__from">{part.from}</span>
                <span className="last-step__arrow" aria-hidden="true">
                  {' '}
                  →{' '}
                </span>
                <span className="last-step__to">{part.to}</span>
                <span className="last-step__via">
                  {' '}
                  ({part.via}
                  {part.guard === null ? '' : ` [${part.guard}]`})
                </span>
              </li>
            ))
          )}
        </ol>
      )}
    </section>
  );
}
