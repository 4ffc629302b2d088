import { type FrameStats, LONG_FRAME_MS } from './frameStats.ts';
import {
  MEASURE_DEFAULTS,
  MEASURE_VIEWPORT,
  type MeasuredInteraction,
  type RecordingMeasurement,
} from './measureRecording.ts';

/** One round of the benchmark: the blank-page baseline, the small recording (baseline) and the large one. */
export interface InspectorBenchRound {
  readonly blank: FrameStats;
  readonly small: RecordingMeasurement;
  readonly large: RecordingMeasurement;
}

/** Where and how the benchmark ran. */
export interface InspectorBenchEnvironment {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly chromium: string;
  /** Markdown: how the bench was started. */
  readonly command: string;
  /** ISO date, `YYYY-MM-DD`. */
  readonly date: string;
  /** 1-minute load averages when the bench started and ended. */
  readonly loadAverageStart: number;
  readonly loadAverageEnd: number;
  readonly seconds: number;
}

interface Figure {
  readonly label: string;
  readonly unit: Unit;
  readonly read: (measurement: RecordingMeasurement) => number;
  /** A frame or interaction time judged against 50 ms; names it in the verdict. */
  readonly judged?: string;
}

const durations = (list: readonly MeasuredInteraction[], kind: MeasuredInteraction['kind']) =>
  list.filter((interaction) => interaction.kind === kind).map((interaction) => interaction.ms);

const FIGURES: readonly Figure[] = [
  { label: 'load: file chosen → first painted frame listing the rows', unit: 'ms', read: (m) => m.timelineMs },
  { label: 'load: file chosen → first painted frame with the chart', unit: 'ms', read: (m) => m.loadMs },
  {
    label: 'longest frame while loading',
    unit: 'ms',
    read: (m) => m.load.longestFrameMs,
    judged: 'the longest frame while loading',
  },
  {
    label: 'row click → next frame (median of the round)',
    unit: 'ms',
    read: (m) => median(durations(m.interactions, 'click')),
  },
  {
    label: '← / → step → next frame (median of the round)',
    unit: 'ms',
    read: (m) => median(durations(m.interactions, 'key')),
  },
  {
    label: 'slowest click or step of the round',
    unit: 'ms',
    read: (m) => Math.max(...durations(m.interactions, 'click'), ...durations(m.interactions, 'key')),
    judged: 'the slowest click or step',
  },
  {
    label: `clicks and steps over ${LONG_FRAME_MS} ms`,
    unit: 'count',
    read: (m) =>
      [...durations(m.interactions, 'click'), ...durations(m.interactions, 'key')].filter((ms) => ms > LONG_FRAME_MS)
        .length,
  },
  {
    label: 'longest frame while scrubbing',
    unit: 'ms',
    read: (m) => m.scrub.longestFrameMs,
    judged: 'the longest frame while scrubbing',
  },
  {
    label: '"all actors" checked → next frame',
    unit: 'ms',
    read: (m) => Math.max(...durations(m.interactions, 'toggle')),
    judged: 'checking "all actors"',
  },
  { label: 'scroll through every row: median frame', unit: 'ms', read: (m) => m.scroll.medianFrameMs },
  {
    label: 'longest frame while scrolling',
    unit: 'ms',
    read: (m) => m.scroll.longestFrameMs,
    judged: 'the longest frame while scrolling',
  },
  { label: 'whole session: longest frame', unit: 'ms', read: (m) => m.session.longestFrameMs },
  { label: `whole session: frames over ${LONG_FRAME_MS} ms`, unit: 'count', read: (m) => m.session.framesOver50Ms },
  { label: 'whole session: long tasks (Long Tasks API)', unit: 'count', read: (m) => m.session.longTasks },
  { label: '… of them while loading', unit: 'count', read: (m) => m.load.longTasks },
  { label: 'whole session: longest long task', unit: 'task', read: (m) => m.session.longestTaskMs },
];

