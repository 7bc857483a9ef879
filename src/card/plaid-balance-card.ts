import { PROJECT_URL } from '../protocol/events.js';
import { CARD_TAG } from './const.js';
import './card/card.js';

interface CustomCardEntry {
  type: string;
  name: string;
  description: string;
  preview?: boolean;
  documentationURL?: string;
}

declare global {
  interface Window {
    customCards?: CustomCardEntry[];
  }
}

// HA's card picker lists what is registered here.
window.customCards ??= [];
if (!window.customCards.some((c) => c.type === CARD_TAG)) {
  window.customCards.push({
    type: CARD_TAG,
    name: 'Plaid Balance',
    description: 'Bank balances from Plaid, with linking, reconnecting and removing banks for admins.',
    preview: true,
    // HA's card editor shows a help button that opens it.
    documentationURL: `${PROJECT_URL}#the-card`,
  });
}
