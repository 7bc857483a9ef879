import type { ItemStatus } from '../protocol/attributes.js';
import type { Localize } from './localize.js';

export interface Badge {
  kind: 'warning' | 'error';
  text: string;
}

/**
 * The badge a bank's connection status earns, the same in the card's rows and the dialog's list; none when it is fine.
 */
export function itemStatusBadge(status: ItemStatus | null, localize: Localize): Badge | null {
  switch (status) {
    case 'login_required':
      return { kind: 'error', text: localize('card.badge_login_required') };
    case 'pending_expiration':
      return { kind: 'warning', text: localize('card.badge_pending_expiration') };
    case 'error':
      return { kind: 'error', text: localize('card.badge_error') };
    default:
      return null;
  }
}
