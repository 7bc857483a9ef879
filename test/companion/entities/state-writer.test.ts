// A removal and a write of the same Item can overlap: a reconnect's writeAll or
// a poll under way when the user presses Remove. REST writes go on parallel
// requests, so HA may apply a write after the delete and the removed bank's
// sensors come back. The StateWriter makes the removal wait for the writes in
// flight and drops the ones that start after it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntitySink } from '../../../src/companion/entities/entity-sink.js';
import { StateWriter } from '../../../src/companion/entities/state-writer.js';
import type { StoredItem } from '../../../src/companion/store/token-store.js';
import { memoryLogger, storedItem } from '../helpers/fixtures.js';

/** A sink whose writes finish only when the test says so; it records what HA would end up with. */
class SlowSink implements EntitySink {
  readonly inHa = new Set<string>();
  readonly calls: string[] = [];
  private readonly gates: Array<() => void> = [];

  private gate(): Promise<void> {
    return new Promise((resolve) => this.gates.push(resolve));
  }

  finishWrites(): void {
    for (const open of this.gates.splice(0)) open();
  }

  async writeItem(item: StoredItem): Promise<boolean> {
    this.calls.push(`write ${item.item_id}`);
    await this.gate();
    this.inHa.add(item.item_id);
    return true;
  }

  async writeAll(items: readonly StoredItem[]): Promise<boolean> {
    this.calls.push(`writeAll ${items.map((i) => i.item_id).join(',')}`);
    await this.gate();
    for (const i of items) this.inHa.add(i.item_id);
    return true;
  }

  async removeItem(item: StoredItem): Promise<string[]> {
    this.calls.push(`remove ${item.item_id}`);
    this.inHa.delete(item.item_id);
    return [item.item_id];
  }

  async close(): Promise<void> {}
}

const tick = () => new Promise((r) => setImmediate(r));

describe('StateWriter: removal against writes in flight', () => {
  const noService = { callService: async () => undefined };

  it("a reconnect's writeAll still under way when the Item is removed does not bring its entities back", async () => {
    const sink = new SlowSink();
    const writer = new StateWriter(noService, sink, memoryLogger());
    const a = storedItem({ item_id: 'item_a' });
    const b = storedItem({ item_id: 'item_b' });
    const writing = writer.writeAll([a, b]);
    const removing = writer.removeItem(a);
    await tick();
    assert.deepEqual(sink.calls, ['writeAll item_a,item_b'], 'the removal waits for the write HA has not answered');
    sink.finishWrites();
    await Promise.all([writing, removing]);
    assert.deepEqual(sink.calls, ['writeAll item_a,item_b', 'remove item_a']);
    assert.deepEqual([...sink.inHa], ['item_b']);
  });

  it(
    'a poll that ends after the removal writes nothing for the removed Item, ' + 'and other Items keep being written',
    async () => {
      const sink = new SlowSink();
      const writer = new StateWriter(noService, sink, memoryLogger());
      const a = storedItem({ item_id: 'item_a' });
      await writer.removeItem(a);
      await writer.itemChanged(a, { ...a, status: 'login_required' });
      const all = writer.writeAll([a]);
      sink.finishWrites();
      await all;
      assert.deepEqual(sink.calls, ['remove item_a', 'writeAll '], 'nothing written for the removed Item');
      const b = storedItem({ item_id: 'item_b' });
      const written = writer.writeItem(b);
      sink.finishWrites();
      assert.equal(await written, true);
      assert.deepEqual([...sink.inHa], ['item_b']);
    },
  );

  it('without a write in flight the removal goes straight to HA', async () => {
    const sink = new SlowSink();
    const writer = new StateWriter(noService, sink, memoryLogger());
    assert.deepEqual(await writer.removeItem(storedItem({ item_id: 'item_a' })), ['item_a']);
    assert.deepEqual(sink.calls, ['remove item_a']);
  });
});
