import { useEffect, useMemo, useState } from 'react';
import { buildElkGraph, type ElkGraphInput, type ObservedTransition } from '../chart/buildElkGraph.ts';
import { drawingKey } from '../chart/drawingKey.ts';
import type { ChartFocus } from '../chart/focusView.ts';
import { type ChartLayout, layoutChart } from '../chart/layoutChart.ts';
import { type MachineNode, readMachineDefinition } from '../chart/readMachineDefinition.ts';
import { createWorkerElk } from './createWorkerElk.ts';
import { measureInBrowser } from './measureInBrowser.ts';

/** A laid-out chart and the inputs it was made from. */
export interface ChartModel {
  readonly root: MachineNode;
  readonly input: ElkGraphInput;
  readonly layout: ChartLayout | null;
  readonly error: string | null;
}

const definitionKeys = new WeakMap<object, string>();
const layouts = new Map<string, Promise<ChartLayout>>();

/** Two actors of the same machine share one layout: key it by the definition's JSON text. */
function keyOf(definition: object): string {
  let key = definitionKeys.get(definition);
  if (key === undefined) {
    key = JSON.stringify(definition);
    definitionKeys.set(definition, key);
  }
  return key;
}

const SUPERSEDED = Symbol('superseded');
let running = false;
let waiting: { run: () => void; reject: (reason: unknown) => void } | null = null;

/**
 * Lays out in the worker one chart at a time, keeping only the newest request waiting: stepping or scrubbing through
 * many states would otherwise queue a layout per step, and the one on screen would come last. A request replaced
 * while waiting rejects with SUPERSEDED (and leaves the cache).
 */
function requestLayout(key: string, input: Parameters<typeof layoutChart>[0]): Promise<ChartLayout> {
  return new Promise<ChartLayout>((resolve, reject) => {
    const run = () => {
      running = true;
      layoutChart(input, createWorkerElk() ?? undefined)
        .then(resolve, reject)
        .finally(() => {
          running = false;
          const next = waiting;
          waiting = null;
          next?.run();
        });
    };
    if (!running) {
      run();
      return;
    }
    if (waiting !== null) waiting.reject(SUPERSEDED);
    waiting = {
      run,
      reject: (reason) => {
        layouts.delete(key);
        reject(reason);
      },
    };
  });
}

/** Every field of a focus view, by content: App builds a new one per event, often equal to the last. */
const focusKey = (focus: ChartFocus | null) =>
  focus === null
    ? 'full'
    : JSON.stringify(
        [focus.shown, focus.collapsed, focus.keep, focus.active, focus.mainPath].map((ids) => [...ids].sort()),
      );

/**
 * The statechart of a machine definition, laid out by ELK (async; the previous layout stays on screen meanwhile),
 * every transition label placed by ELK beside its own edge. `extra` holds run-time transitions missing from the
 * definition; `focus` draws only part of the chart (null: all of it). Both are compared by content: the ELK input is
 * rebuilt only when they change, and laid out only when what it draws changes ({@link drawingKey}). Layouts are cached
 * by that key, so stepping through events that draw the same chart, or scrubbing back and forth, reuses them.
 */
export function useChartLayout(
  definition: unknown | null,
  extra: readonly ObservedTransition[],
  focus: ChartFocus | null = null,
): ChartModel | null {
  const extraKey = JSON.stringify(extra);
  const viewKey = focusKey(focus);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `extra` and `focus` are compared by content.
  const built = useMemo(() => {
    const root = readMachineDefinition(definition);
    if (root === null || typeof definition !== 'object' || definition === null) return null;
    const definitionKey = keyOf(definition);
    const input = buildElkGraph(root, extra, {
      labels: 'layout',
      measure: measureInBrowser,
      ...(focus === null ? {} : { focus }),
    });
    return {
      root,
      input,
      definitionKey: `${definitionKey}\u0000${focus === null ? 'full' : 'focus'}`,
      key: `${definitionKey}\u0000${drawingKey(input)}`,
    };
  }, [definition, extraKey, viewKey]);
  // A new input that draws what the last one drew keeps the last one: same layout, and everything derived from the
  // model (the edges of the step shown) stays as it was.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the model is compared by its drawing.
  const model = useMemo(() => built, [built?.key]);
  const [state, setState] = useState<{
    key: string;
    definitionKey: string;
    layout: ChartLayout | null;
    error: string | null;
  } | null>(null);

  useEffect(() => {
    if (model === null) return;
    let cancelled = false;
    let promise = layouts.get(model.key);
    if (promise === undefined) {
      promise = requestLayout(model.key, model.input);
      layouts.set(model.key, promise);
      // A bounded cache: recordings of many different machines must not keep every layout alive.
      if (layouts.size > 32) layouts.delete(layouts.keys().next().value as string);
    }
    promise.then(
      (layout) => {
        if (!cancelled) setState({ key: model.key, definitionKey: model.definitionKey, layout, error: null });
      },
      (error: unknown) => {
        layouts.delete(model.key);
        // Superseded before it started: a newer layout replaced it in the queue; that one reports.
        if (error === SUPERSEDED) return;
        if (!cancelled) {
          setState({
            key: model.key,
            definitionKey: model.definitionKey,
            layout: null,
            error: error instanceof Error ? error.message : String(error),
          });
        }
      },
    );
    return () => {
      cancelled = true;
    };
  }, [model]);

  // Until the new layout resolves, keep drawing the previous one when it belongs to the same machine.
  const layout = model !== null && state?.definitionKey === model.definitionKey ? state.layout : null;
  const error = model !== null && state?.key === model.key ? state.error : null;
  return useMemo(
    () => (model === null ? null : { root: model.root, input: model.input, layout, error }),
    [model, layout, error],
  );
}
