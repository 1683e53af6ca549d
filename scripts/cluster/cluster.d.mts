// Types of cluster.mjs for the TypeScript tests and benches that start the cluster.
import type { ChildProcess } from 'node:child_process';

export interface ClusterOptions {
  /** Where the databases and the demo's files live; a temp dir (removed at stop) when omitted. */
  dir?: string;
  /** Sync-server replicas (3). */
  servers?: number;
  /** HAProxy's port (a free one). */
  port?: number;
  /** The apps' browser origins the servers allow. */
  corsOrigins?: string[];
  /** false: fsync off — for tests and throwaway runs only. Default true. */
  durable?: boolean;
  /** Extra environment for every replica. */
  serverEnv?: Record<string, string>;
  /** PostgreSQL settings (`-c name=value`) for the primary and the standby. */
  postgresSettings?: Record<string, string | number>;
  log?: (line: string) => void;
}

export interface Replica {
  name: string;
  port: number;
  url: string;
  child: { child: ChildProcess; exited: Promise<{ code: number | null; signal: string | null }>; stop: () => Promise<void> };
}

export interface Cluster {
  /** HAProxy: the one address devices and apps use. */
  url: string;
  primaryUrl: string;
  standbyUrl: string;
  /** DATA_DIR of the replicas (demo-secrets.json lives here). */
  dataDir: string;
  replicas: Replica[];
  kill(index: number): Promise<void>;
  restart(index: number): Promise<Replica>;
  waitForReplay(): Promise<void>;
  stop(): Promise<void>;
}

export function startCluster(options?: ClusterOptions): Promise<Cluster>;

/** Each server's connections to the primary: about three per core of the primary's, shared by the servers (at least 2). */
export function poolPerReplica(replicas: number, cores?: number): number;
