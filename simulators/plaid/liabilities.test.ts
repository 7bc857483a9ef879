// /liabilities/get through the real `plaid` SDK: Sandbox's card, student loan and
// mortgage for user_good at First Platypus Bank, due dates from the sim's clock
// and the control that moves them, and the errors for Items that cannot have it:
// an institution without Liabilities, an Item linked without consent until
// update mode with additional_consented_products adds it on the Hosted Link page,
// and Liabilities asked for as an optional product at Link.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { CountryCode, Products, type PlaidApi } from 'plaid';
import { dayNumber, dayString } from './calendar-days.js';
import { completeHostedLink } from './hosted-link-user.js';
import { assertMatchesSpec } from './spec-validator.js';
import { assertSpecClean, sdkClient, sdkError, startCheckedSim, type CheckedSim } from './test-support.js';

let checked: CheckedSim;
const clock = Date.parse('2025-09-20T08:00:00Z');
before(async () => {
  checked = await startCheckedSim({ now: () => clock });
});
after(async () => {
  await checked.close();
  assertSpecClean(checked);
});

async function item(plaid: PlaidApi, products: Products[], institution_id = 'ins_109508'): Promise<string> {
  const created = await plaid.sandboxPublicTokenCreate({ institution_id, initial_products: products });
  return (await plaid.itemPublicTokenExchange({ public_token: created.data.public_token })).data.access_token;
}

const inDays = (days: number): string => dayString(dayNumber(clock) + days);

it("answers Sandbox's credit card, student loan and mortgage with due dates from the clock", async () => {
  const plaid = sdkClient(checked.sim);
  const access_token = await item(plaid, [Products.Liabilities]);
  const { data } = await plaid.liabilitiesGet({ access_token });
  assertMatchesSpec('/liabilities/get', 200, data);
  const [card] = data.liabilities.credit!;
  assert.equal(card!.account_id, data.accounts.find((a) => a.mask === '3333')!.account_id);
  assert.deepEqual(
    card!.aprs.map((a) => [a.apr_type, a.apr_percentage]),
    [
      ['balance_transfer_apr', 15.24],
      ['cash_apr', 27.95],
      ['purchase_apr', 12.5],
      ['special', 0],
    ],
  );
  assert.deepEqual(
    [card!.is_overdue, card!.last_payment_amount, card!.last_statement_balance, card!.minimum_payment_amount],
    [false, 168.25, 1708.77, 20],
  );
  assert.equal(card!.next_payment_due_date, inDays(4));
  assert.ok(card!.last_statement_issue_date! < card!.next_payment_due_date!);
  const [student] = data.liabilities.student!;
  assert.deepEqual([student!.guarantor, student!.interest_rate_percentage], ['DEPT OF ED', 5.25]);
  assert.equal(student!.next_payment_due_date, inDays(17));
  const [mortgage] = data.liabilities.mortgage!;
  assert.deepEqual([mortgage!.next_monthly_payment, mortgage!.interest_rate.percentage], [3141.54, 3.99]);
  assert.equal(mortgage!.next_payment_due_date, inDays(11));
});

it('moves due dates and marks liabilities overdue through the control', async () => {
  const { sim } = checked;
  const plaid = sdkClient(sim);
  const access_token = await item(plaid, [Products.Liabilities]);
  const before = (await plaid.liabilitiesGet({ access_token })).data;
  const cardId = before.liabilities.credit![0]!.account_id!;
  const mortgageId = before.liabilities.mortgage![0]!.account_id;
  sim.setLiability(cardId, { dueInDays: -2, isOverdue: true });
  sim.setLiability(mortgageId, { nextPaymentDueDate: '2025-10-01', isOverdue: false });
  const res = await fetch(`${sim.url}/__sim/liability`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account_id: before.liabilities.student![0]!.account_id, due_in_days: 1 }),
  });
  assert.equal(res.status, 200);
  const after = (await plaid.liabilitiesGet({ access_token, options: { account_ids: [cardId, mortgageId] } })).data;
  assertMatchesSpec('/liabilities/get', 200, after);
  assert.deepEqual(
    [after.liabilities.credit![0]!.is_overdue, after.liabilities.credit![0]!.next_payment_due_date],
    [true, inDays(-2)],
  );
  assert.deepEqual(
    [after.liabilities.mortgage![0]!.next_payment_due_date, after.liabilities.mortgage![0]!.past_due_amount],
    ['2025-10-01', 0],
  );
  assert.deepEqual(after.liabilities.student, []);
  const all = (await plaid.liabilitiesGet({ access_token })).data;
  assert.equal(all.liabilities.student![0]!.next_payment_due_date, inDays(1));
});

