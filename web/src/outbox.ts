// The outbox of data entry (docs/ui.md, "Offline data entry"): every value
// typed is first saved on the device (IndexedDB), then sent. Nothing typed is
// lost: an entry leaves the outbox only when the server has stored it, or
// when the user chooses the server's value over theirs.
//
// A value is sent only if the server still holds the value the form showed
// when it was typed (`base`); if someone changed it meanwhile, the entry
// becomes a conflict for the user to settle, never a silent overwrite. The
// check reads the cell with its ETag and writes with If-Match, so a change
// between the read and the write is caught too (412).
import { createStore, get, set, type UseStore } from 'idb-keyval';
import { ApiError, call, callWithEtag, query } from './api';

export interface CellKey {
  de: string; // data element id
  pe: string; // period id
  ou: string; // org unit id
  co: string; // category option combo id
}

export type EntryState = 'pending' | 'conflict' | 'refused';

export interface Entry extends CellKey {
  value: string;
  comment?: string; // sent with the value when set
  base: string | null; // the server's value when the form was filled (null: none)
  typedAt: string; // ISO time
  state: EntryState;
  serverValue?: string | null; // for a conflict: what the server holds now
  serverBy?: string;
  message?: string; // for a refusal: the server's reason
}

export function cellId(k: CellKey): string {
  return `${k.de}|${k.pe}|${k.ou}|${k.co}`;
}

// Storage: one outbox per user on this device.
export interface OutboxStorage {
  load(user: string): Promise<Entry[]>;
  save(user: string, entries: Entry[]): Promise<void>;
}

let idbStore: UseStore | null = null;
export const indexedDbStorage: OutboxStorage = {
  async load(user) {
    idbStore ??= createStore('gemis', 'outbox');
    return (await get<Entry[]>(user, idbStore)) ?? [];
  },
  async save(user, entries) {
    idbStore ??= createStore('gemis', 'outbox');
    await set(user, entries, idbStore);
  },
};

export interface ServerCell {
  value: string | null;
  etag: string | null;
  storedBy?: string;
}

// How the outbox reaches the server (the real one in the app, a fake in tests).
export interface OutboxServer {
  read(k: CellKey): Promise<ServerCell>;
  write(k: CellKey, value: string, etag: string | null, comment?: string): Promise<void>;
}

export const apiServer: OutboxServer = {
  async read(k) {
    try {
      const { data, etag } = await callWithEtag<{ value?: string; storedBy?: string }>(
        `/api/dataValues${query({ de: k.de, pe: k.pe, ou: k.ou, co: k.co })}`,
      );
      return { value: data.value ?? null, etag, storedBy: data.storedBy };
    } catch (err) {
      // "no value yet" is a 404 naming the field value; any other 404 is real
      if (err instanceof ApiError && err.status === 404 && err.field === 'value') return { value: null, etag: null };
      throw err;
    }
  },
  async write(k, value, etag, comment) {
    const headers: Record<string, string> = etag ? { 'If-Match': etag } : {};
    if (value === '') {
      // an emptied cell deletes the value (its history stays on the server)
      await call(`/api/dataValues${query({ de: k.de, pe: k.pe, ou: k.ou, co: k.co })}`, { method: 'DELETE', headers });
      return;
    }
    await call('/api/dataValues', {
      method: 'POST',
      body: { dataElement: k.de, period: k.pe, orgUnit: k.ou, categoryOptionCombo: k.co, value, ...(comment !== undefined ? { comment } : {}) },
      headers,
    });
  },
};

export class Outbox {
  private entries: Entry[] = [];
  // What this page has seen the server store since the form was loaded.
  private confirmedValues = new Map<string, { value: string; comment?: string }>();
  private listeners = new Set<() => void>();
  private syncing: Promise<void> | null = null;
  private again = false;

  constructor(
    private user: string,
    private storage: OutboxStorage = indexedDbStorage,
    private server: OutboxServer = apiServer,
  ) {}

  async load(): Promise<void> {
    this.entries = await this.storage.load(this.user);
    this.emit();
  }

  all(): Entry[] {
    return this.entries;
  }

