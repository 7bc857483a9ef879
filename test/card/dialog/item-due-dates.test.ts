import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { itemDueDates } from '../../../src/card/dialog/item-due-dates.js';
import { dialogLocalize } from '../../../src/card/dialog/dialog-localize.js';
import { dueDatesMessage } from '../../../src/companion/liabilities/due-dates.js';
import type { StoredItem } from '../../../src/companion/store/store-file.js';
import type { DueDatesStatus, ItemSummary } from '../../../src/protocol/index.js';

const ITEM: ItemSummary = {
  item_id: 'item_1',
  institution_id: 'ins_109508',
  institution_name: 'First Platypus Bank',
  status: 'ok',
  error: null,
  last_refreshed: null,
  entities: [],
};

const withDueDates = (due_dates: DueDatesStatus | null, due_dates_message: string | null = null): ItemSummary => ({
  ...ITEM,
  due_dates,
  due_dates_message,
});

describe('what the list of linked banks shows of payment due dates', () => {
  it('offers nothing where the companion names no status (a companion before 0.3.0)', () => {
    assert.deepEqual(itemDueDates(ITEM), { canAdd: false, note: null, detail: null });
  });

  it('offers to add them to a bank linked without them, or whose consent Plaid misses', () => {
    assert.deepEqual(itemDueDates(withDueDates(null)), { canAdd: true, note: null, detail: null });
    assert.equal(itemDueDates(withDueDates('not_consented')).canAdd, true);
    for (const status of ['pending', 'ok', 'not_supported', 'error'] as const)
      assert.equal(itemDueDates(withDueDates(status)).canAdd, false, status);
  });

  it("says why they are missing, with Plaid's error in the companion's words", () => {
    assert.equal(itemDueDates(withDueDates('ok')).note, null);
    assert.equal(itemDueDates(withDueDates('not_supported')).note, 'dialog.due_dates_not_supported');
    const failed = itemDueDates(withDueDates('error', 'Payment due dates could not be read (bank down); …'));
    assert.deepEqual(
      [failed.note, failed.detail],
      ['dialog.due_dates_error', 'Payment due dates could not be read (bank down); …'],
    );
  });

  it("in English, the words are the companion's own (the problem sensor's due_dates_message)", () => {
    const t = dialogLocalize('en');
    for (const status of ['not_supported', 'not_consented'] as const) {
      const stored = { institution_name: 'First Platypus Bank', due_dates: { status } } as StoredItem;
      const note = itemDueDates(withDueDates(status)).note!;
      assert.equal(t(note, { institution: 'First Platypus Bank' }), dueDatesMessage(stored), status);
    }
  });
});
