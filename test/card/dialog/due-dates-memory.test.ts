import assert from 'node:assert/strict';
import { it } from 'node:test';
import { DUE_DATES_CONSENT_KEY, localDueDatesMemory } from '../../../src/card/dialog/due-dates-memory.js';

class MemoryStorage {
  readonly values = new Map<string, string>();
  getItem(key: string): string | null {
    return this.values.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.values.set(key, value);
  }
}

it('remembers the last answer under its key, unticked until there is one', () => {
  const storage = new MemoryStorage();
  const memory = localDueDatesMemory(() => storage as unknown as Storage);
  assert.equal(memory.read(), false);
  memory.write(true);
  assert.equal(storage.values.get(DUE_DATES_CONSENT_KEY), 'true');
  assert.equal(memory.read(), true);
  memory.write(false);
  assert.equal(memory.read(), false);
});

it('starts unticked and keeps nothing where the browser refuses storage', () => {
  const memory = localDueDatesMemory(() => {
    throw new DOMException('denied', 'SecurityError');
  });
  assert.equal(memory.read(), false);
  assert.doesNotThrow(() => memory.write(true));
});
