import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type Db = Database.Database;

/**
 * The one embedded database file: campaigns and call events keep what must survive a restart here.
 * WAL lets the page read while a webhook writes; `synchronous = NORMAL` is durable across a process
 * crash (kill -9), which is the failure we design for (a power cut may lose the last transactions).
 * Each feature creates its own tables with `CREATE TABLE IF NOT EXISTS` when it opens.
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  return db;
}
