// Progress of a long verb (ingest of a folder, polling every source), reported to whoever asked: the CLI draws a
// bar or prints lines (src/progress-view.ts); the core only counts.
export interface Progress {
  /** Units finished so far (files read, sources polled) out of `total`. */
  done: number;
  total: number;
  /** Documents stored so far. */
  added: number;
}

export type OnProgress = (progress: Progress) => void;
