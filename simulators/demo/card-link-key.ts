// What a card does with the Hosted Link seal (src/protocol/sealed-link.ts), for
// the test clients and the bench that play the card over a real HA connection:
// send a public key with flow/start, open the sealed URL of the external step.
import { type FlowStep } from '../../src/protocol/index.js';
import { createLinkKeyPair, openSealedLink } from '../../src/protocol/sealed-link.js';

export class CardLinkKey {
  readonly pair = createLinkKeyPair();

  /** `args` as the card sends them: flow/start carries the key unless the caller chose one. */
  args(action: string, args: Record<string, unknown>): Record<string, unknown> {
    return action === 'flow/start' && !('link_key' in args) ? { ...args, link_key: this.pair.publicKey } : args;
  }

  /** The Hosted Link URL of an `external` step sealed to this key. */
  url(step: FlowStep): string {
    if (step.type !== 'external') throw new Error(`expected the external step, got ${step.type}`);
    return openSealedLink(step.sealed_url, this.pair);
  }
}
