import { mkdir, lstat, chmod, unlink, rmdir } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect, sql, type PostgresPool, type PostgresPoolClient } from 'kysely';
import { Pool, TypeOverrides } from 'pg';
import type { Database } from './database.ts';

export interface ConnectOptions {
  /** A PostgreSQL connection string. Without one, an embedded PGlite database is used. */
  url?: string;
  /** PGlite data directory (default `./.pacer/db`); ignored when `url` is set. */
  dataDir?: string;
  /** Connections in the pool (default 10 for PostgreSQL, 4 for PGlite, which runs one query at a time). */
  poolSize?: number;
  /**
   * Called when an idle pooled connection breaks (server restart, network). The pool drops that
   * connection by itself; without a listener pg would crash the process, so the default ignores it.
   */
  onIdleError?: (error: Error) => void;
}

export interface DatabaseConnection {
  db: Kysely<Database>;
  /** Ends the pool, then (PGlite) stops the socket server and closes the database files. */
  close(): Promise<void>;
  /** True when a trivial query answers within a few seconds. */
  ping(): Promise<boolean>;
  kind: 'postgres' | 'pglite';
  /**
   * A connection string for other clients of the same database (e.g. BullMQ's Postgres backend).
   * For PGlite it names the private Unix socket; it lives only as long as this connection.
   */
  url: string;
}

export const DEFAULT_DATA_DIR = './.pacer/db';
const PING_TIMEOUT_MS = 5_000;
/** Room on the PGlite socket for clients beside our pool (BullMQ's backend, a psql session). */
const PGLITE_EXTRA_CONNECTIONS = 8;
/** Linux's sun_path holds 108 bytes including the terminating NUL. */
const MAX_SOCKET_PATH_BYTES = 107;
/** pg reaches a Unix socket as `<host dir>/.s.PGSQL.<port>`, so the file must be named that way. */
const SOCKET_PORT = 5432;

/**
 * Type parsers for this pool only (pg's global registry would leak into every other pg user):
 * int8 → bigint, so money in minor units never loses precision; DATE → its ISO text, because a
 * calendar date has no time zone and pg would otherwise turn it into a local-midnight Date.
 */
function createTypeParsers(): TypeOverrides {
  const types = new TypeOverrides();
  types.setTypeParser(20, (value: string) => BigInt(value));
  types.setTypeParser(1082, (value: string) => value);
  return types;
}

/**
 * Opens the database: PostgreSQL when `url` is given, otherwise an embedded PGlite on disk.
 * @example
 * const { db, close } = await connectDatabase({ url: process.env.DATABASE_URL });
 * try { await migrateToLatest(db); } finally { await close(); }
 */
export async function connectDatabase(options: ConnectOptions = {}): Promise<DatabaseConnection> {
  return options.url ? connectPostgres(options.url, options) : connectPglite(options);
}

function createKysely(pool: Pool, onIdleError: ConnectOptions['onIdleError'], named: boolean): Kysely<Database> {
  pool.on('error', (error) => onIdleError?.(error));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: named ? preparedStatements(pool) : pool }) });
}

/**
 * Names every parameterised statement after its text, so each connection asks PostgreSQL to parse
 * it once and reuses it after (pg keeps the names per connection). On the command path every
 * statement is one of a few dozen shapes, and parsing them again each time was a measurable share of
 * PostgreSQL's work per command. Plans stay custom where a generic one would be worse (PostgreSQL
 * compares), so the partial indexes on `stage <> 'lost'` keep being used. Not on PGlite: there every
 * socket connection shares one backend session, so a name prepared on one connection would collide
 * on the next.
 */
