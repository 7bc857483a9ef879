import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  CATEGORY_ICONS,
  DEFAULT_CATEGORY_ICON,
  EVENT_TYPE_ICONS,
  categoryIcon,
} from '../../src/card/category-icons.js';

/** The icons HA's frontend bundles (postinstall fetches HA's frontend into .cache). */
const HA_ICONS = new Set(
  (
    JSON.parse(readFileSync('.cache/ha-frontend/hass_frontend/static/mdi/iconList.json', 'utf8')) as { name: string }[]
  ).map((i) => `mdi:${i.name}`),
);

const PLAID_PRIMARY_CATEGORIES = [
  'INCOME',
  'TRANSFER_IN',
  'TRANSFER_OUT',
  'LOAN_PAYMENTS',
  'BANK_FEES',
  'ENTERTAINMENT',
  'FOOD_AND_DRINK',
  'GENERAL_MERCHANDISE',
  'HOME_IMPROVEMENT',
  'MEDICAL',
  'PERSONAL_CARE',
  'GENERAL_SERVICES',
  'GOVERNMENT_AND_NON_PROFIT',
  'TRANSPORTATION',
  'TRAVEL',
  'RENT_AND_UTILITIES',
];

describe('category icons', () => {
  it("has an icon for each of Plaid's 16 primary categories", () => {
    assert.deepEqual(Object.keys(CATEGORY_ICONS).sort(), [...PLAID_PRIMARY_CATEGORIES].sort());
  });

  it("uses only icons HA's frontend bundles", () => {
    const all = [...Object.values(CATEGORY_ICONS), ...Object.values(EVENT_TYPE_ICONS), DEFAULT_CATEGORY_ICON];
    assert.deepEqual(
      all.filter((icon) => !HA_ICONS.has(icon!)),
      [],
    );
  });

  it('lets income, transfers and payments pick their own, and falls back for the unknown', () => {
    assert.equal(categoryIcon('FOOD_AND_DRINK', 'purchase'), 'mdi:silverware-fork-knife');
    assert.equal(categoryIcon('TRANSFER_OUT', 'transfer'), 'mdi:bank-transfer');
    assert.equal(categoryIcon('LOAN_PAYMENTS', 'payment'), 'mdi:credit-card-check');
    assert.equal(categoryIcon('INCOME', 'income'), 'mdi:cash-plus');
    assert.equal(categoryIcon('SOMETHING_NEW', 'purchase'), DEFAULT_CATEGORY_ICON);
    assert.equal(categoryIcon('constructor', 'fee'), DEFAULT_CATEGORY_ICON);
    assert.equal(categoryIcon(null, 'refund'), DEFAULT_CATEGORY_ICON);
  });
});