it('answers PRODUCTS_NOT_SUPPORTED at an institution without Liabilities', async () => {
  const plaid = sdkClient(checked.sim);
  const access_token = await item(plaid, [Products.Transactions], 'ins_43');
  const refused = await sdkError(plaid.liabilitiesGet({ access_token }));
  assert.equal(refused.status, 400);
  assert.deepEqual([refused.data.error_type, refused.data.error_code], ['ITEM_ERROR', 'PRODUCTS_NOT_SUPPORTED']);
  assertMatchesSpec('/liabilities/get', 400, refused.data);
});

it('needs consent, which update mode with additional_consented_products adds', async () => {
  const { sim } = checked;
  const plaid = sdkClient(sim);
  const access_token = await item(plaid, [Products.Transactions]);
  const refused = await sdkError(plaid.liabilitiesGet({ access_token }));
  assert.deepEqual(
    [refused.data.error_type, refused.data.error_code],
    ['INVALID_INPUT', 'ADDITIONAL_CONSENT_REQUIRED'],
  );
  assert.match(String(refused.data.error_message), /PRODUCT_LIABILITIES/);

  const update = await plaid.linkTokenCreate({
    client_name: 'Plaid Balance',
    language: 'en',
    country_codes: [CountryCode.Us],
    user: { client_user_id: 'ha-user' },
    access_token,
    additional_consented_products: [Products.Liabilities],
    hosted_link: {},
  });
  await completeHostedLink(update.data.hosted_link_url!, { update: true });
  const { data } = await plaid.liabilitiesGet({ access_token });
  assert.equal(data.liabilities.credit!.length, 1);
  assert.ok(data.item.billed_products?.includes(Products.Liabilities));
  const itemGet = await plaid.itemGet({ access_token });
  assert.ok(itemGet.data.item.consented_products?.includes(Products.Liabilities));
});

/** A bank linked on the Hosted Link page with Liabilities among the optional products. */
async function linkedWithOptionalLiabilities(plaid: PlaidApi, institutionId: string): Promise<string> {
  const { sim } = checked;
  const token = await plaid.linkTokenCreate({
    client_name: 'Plaid Balance',
    language: 'en',
    country_codes: [CountryCode.Us, CountryCode.Ca],
    user: { client_user_id: 'ha-user' },
    products: [Products.Transactions],
    optional_products: [Products.Liabilities],
    hosted_link: {},
  });
  await completeHostedLink(token.data.hosted_link_url!, { institutionId });
  const session = (await plaid.linkTokenGet({ link_token: token.data.link_token })).data.link_sessions!.at(-1)!;
  const [added] = session.results!.item_add_results;
  assert.ok(added, `${institutionId} links`);
  assert.equal(sim.items().at(-1)?.institution_id, institutionId);
  return (await plaid.itemPublicTokenExchange({ public_token: added.public_token })).data.access_token;
}

it('initializes optional Liabilities where the institution offers it', async () => {
  const plaid = sdkClient(checked.sim);
  const access_token = await linkedWithOptionalLiabilities(plaid, 'ins_109508');
  const { item } = (await plaid.itemGet({ access_token })).data;
  assert.ok(item.products?.includes(Products.Liabilities));
  assert.ok(item.consented_products?.includes(Products.Liabilities));
  const { data } = await plaid.liabilitiesGet({ access_token });
  assert.equal(data.liabilities.credit!.length, 1);
});

it('links an institution without Liabilities anyway, without the optional product', async () => {
  const plaid = sdkClient(checked.sim);
  const access_token = await linkedWithOptionalLiabilities(plaid, 'ins_43');
  const { item } = (await plaid.itemGet({ access_token })).data;
  assert.deepEqual(item.products, [Products.Transactions]);
  assert.ok(!item.consented_products?.includes(Products.Liabilities));
  const accounts = (await plaid.accountsGet({ access_token })).data.accounts;
  assert.ok(accounts.length > 0, 'its balances are there');
  const refused = await sdkError(plaid.liabilitiesGet({ access_token }));
  assert.equal(refused.data.error_code, 'PRODUCTS_NOT_SUPPORTED');
});

it('refuses a product listed both as required and as optional, as the spec forbids', async () => {
  const plaid = sdkClient(checked.sim);
  const refused = await sdkError(
    plaid.linkTokenCreate({
      client_name: 'Plaid Balance',
      language: 'en',
      country_codes: [CountryCode.Us],
      user: { client_user_id: 'ha-user' },
      products: [Products.Transactions, Products.Liabilities],
      optional_products: [Products.Liabilities],
    }),
  );
  assert.deepEqual([refused.status, refused.data.error_code], [400, 'INVALID_FIELD']);
  assert.match(String(refused.data.error_message), /products and optional_products must not overlap/);
  assertMatchesSpec('/link/token/create', 400, refused.data);
});
