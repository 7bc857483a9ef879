/** The bank `npm run demo -- --linked` links at start: Plaid's Sandbox First Platypus Bank (plaid/institutions.ts). */
export const DEMO_BANK = { institutionId: 'ins_109508', name: 'First Platypus Bank' } as const;
