import { Configuration, PlaidApi, Products } from 'plaid';
import { entityLabelFor, suggestedKinds } from '../../../src/companion/entities/sensor-states.js';
import type { StoredItem } from '../../../src/companion/store/token-store.js';
import type { PlaidSim } from '../../../simulators/plaid/plaid-server.js';

/** The plaid SDK pointed at the simulator, as the companion configures it. */
export function sdkFor(sim: PlaidSim, secret = sim.secret): PlaidApi {
  return new PlaidApi(
    new Configuration({
      basePath: sim.url,
      baseOptions: {
        headers: { 'PLAID-CLIENT-ID': sim.clientId, 'PLAID-SECRET': secret, 'Plaid-Version': '2020-09-14' },
      },
    }),
  );
}

/**
 * Links `count` Items at the simulator the sandbox way (no Hosted Link) and
 * returns them as the companion stores a configured item, with `accountsPerItem`
 * accounts that all have a current balance.
 */
export async function linkSandboxItems(
  sim: PlaidSim,
  count: number,
  accountsPerItem = 2,
  createdAt = new Date().toISOString(),
  username = 'user_good',
): Promise<StoredItem[]> {
  const api = sdkFor(sim);
  const items: StoredItem[] = [];
  for (let n = 0; n < count; n++) {
    const { data: pub } = await api.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: [Products.Transactions],
      options: { override_username: username, override_password: username === 'user_good' ? 'pass_good' : 'any' },
    });
    const { data: ex } = await api.itemPublicTokenExchange({ public_token: pub.public_token });
    const { data: acc } = await api.accountsGet({ access_token: ex.access_token });
    const chosen = acc.accounts.filter((a) => a.balances.current !== null).slice(0, accountsPerItem);
    items.push({
      item_id: ex.item_id,
      access_token: ex.access_token,
      institution_id: 'ins_109508',
      institution_name: 'First Platypus Bank',
      entity_label: entityLabelFor('First Platypus Bank', items),
      account_masks: acc.accounts.map((a) => a.mask ?? ''),
      configured: true,
      accounts: chosen.map((a) => ({
        account_id: a.account_id,
        name: a.name,
        official_name: a.official_name,
        mask: a.mask,
        type: a.type,
        subtype: a.subtype,
        currency: a.balances.iso_currency_code ?? 'USD',
        kinds: suggestedKinds(a.balances),
        current: a.balances.current,
        available: a.balances.available,
        limit: a.balances.limit,
      })),
      last_refreshed: createdAt,
      status: 'ok',
      error: null,
      created_at: createdAt,
    });
  }
  return items;
}
