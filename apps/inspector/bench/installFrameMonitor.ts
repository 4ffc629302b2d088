/** One input the page handled: from the input event's timestamp to the end of the next frame painted after it. */
export interface MonitoredInteraction {
  /** `click` (a timeline row), `toggle` (a checkbox) or `key <name>`. */
  readonly kind: string;
  readonly start: number;
  readonly end: number;
}

/** What {@link installFrameMonitor} collects in the page; times are `performance.now()` milliseconds. */
export interface FrameMonitor {
  /** The timestamp of every `requestAnimationFrame` callback: one per frame the page produced. */
  readonly frames: number[];
  /** Long Tasks API entries (main-thread tasks of 50 ms or more). */
  readonly longTasks: { readonly start: number; readonly duration: number }[];
  readonly interactions: MonitoredInteraction[];
  /** Interactions whose next frame has not been painted yet. */
  pending: number;
  /** When a file input last changed (a recording was chosen). */
  fileChosenAt: number | null;
}

/**
 * Installs the monitor as `globalThis.__dcrflowFrameMonitor`. Runs IN THE PAGE (serialised by Playwright: it must not refer to anything outside its own body). Records every
 * frame through a `requestAnimationFrame` loop, long tasks through a `PerformanceObserver`, and for every click and
 * key press the time from the event's timestamp until after the next frame: a `requestAnimationFrame` callback runs
 * just before that frame's paint, and a message posted from it is delivered after the paint. Installing twice is a
 * no-op.
 *
 * @example
 * ```ts
 * await page.addInitScript(installFrameMonitor);
 * await page.goto(url);
 * ```
 */
export function installFrameMonitor(): void {
  const scope = globalThis as unknown as Record<string, FrameMonitor | undefined>;
  if (scope.__dcrflowFrameMonitor !== undefined) return;
  const monitor: FrameMonitor = { frames: [], longTasks: [], interactions: [], pending: 0, fileChosenAt: null };
  scope.__dcrflowFrameMonitor = monitor;

  // Bounded: at 60 Hz this is over half an hour of frames.
  const maxFrames = 120_000;
  const onFrame = (time: number) => {
    monitor.frames.push(time);
    if (monitor.frames.length < maxFrames) requestAnimationFrame(onFrame);
  };
  requestAnimationFrame(onFrame);

  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        monitor.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No Long Tasks API in this browser: the frame loop still measures.
  }

  const track = (kind: string, start: number) => {
    monitor.pending += 1;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        monitor.interactions.push({ kind, start, end: performance.now() });
        monitor.pending -= 1;
      };
      channel.port2.postMessage(null);
    });
  };
  // Capture phase on the window: before the app's own handlers, so their work is inside the measured span.
  addEventListener('keydown', (event) => track(`key ${event.key}`, event.timeStamp), { capture: true });
  addEventListener(
    'click',
    (event) => track(event.target instanceof HTMLInputElement ? 'toggle' : 'click', event.timeStamp),
    { capture: true },
  );
  addEventListener(
    'change',
    (event) => {
      if (event.target instanceof HTMLInputElement && event.target.type === 'file') {
        monitor.fileChosenAt = performance.now();
      }
    },
    { capture: true },
  );
}
