import { html, type TemplateResult } from 'lit';
import type { BalanceKind } from '../../protocol/index.js';
import type { Localize } from '../localize.js';

/**
 * An entity id that may wrap on a phone, but only after a `.` or `_`, never
 * mid-word (`sensor.plaid_first_platypus_bank_0000_available` has no spaces).
 */
export function entityIdText(entityId: string): TemplateResult[] {
  return entityId.split(/(?<=[._])/).map((part) => html`${part}<wbr />`);
}

export function kindLabel(t: Localize, kind: BalanceKind): string {
  return t(kind === 'current' ? 'dialog.form_current' : 'dialog.form_available');
}
