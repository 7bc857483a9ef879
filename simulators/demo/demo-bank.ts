/** The bank `npm run demo -- --linked` links at start: Plaid's Sandbox First Platypus Bank (plaid/institutions.ts). */
export const DEMO_BANK = { institutionId: 'ins_109508', name: 'First Platypus Bank' } as const;
/**
 * What the companion asks Plaid for in `demo --linked`: Liabilities too, so
 * the linked bank's cards and loans show their payment due dates at once.
 */
export const DEMO_PLAID_PRODUCTS = 'transactions,liabilities';
