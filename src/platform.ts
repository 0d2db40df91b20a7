// The platform port: what every chat door (console, Slack, Discord) offers the process and the digest runner.
// Adapters live outside src/ and are wired by the composition root (bin/, adapters/registry.ts); the core only
// knows these types and is handed a registry where it needs one (the CLI's `digest --now`).
import type { BriefBot } from './app.js';
import type { Config } from './config.js';
import type { DigestOutlet } from './digest/runner.js';
import type { Platform } from './domain.js';
import type { Operations } from './health.js';
import type { Logger } from './log.js';

export interface PlatformAdapter extends DigestOutlet {
  readonly platform: Platform;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Whether it is connected to its platform now (started, gateway up): /readyz reports it. */
  connected(): boolean;
}

export interface PlatformDeps {
  bot: BriefBot;
  config: Config;
  logger: Logger;
  /** Readiness and metrics, for an adapter that serves the operations paths on its own port (Slack in HTTP mode). */
  operations?: Operations;
}

/** Builds a platform's adapter, or undefined when the configuration does not enable it (no token). */
export type PlatformFactory = (deps: PlatformDeps) => Promise<PlatformAdapter | undefined>;

/** The chat platforms this build can serve, by name; factories load their libraries lazily. */
export type PlatformRegistry = Readonly<Partial<Record<Exclude<Platform, 'console'>, PlatformFactory>>>;
