/** Custom element tag names, in one place so a rename cannot miss a use. */
export const CARD_TAG = 'plaid-balance-card';
export const DIALOG_TAG = 'plaid-balance-link-dialog';
