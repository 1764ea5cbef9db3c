import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from './api';
import { Outbox, cellId, type CellKey, type Entry, type OutboxServer, type OutboxStorage, type ServerCell } from './outbox';

class MemoryStorage implements OutboxStorage {
  saved = new Map<string, Entry[]>();
  async load(user: string) {
    return structuredClone(this.saved.get(user) ?? []);
  }
  async save(user: string, entries: Entry[]) {
    this.saved.set(user, structuredClone(entries));
  }
}

// A server holding cells with a version each; it can be "offline", and it
// can be made to change a cell between a read and a write (a race).
class FakeServer implements OutboxServer {
  cells = new Map<string, { value: string; version: number; by: string }>();
  offline = false;
  refuse: string | null = null;
  raceOnce: ((id: string) => void) | null = null;
  writes: string[] = [];
  comments: string[] = [];
  async read(k: CellKey): Promise<ServerCell> {
    if (this.offline) throw new ApiError(0, 'E_OFFLINE', '');
    const c = this.cells.get(cellId(k));
    return c ? { value: c.value, etag: `v${c.version}`, storedBy: c.by } : { value: null, etag: null };
  }
  async write(k: CellKey, value: string, etag: string | null, comment?: string): Promise<void> {
    if (comment !== undefined) this.comments.push(comment);
    if (this.offline) throw new ApiError(0, 'E_OFFLINE', '');
    if (this.refuse) throw new ApiError(409, 'E_CONFLICT', this.refuse);
    const id = cellId(k);
    if (this.raceOnce) {
      const race = this.raceOnce;
      this.raceOnce = null;
      race(id);
    }
    const c = this.cells.get(id);
    if (c && etag !== `v${c.version}`) throw new ApiError(412, 'E_PRECONDITION', 'changed');
    this.cells.set(id, { value, version: (c?.version ?? 0) + 1, by: 'me' });
    this.writes.push(`${id}=${value}`);
  }
}

const cell: CellKey = { de: 'DE1', pe: '2024', ou: 'OU1', co: 'CO1' };
const other: CellKey = { de: 'DE2', pe: '2024', ou: 'OU1', co: 'CO1' };

let storage: MemoryStorage;
let server: FakeServer;
let box: Outbox;
beforeEach(async () => {
  storage = new MemoryStorage();
  server = new FakeServer();
  box = new Outbox('demo.xa', storage, server);
  await box.load();
});

