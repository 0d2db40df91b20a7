import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured logs to stderr, so stdout stays clean for CLI output and the console adapter. */
export function createLogger(level: string): Logger {
  return pino({ level, base: undefined }, pino.destination(2));
}
