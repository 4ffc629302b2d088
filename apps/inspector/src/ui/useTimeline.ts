import { useRef } from 'react';
import { appendEvents, createTimeline, type Timeline } from '../model/buildTimeline.ts';
import type { SourceSnapshot } from '../sources/InspectorSource.ts';
import type { WireEvent } from '../wire/wireTypes.ts';

/**
 * Keeps a {@link Timeline} in step with a source snapshot: appends only the new events (O(new)), rebuilds when the
 * source started a new log (teaching reset, live trimming). The returned object is mutated in place: memoise on
 * `snapshot.version`, not on its identity.
 */
export function useTimeline(snapshot: SourceSnapshot): Timeline {
  const state = useRef<{ events: readonly WireEvent[] | null; consumed: number; timeline: Timeline }>({
    events: null,
    consumed: 0,
    timeline: createTimeline(),
  });
  const current = state.current;
  if (current.events !== snapshot.events || snapshot.count < current.consumed) {
    current.events = snapshot.events;
    current.consumed = 0;
    current.timeline = createTimeline();
  }
  if (snapshot.count > current.consumed) {
    appendEvents(current.timeline, snapshot.events.slice(current.consumed, snapshot.count));
    current.consumed = snapshot.count;
  }
  return current.timeline;
}