  // The value (and comment) the server stored for a cell after this page sent
  // it, so a form loaded before the send knows what the server holds now.
  confirmed(k: CellKey): { value: string; comment?: string } | undefined {
    return this.confirmedValues.get(cellId(k));
  }

  find(k: CellKey): Entry | undefined {
    const id = cellId(k);
    return this.entries.find((e) => cellId(e) === id);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // Saves a typed value (and its comment, when one is given) on the device. A
  // value typed over a queued one keeps the queued one's base: what the
  // server held before any of it.
  async put(k: CellKey, value: string, base: string | null, comment?: string): Promise<void> {
    const old = this.find(k);
    const note = comment ?? old?.comment;
    if (!old && value === (base ?? '') && note === undefined) return; // unchanged
    const entry: Entry = {
      de: k.de,
      pe: k.pe,
      ou: k.ou,
      co: k.co,
      value,
      comment: note,
      base: old ? old.base : base,
      typedAt: new Date().toISOString(),
      state: old?.state === 'conflict' ? 'conflict' : 'pending',
      serverValue: old?.serverValue,
      serverBy: old?.serverBy,
    };
    if (old && old.state !== 'conflict' && value === (old.base ?? '') && note === undefined) {
      // typed back to what the server holds: nothing to send
      this.entries = this.entries.filter((e) => e !== old);
    } else {
      this.entries = this.entries.filter((e) => e !== old).concat(entry);
    }
    await this.persist();
  }

  // Keeps the user's value over the server's: it is sent again, now against
  // the server's current value.
  async keepMine(k: CellKey): Promise<void> {
    const e = this.find(k);
    if (!e || e.state !== 'conflict') return;
    e.base = e.serverValue ?? null;
    e.state = 'pending';
    e.serverValue = undefined;
    e.serverBy = undefined;
    await this.persist();
  }

  // Drops the user's value (a conflict or a refusal): the server's stays.
  async takeServers(k: CellKey): Promise<void> {
    const id = cellId(k);
    this.entries = this.entries.filter((e) => cellId(e) !== id);
    await this.persist();
  }

  // Sends every pending entry, one at a time; stops at the first sign of no
  // connection (the rest wait for the next try). A call during a run makes
  // one more run follow it (a value typed meanwhile is not left waiting).
  sync(): Promise<void> {
    if (this.syncing) {
      this.again = true;
      return this.syncing;
    }
    this.syncing = (async () => {
      do {
        this.again = false;
        await this.runSync();
      } while (this.again);
    })().finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  // After `sent` reached the server: the entry that replaced it meanwhile (typed
  // during the send) now stands on what the server holds, not on the old base.
  private settle(sent: Entry): void {
    const id = cellId(sent);
    this.confirmedValues.set(id, { value: sent.value, comment: sent.comment });
    const current = this.entries.find((x) => cellId(x) === id);
    if (current === sent) {
      this.entries = this.entries.filter((x) => x !== sent);
    } else if (current) {
      current.base = sent.value;
    }
  }

  private async runSync(): Promise<void> {
    for (const e of [...this.entries]) {
      if (e.state !== 'pending') continue;
      try {
        const now = await this.server.read(e);
        if ((now.value ?? null) !== (e.base ?? null) && now.value !== e.value) {
          this.markConflict(e, now);
        } else if (now.value === e.value && e.comment === undefined) {
          this.settle(e); // already there
        } else {
          await this.server.write(e, e.value, now.etag, e.comment);
          this.settle(e);
        }
      } catch (err) {
        if (err instanceof ApiError && err.code === 'E_OFFLINE') break;
        if (err instanceof ApiError && err.status === 412) {
          const now = await this.server.read(e).catch(() => null);
          if (now) this.markConflict(e, now);
          else break;
        } else if (err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 401) {
          e.state = 'refused';
          e.message = err.message;
        } else {
          break; // signed out or a server fault: keep it and try later
        }
      }
      await this.persist();
    }
    await this.persist();
  }

  private markConflict(e: Entry, now: ServerCell): void {
    e.state = 'conflict';
    e.serverValue = now.value;
    e.serverBy = now.storedBy;
  }

  private async persist(): Promise<void> {
    await this.storage.save(this.user, this.entries);
    this.emit();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