describe('Outbox', () => {
  it('keeps a typed value on the device before anything is sent', async () => {
    await box.put(cell, '3', null);
    expect(storage.saved.get('demo.xa')?.map((e) => [e.value, e.state])).toEqual([['3', 'pending']]);
    const again = new Outbox('demo.xa', storage, server);
    await again.load();
    expect(again.find(cell)?.value).toBe('3');
  });

  it('sends pending values and empties itself', async () => {
    await box.put(cell, '3', null);
    await box.put(other, '5', null);
    await box.sync();
    expect(server.writes).toEqual(['DE1|2024|OU1|CO1=3', 'DE2|2024|OU1|CO1=5']);
    expect(box.all()).toEqual([]);
    expect(box.confirmed(cell)).toEqual({ value: '3', comment: undefined });
    expect(storage.saved.get('demo.xa')).toEqual([]);
  });

  it('keeps everything while offline and sends it when the connection returns', async () => {
    server.offline = true;
    await box.put(cell, '3', null);
    await box.sync();
    expect(box.find(cell)?.state).toBe('pending');
    expect(server.writes).toEqual([]);
    server.offline = false;
    await box.sync();
    expect(server.writes).toEqual(['DE1|2024|OU1|CO1=3']);
  });

  it('turns a value the server changed meanwhile into a conflict, never overwriting it', async () => {
    server.cells.set(cellId(cell), { value: '1', version: 1, by: 'demo.tinh' });
    await box.put(cell, '3', '1'); // typed over the 1 the form showed
    server.cells.set(cellId(cell), { value: '2', version: 2, by: 'demo.huyen' }); // changed elsewhere
    await box.sync();
    const e = box.find(cell)!;
    expect(e.state).toBe('conflict');
    expect(e.serverValue).toBe('2');
    expect(e.serverBy).toBe('demo.huyen');
    expect(server.cells.get(cellId(cell))?.value).toBe('2');
    // A conflict is not retried until the user settles it.
    await box.sync();
    expect(server.writes).toEqual([]);
  });

  it('sends the user’s value over the server’s once they choose to keep theirs', async () => {
    server.cells.set(cellId(cell), { value: '2', version: 2, by: 'demo.huyen' });
    await box.put(cell, '3', '1');
    await box.sync();
    await box.keepMine(cell);
    expect(box.find(cell)?.state).toBe('pending');
    await box.sync();
    expect(server.cells.get(cellId(cell))?.value).toBe('3');
    expect(box.all()).toEqual([]);
  });

  it('drops the user’s value when they take the server’s', async () => {
    server.cells.set(cellId(cell), { value: '2', version: 2, by: 'demo.huyen' });
    await box.put(cell, '3', '1');
    await box.sync();
    await box.takeServers(cell);
    expect(box.all()).toEqual([]);
    expect(server.cells.get(cellId(cell))?.value).toBe('2');
  });

  it('catches a change between its read and its write (412) as a conflict', async () => {
    server.cells.set(cellId(cell), { value: '1', version: 1, by: 'demo.tinh' });
    await box.put(cell, '3', '1');
    server.raceOnce = (id) => server.cells.set(id, { value: '9', version: 5, by: 'demo.tinh' });
    await box.sync();
    expect(box.find(cell)?.state).toBe('conflict');
    expect(box.find(cell)?.serverValue).toBe('9');
  });

  it('marks a value the server refuses, with its reason, and keeps it until the user drops it', async () => {
    server.refuse = 'computed from model records';
    await box.put(cell, '3', null);
    await box.sync();
    expect(box.find(cell)?.state).toBe('refused');
    expect(box.find(cell)?.message).toBe('computed from model records');
    await box.takeServers(cell);
    expect(box.all()).toEqual([]);
  });

  it('forgets a value typed back to what the server holds, and ignores an unchanged one', async () => {
    await box.put(cell, '3', '1');
    await box.put(cell, '1', '1');
    expect(box.all()).toEqual([]);
    await box.put(other, '4', '4');
    expect(box.all()).toEqual([]);
  });

  it('keeps the first base when a queued value is typed over', async () => {
    await box.put(cell, '3', '1');
    await box.put(cell, '4', '3');
    expect(box.find(cell)?.base).toBe('1');
    expect(box.find(cell)?.value).toBe('4');
  });

  it('counts a value already on the server as sent', async () => {
    server.cells.set(cellId(cell), { value: '3', version: 1, by: 'demo.huyen' });
    await box.put(cell, '3', null);
    await box.sync();
    expect(box.all()).toEqual([]);
    expect(server.writes).toEqual([]);
  });

  it('sends a comment with its value, even when only the comment changed', async () => {
    server.cells.set(cellId(cell), { value: '3', version: 1, by: 'demo.huyen' });
    await box.put(cell, '3', '3', 'số liệu từ báo cáo quý 4');
    expect(box.find(cell)?.comment).toBe('số liệu từ báo cáo quý 4');
    await box.sync();
    expect(server.comments).toEqual(['số liệu từ báo cáo quý 4']);
    expect(box.all()).toEqual([]);
  });

  it('sends a value typed while another send was under way, standing on what was sent', async () => {
    let release: () => void = () => {};
    const slow = new Promise<void>((r) => (release = r));
    const write = server.write.bind(server);
    let first = true;
    server.write = async (k, v, etag, c) => {
      if (first) {
        first = false;
        await slow;
      }
      return write(k, v, etag, c);
    };
    await box.put(cell, '2', null);
    const running = box.sync();
    await new Promise((r) => setTimeout(r, 0));
    await box.put(cell, '3', null); // typed during the send of 2
    const second = box.sync();
    release();
    await running;
    await second;
    expect(server.writes).toEqual(['DE1|2024|OU1|CO1=2', 'DE1|2024|OU1|CO1=3']);
    expect(box.all()).toEqual([]);
  });

  it('keeps one outbox per user', async () => {
    await box.put(cell, '3', null);
    const other = new Outbox('demo.tinh', storage, server);
    await other.load();
    expect(other.all()).toEqual([]);
  });
});
