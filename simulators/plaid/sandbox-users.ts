// Plaid's Sandbox test users the simulator knows (plaid.com/docs/sandbox/test-credentials):
// user_good / pass_good gets the institution's full set of Sandbox accounts and
// Plaid's fixed transaction data; user_transactions_dynamic, with any non-blank
// password, gets a checking and a credit card account whose transactions move
// (pending ones post, new ones arrive) on /transactions/refresh.
import type { AccountTemplate, InstitutionDef } from './institutions.js';

export const SANDBOX_USERNAME = 'user_good';
export const SANDBOX_PASSWORD = 'pass_good';
export const DYNAMIC_USERNAME = 'user_transactions_dynamic';

export function sandboxLoginValid(username: string, password: string): boolean {
  if (username === DYNAMIC_USERNAME) return password.trim() !== '';
  return username === SANDBOX_USERNAME && password === SANDBOX_PASSWORD;
}

/** The accounts a Sandbox user has at an institution. */
export function sandboxAccountTemplates(username: string, inst: InstitutionDef): AccountTemplate[] {
  if (username !== DYNAMIC_USERNAME) return inst.accounts;
  return inst.accounts.filter((a) => a.subtype === 'checking' || a.subtype === 'credit card');
}