function preparedStatements(pool: Pool): PostgresPool {
  const names = new Map<string, string>();
  const nameOf = (text: string, fresh = false): string => {
    let name = names.get(text);
    if (name === undefined || fresh) {
      name = `k${createHash('sha1').update(`${text}#${names.size}`).digest('hex').slice(0, 20)}`;
      names.set(text, name);
    }
    return name;
  };
  return {
    options: pool.options,
    async connect() {
      const client = await pool.connect();
      const named = async (text: string, values: unknown[]): Promise<unknown> => {
        try {
          return await client.query({ name: nameOf(text), text, values });
        } catch (error) {
          // After a migration changed a table under it (a rolling deploy), PostgreSQL refuses a
          // prepared `select *` whose columns changed: prepare it again under a new name, once.
          // (Inside a transaction the retry fails too, aborted; the new name serves the next try.)
          if (!isStalePlan(error)) throw error;
          return client.query({ name: nameOf(text, true), text, values });
        }
      };
      const query = (text: unknown, values?: readonly unknown[]): unknown =>
        typeof text === 'string' && values !== undefined && values.length > 0
          ? named(text, [...values])
          : client.query(text as string, values as unknown[]);
      return { query, release: (destroy?: boolean) => client.release(destroy) } as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}

const isStalePlan = (error: unknown): boolean =>
  error instanceof Error && 'code' in error && error.code === '0A000' && /cached plan must not change result type/.test(error.message);

async function ping(db: Kysely<Database>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolveTimeout) => {
    timer = setTimeout(() => resolveTimeout(false), PING_TIMEOUT_MS);
  });
  const query = sql<{ ok: number }>`select 1 as ok`
    .execute(db)
    .then((r) => r.rows[0]?.ok === 1)
    .catch(() => false);
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function connectPostgres(url: string, options: ConnectOptions): Promise<DatabaseConnection> {
  const pool = new Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types: createTypeParsers(),
    // Fail a checkout instead of hanging forever when the server is unreachable.
    connectionTimeoutMillis: 10_000,
  });
  const db = createKysely(pool, options.onIdleError, true);
  let closing: Promise<void> | undefined;
  // Idempotent: shutdown paths (signal handler, test teardown) may both call it.
  return { db, kind: 'postgres', url, ping: () => ping(db), close: () => (closing ??= db.destroy()) };
}

async function connectPglite(options: ConnectOptions): Promise<DatabaseConnection> {
  const dataDir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const poolSize = options.poolSize ?? 4;
  const socketDir = await preparePrivateSocketDir(dataDir);
  const socketPath = join(socketDir, `.s.PGSQL.${SOCKET_PORT}`);
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH_BYTES) {
    throw new Error(`PGlite data directory path is too long for its Unix socket (${socketPath}); use a shorter dataDir`);
  }
  await removeStaleSocket(socketPath, dataDir);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });

  // Loaded lazily: the WASM build is large and PostgreSQL deployments never need it.
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const pglite = await PGlite.create({ dataDir });
  const server = new PGLiteSocketServer({
    db: pglite,
    path: socketPath,
    // The server refuses connections beyond this (its default is 1), so leave room above the pool.
    maxConnections: poolSize + PGLITE_EXTRA_CONNECTIONS,
  });
  try {
    await server.start();
  } catch (error) {
    await pglite.close();
    throw error;
  }

  const pool = new Pool({
    host: socketDir,
    port: SOCKET_PORT,
    user: 'postgres',
    database: 'postgres',
    max: poolSize,
    types: createTypeParsers(),
    connectionTimeoutMillis: 10_000,
  });
  const db = createKysely(pool, options.onIdleError, false);
  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    // Order matters: clients first (so no query is cut off), then the socket, then the files.
    await db.destroy();
    await server.stop();
    await pglite.close();
    await rmdir(socketDir).catch(() => undefined);
  };
  return {
    db,
    kind: 'pglite',
    url: `postgresql://postgres@localhost:${SOCKET_PORT}/postgres?host=${encodeURIComponent(socketDir)}`,
    ping: () => ping(db),
    // Idempotent: shutdown paths (signal handler, test teardown) may both call it.
    close: () => (closing ??= close()),
  };
}

/**
 * The socket lives in a directory of its own beside the data directory, mode 0700 and owned by us,
 * so only this user can connect: PGlite accepts any user without a password.
 */
async function preparePrivateSocketDir(dataDir: string): Promise<string> {
  const socketDir = join(dirname(dataDir), `.${basename(dataDir)}.socket`);
  await mkdir(dirname(dataDir), { recursive: true, mode: 0o700 });
  await mkdir(socketDir, { mode: 0o700 }).catch((error: unknown) => {
    if (!isErrnoException(error) || error.code !== 'EEXIST') throw error;
  });
  const stats = await lstat(socketDir);
  const uid = process.getuid?.();
  if (!stats.isDirectory() || (uid !== undefined && stats.uid !== uid)) {
    throw new Error(`${socketDir} must be a directory owned by this user (it holds PGlite's socket)`);
  }
  await chmod(socketDir, 0o700);
  return socketDir;
}

/**
 * A socket file left by a crashed process blocks `listen`; a live one means another process has
 * this data directory open, and PGlite must never be opened twice on the same files.
 */
async function removeStaleSocket(socketPath: string, dataDir: string): Promise<void> {
  const exists = await lstat(socketPath).then(
    () => true,
    () => false,
  );
  if (!exists) return;
  const alive = await new Promise<boolean>((resolveAlive) => {
    const probe = createConnection(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolveAlive(true);
    });
    probe.once('error', () => resolveAlive(false));
  });
  if (alive) {
    throw new Error(`Another process is already serving the PGlite database in ${dataDir} (socket ${socketPath})`);
  }
  await unlink(socketPath);
}

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}
