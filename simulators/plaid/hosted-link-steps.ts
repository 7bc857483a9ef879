// The steps of a Link session (choose institution, log in, choose accounts,
// finish or exit), shared by the Hosted Link page and the programmatic /
// /__sim/complete shortcut so both leave exactly the same trace in /link/token/get.
import { PlaidApiError, plaidErrorBody } from './plaid-errors.js';
import type { InstitutionDef } from './institutions.js';
import { SANDBOX_USERNAME, sandboxAccountTemplates, sandboxLoginValid } from './sandbox-users.js';
import { accountsFromTemplates, type Item, type LinkSession, type LinkTokenRecord, type Store } from './store.js';

export class LinkFlow {
  constructor(
    private readonly store: Store,
    private readonly institutions: ReadonlyMap<string, InstitutionDef>,
    private readonly now: () => number,
  ) {}

  updateItem(token: LinkTokenRecord): Item | undefined {
    return token.update_item_id ? this.store.items.get(token.update_item_id) : undefined;
  }

  institution(id: string | undefined): InstitutionDef | undefined {
    return id ? this.institutions.get(id) : undefined;
  }

  /** Institutions the token's country_codes allow, as Link's search list does. */
  selectableInstitutions(token: LinkTokenRecord): InstitutionDef[] {
    return [...this.institutions.values()].filter((i) => i.country_codes.some((c) => token.country_codes.includes(c)));
  }

  isExpired(token: LinkTokenRecord): boolean {
    return this.now() >= token.expiration;
  }

  /** The session a page visit continues: the open one, else a new one unless the last one ended. */
  session(token: LinkTokenRecord): LinkSession {
    const last = token.sessions.at(-1);
    if (last) return last;
    return this.store.openSession(token, this.updateItem(token));
  }

  selectInstitution(token: LinkTokenRecord, session: LinkSession, institutionId: string): void {
    this.requireOpen(session);
    const inst = this.selectableInstitutions(token).find((i) => i.institution_id === institutionId);
    if (!inst)
      throw new Error(`institution ${institutionId} is not offered for country codes ${token.country_codes.join(',')}`);
    session.institution_id = inst.institution_id;
    session.page_error = undefined;
    session.step = 'credentials';
    const meta = { institution_id: inst.institution_id, institution_name: inst.name };
    this.store.addEvent(session, 'SELECT_INSTITUTION', meta);
    this.store.addEvent(session, 'TRANSITION_VIEW', { ...meta, view_name: 'CREDENTIAL' });
  }

  backToInstitutions(session: LinkSession): void {
    this.requireOpen(session);
    if (session.step !== 'credentials' || session.institution_id === undefined) return;
    session.institution_id = undefined;
    session.page_error = undefined;
    session.step = 'select_institution';
    this.store.addEvent(session, 'TRANSITION_VIEW', { view_name: 'SELECT_INSTITUTION' });
  }

  /** Returns false (and records Plaid's INVALID_CREDENTIALS) when the login is wrong. */
  submitCredentials(token: LinkTokenRecord, session: LinkSession, username: string, password: string): boolean {
    this.requireOpen(session);
    const inst = this.institution(session.institution_id);
    if (!inst || session.step !== 'credentials') throw new Error('no institution chosen for this session');
    const meta = { institution_id: inst.institution_id, institution_name: inst.name };
    this.store.addEvent(session, 'SUBMIT_CREDENTIALS', meta);
    if (!sandboxLoginValid(username, password)) {
      const error = plaidErrorBody('INVALID_CREDENTIALS');
      session.page_error = error.display_message ?? error.error_message;
      session.exit_error = error;
      this.store.addEvent(session, 'ERROR', {
        ...meta,
        error_type: error.error_type,
        error_code: error.error_code,
        error_message: error.error_message,
      });
      this.store.addEvent(session, 'TRANSITION_VIEW', { ...meta, view_name: 'CREDENTIAL' });
      return false;
    }
    session.page_error = undefined;
    session.exit_error = null;
    session.username = username;
    const updating = this.updateItem(token);
    if (updating && !token.account_selection_enabled) {
      this.finish(token, session);
      return true;
    }
    session.offered_accounts = updating
      ? updating.accounts
      : accountsFromTemplates(sandboxAccountTemplates(username, inst), inst);
    session.step = 'accounts';
    this.store.addEvent(session, 'TRANSITION_VIEW', { ...meta, view_name: 'SELECT_ACCOUNT' });
    return true;
  }

  /**
   * Ends the session successfully: a new item and public token (with the token's optional
   * products its institution offers), or (update mode) a
   * healed item that now also has the consent the token's additional_consented_products asked for.
   */
  finish(token: LinkTokenRecord, session: LinkSession, accountIds?: string[]): void {
    this.requireOpen(session);
    const inst = this.institution(session.institution_id);
    if (!inst) throw new Error('no institution chosen for this session');
    const meta = { institution_id: inst.institution_id, institution_name: inst.name };
    const updating = this.updateItem(token);
    if (updating) {
      if (updating.state === 'removed') throw new PlaidApiError('ITEM_NOT_FOUND');
      updating.state = 'good';
      updating.consented_products = [
        ...new Set([...updating.consented_products, ...token.additional_consented_products]),
      ];
    } else {
      const username = session.username ?? SANDBOX_USERNAME;
      const offered = session.offered_accounts ?? accountsFromTemplates(sandboxAccountTemplates(username, inst), inst);
      const chosen = accountIds ? offered.filter((a) => accountIds.includes(a.account_id)) : offered;
      if (accountIds && chosen.length !== accountIds.length)
        throw new Error('account_ids names accounts this session did not offer');
      if (chosen.length === 0) throw new Error('choose at least one account');
      // Optional products the institution offers are initialized; the others are left out, and the Item links.
      const optional = token.optional_products.filter((p) => inst.products.includes(p));
      const item = this.store.createItem(inst, chosen, {
        products: [...token.products, ...optional],
        consentedProducts: token.additional_consented_products,
        webhook: token.webhook,
        username,
        daysRequested: token.days_requested,
      });
      const publicToken = this.store.createPublicToken(item);
      session.item_add = {
        public_token: publicToken.token,
        item_id: item.item_id,
        account_ids: chosen.map((a) => a.account_id),
      };
    }
    session.step = 'done';
    session.outcome = 'success';
    session.finished_at = this.now();
    this.store.addEvent(session, 'HANDOFF', meta);
  }

  exit(session: LinkSession): void {
    this.requireOpen(session);
    const inst = this.institution(session.institution_id);
    session.step = 'done';
    session.outcome = 'exit';
    session.finished_at = this.now();
    session.exit_error ??= null;
    this.store.addEvent(session, 'EXIT', {
      exit_status: this.exitStatus(session),
      ...(inst ? { institution_id: inst.institution_id, institution_name: inst.name } : {}),
    });
  }

  exitStatus(session: LinkSession): string {
    if (session.offered_accounts) return 'requires_account_selection';
    if (session.institution_id) return 'requires_credentials';
    return 'institution_not_found';
  }

  private requireOpen(session: LinkSession): void {
    if (session.outcome !== 'open') throw new Error(`link session ${session.link_session_id} has already ended`);
  }
}
