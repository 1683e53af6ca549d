// Types of postgres.mjs for the TypeScript test setup.
export function pgBinDir(): string | undefined;
export function ownByPostgres(dir: string): void;
export function initdb(bin: string, data: string): void;
export function basebackup(bin: string, options: { primaryPort: number; data: string; slot: string }): void;
export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}
export function startServer(
  bin: string,
  options: {
    data: string;
    port?: number;
    socketDir: string;
    settings?: Record<string, string | number>;
    durable?: boolean;
    timeoutMs?: number;
  },
): Promise<RunningServer>;
export function waitForReplay(primaryUrl: string, standbyUrl: string, timeoutMs?: number): Promise<void>;
