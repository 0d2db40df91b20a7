// How the CLI shows a long command's progress on stderr (stdout stays for the report and --json): a bar with the
// count, rate and ETA on a terminal (cli-progress), else a plain line every few seconds, for logs and pipes.
import cliProgress from 'cli-progress';
import type { OnProgress, Progress } from './progress.js';

export interface ProgressView {
  update: OnProgress;
  /** Ends the bar (cleared) or prints the last line (when any was printed, or every update is wanted). */
  stop(): void;
}

export interface ProgressViewOptions {
  /** What is counted, plural: "files", "sources". */
  unit: string;
  /** Where it is drawn (default process.stderr); a bar only when it is a TTY. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Not a TTY: at least this long between two lines (0: a line for every update). */
  everyMs: number;
  /** False draws nothing (--no-progress). */
  enabled?: boolean;
  /** The clock, in ms (tests). */
  now?: () => number;
}

const NONE: ProgressView = { update: () => {}, stop: () => {} };

function seconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Units per second since the start; `done` 0 gives 0. */
function rate(p: Progress, elapsedMs: number): number {
  return elapsedMs > 0 ? (p.done * 1000) / elapsedMs : 0;
}

/** "ingest: 1200/5000 files (24%), 1150 stored, 240/s, ETA 16 s" */
export function progressLine(label: string, unit: string, p: Progress, elapsedMs: number): string {
  const r = rate(p, elapsedMs);
  const pct = p.total > 0 ? Math.floor((p.done * 100) / p.total) : 100;
  const eta = p.done >= p.total ? `done in ${seconds(elapsedMs / 1000)}` : `ETA ${r > 0 ? seconds((p.total - p.done) / r) : '?'}`;
  return `${label}: ${p.done}/${p.total} ${unit} (${pct}%), ${p.added} stored, ${r >= 10 ? Math.round(r) : r.toFixed(1)}/s, ${eta}`;
}

export function progressView(label: string, options: ProgressViewOptions): ProgressView {
  if (options.enabled === false) return NONE;
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const started = now();

  if (stream.isTTY) {
    let bar: cliProgress.SingleBar | undefined;
    const payload = (p: Progress) => ({ added: p.added, rate: rate(p, now() - started).toFixed(1) });
    return {
      update(p) {
        if (!bar) {
          if (p.total === 0) return;
          bar = new cliProgress.SingleBar({
            stream,
            format: `${label} [{bar}] {value}/{total} ${options.unit} | {added} stored | {rate}/s | ETA {eta_formatted}`,
            clearOnComplete: true,
            hideCursor: false,
            etaBuffer: 50,
          }, cliProgress.Presets.shades_classic);
          bar.start(p.total, p.done, payload(p));
        }
        bar.update(p.done, payload(p));
      },
      stop() {
        bar?.stop();
      },
    };
  }

  let last: Progress | undefined;
  let lastLineAt = started;
  let printed = false;
  const print = (p: Progress) => {
    stream.write(`${progressLine(label, options.unit, p, now() - started)}\n`);
    lastLineAt = now();
    printed = true;
  };
  return {
    update(p) {
      last = p;
      if (p.total === 0) return;
      if (options.everyMs === 0 ? true : now() - lastLineAt >= options.everyMs && p.done < p.total) print(p);
    },
    stop() {
      // a short run stays quiet; one that printed lines ends with the last
      if (last && last.total > 0 && printed && options.everyMs > 0) print(last);
    },
  };
}