/**
 * The docs/benchmarks.md section of the inspector benchmark: environment, a table of every figure for the large
 * recording beside the small one (median and worst of the rounds, and the ratio of medians), the blank-page
 * baseline, what the figures mean, and a plain statement of whether anything exceeded 50 ms.
 *
 * @example
 * ```ts
 * writeBenchSection(doc, 'inspector', formatInspectorReport(rounds, environment));
 * ```
 */
export function formatInspectorReport(
  rounds: readonly InspectorBenchRound[],
  environment: InspectorBenchEnvironment,
): string {
  const first = rounds[0];
  if (first === undefined) throw new Error('The inspector benchmark has no round to report.');
  const large = rounds.map((round) => round.large);
  const small = rounds.map((round) => round.small);
  const events = (count: number) => `${count.toLocaleString('en')} events`;
  const roundCount = rounds.length === 1 ? '1 round' : `${rounds.length} rounds`;
  const worst = (values: readonly number[]) => Math.max(...values);

  const rows = FIGURES.map((figure) => {
    const big = large.map(figure.read);
    const base = small.map(figure.read);
    // A ratio of counts (a few long tasks against none) says nothing: only times are divided.
    const ratio = figure.unit === 'count' || median(base) === 0 ? '—' : `${(median(big) / median(base)).toFixed(1)}×`;
    const show = (value: number) => format(value, figure.unit);
    return [figure.label, show(median(big)), show(worst(big)), show(median(base)), show(worst(base)), ratio];
  });
  const blankFigures: [string, Unit, (stats: FrameStats) => number][] = [
    ['median frame', 'ms', (stats) => stats.medianFrameMs],
    ['longest frame', 'ms', (stats) => stats.longestFrameMs],
    [`frames over ${LONG_FRAME_MS} ms`, 'count', (stats) => stats.framesOver50Ms],
  ];
  const blankRows = blankFigures.map(([label, unit, read]) => {
    const values = rounds.map((round) => read(round.blank));
    return [label, format(median(values), unit), format(worst(values), unit)];
  });

  const judged = FIGURES.filter((figure) => figure.judged !== undefined);
  const over = judged
    .map((figure) => ({ figure, values: large.map(figure.read) }))
    .filter(({ values }) => worst(values) > LONG_FRAME_MS);
  const within = judged.filter((figure) => !over.some((entry) => entry.figure === figure));
  const overSmall = judged.filter((figure) => worst(small.map(figure.read)) > LONG_FRAME_MS);
  const longestTasks = large.map((measurement) => measurement.session.longestTaskMs);
  const blankWorst = worst(rounds.map((round) => round.blank.longestFrameMs));
  const listed = (figures: readonly Figure[]) => figures.map((figure) => figure.judged).join(', ');
  const verdict = [
    over.length === 0
      ? `**Nothing exceeded ${LONG_FRAME_MS} ms with ${events(first.large.events)}** in any round: no frame and no interaction.`
      : `**Yes, ${LONG_FRAME_MS} ms was exceeded with ${events(first.large.events)}**: ${over
          .map(
            ({ figure, values }) =>
              `${figure.judged} was ${format(median(values), 'ms')} (median; worst ${format(worst(values), 'ms')})`,
          )
          .join(
            ', ',
          )}; the longest long task was ${format(median(longestTasks), 'task')} (median; worst ${format(worst(longestTasks), 'task')}).`,
    over.length === 0 || within.length === 0 ? '' : ` Within ${LONG_FRAME_MS} ms in every round: ${listed(within)}.`,
    ` With ${events(first.small.events)}, ${
      overSmall.length === 0
        ? `nothing went over ${LONG_FRAME_MS} ms`
        : `over ${LONG_FRAME_MS} ms: ${listed(overSmall)}`
    }. The blank page's longest idle frame was ${format(blankWorst, 'ms')} (worst round).`,
  ].join('');
  const interactionsPerRound = first.large.interactions.length;

  return [
    '## Inspector: load and scrub a 10,000-event recording in headless Chromium (@dcrflow/inspector)',
    '',
    `Machine: ${environment.cpu} (${environment.cores} cores), ${environment.memoryGiB} GiB, ${environment.os}; Node ${environment.node}; Chromium ${environment.chromium} (headless, \`--disable-gpu\`: software rendering); 1-minute load average ${environment.loadAverageStart.toFixed(1)} when this bench started, ${environment.loadAverageEnd.toFixed(1)} when it ended (other work on the machine makes frame figures noisier).`,
    `Command: ${environment.command}; ${environment.seconds} s, ${environment.date}.`,
    '',
    `The production build (Vite \`build()\`, served by \`preview()\` on 127.0.0.1) opens a JSONL recording of a real dcrflow client refreshing its token ~1,000 times, through the file input, in a ${MEASURE_VIEWPORT.width}×${MEASURE_VIEWPORT.height} page. Each of ${roundCount} loads the ${first.large.events.toLocaleString('en')}-event recording (${first.large.totalRows.toLocaleString('en')} timeline rows, ${first.large.machineRows.toLocaleString('en')} of them the recorded machine's) and, as the baseline, the same session's first ${events(first.small.events)} (${first.small.totalRows.toLocaleString('en')} rows) in a fresh page: it clicks a row at ${MEASURE_DEFAULTS.positions} places across the machine's timeline, steps ${MEASURE_DEFAULTS.steps} × → and ${MEASURE_DEFAULTS.steps} × ← after each click (${interactionsPerRound} interactions including the "all actors" checkbox), checks "all actors" and scrolls the whole list in ${MEASURE_DEFAULTS.scrollJumps} jumps, one per frame.`,
    '',
    table(
      [
        'measurement',
        `${events(first.large.events)}: median`,
        'worst',
        `baseline ${events(first.small.events)}: median`,
        'worst',
        'ratio of medians',
      ],
      rows,
    ),
    '',
    `Baseline of the machine itself: a blank page (\`about:blank\`) left idle for 2 s, same monitor, median (worst) of the ${roundCount}:`,
    '',
    table(['blank page, idle', 'median', 'worst'], blankRows),
    '',
    'What the figures mean:',
    '',
    `- **Longest frame**: the longest gap between two consecutive \`requestAnimationFrame\` callbacks — the longest time the page produced no new frame. When nothing blocks, a frame comes every ${format(median(rounds.map((round) => round.blank.medianFrameMs)), 'ms')} (this browser's 60 Hz frame clock); the callbacks carry the frame's start time, so gaps come in whole frames (33.3 ms is one frame missed). A gap counts in a phase when it overlaps it.`,
    "- **Interaction time**: from the input event's own timestamp (the `click` or `keydown`, caught on the window before the app's handlers run) to the end of the next frame painted after it (a `requestAnimationFrame` callback, then a message that is delivered after that frame's paint) — the span Interaction to Next Paint measures, timed by hand so that fast interactions count too.",
    `- **Long tasks**: Long Tasks API entries, main-thread tasks of ${LONG_FRAME_MS} ms or more; their durations are not rounded to frames. ${LONG_FRAME_MS} ms is the usual threshold above which a stall is noticeable.`,
    `- **Whole session**: from choosing the file to the end of scrolling, the 0.5 s idle pauses between phases included. Median and worst are over the ${roundCount}; the ratio divides the medians.`,
    '',
    verdict,
  ].join('\n');
}

/** The median of a non-empty list (the upper middle for an even length); 0 for an empty one. */
function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** `task`: milliseconds of a long task, where 0 means there was none. */
type Unit = 'ms' | 'count' | 'task';

function format(value: number, unit: Unit): string {
  if (unit === 'count') return Math.round(value).toLocaleString('en');
  if (unit === 'task' && value === 0) return 'none';
  return `${value < 100 ? value.toFixed(1) : Math.round(value).toLocaleString('en')} ms`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
