import { html, type TemplateResult } from 'lit';
import { RESPONSE_TIMEOUT_MS } from '../../protocol/index.js';
import type { TranslationKey } from '../localize.js';
import { page, retryActions, type StepContext } from './page.js';
import type { CompanionErrorCode } from '../companion-client.js';
import { errorText } from './ws-error-text.js';
import type { UpdateAdvice } from './release-advice.js';

/** The card cannot tell how the companion is installed (it is not answering), so each way says how to start it. */
const INSTALLS: [TranslationKey, string | null][] = [
  ['dialog.install_addon', null],
  ['dialog.install_container', 'docker start plaid-balance-companion'],
  ['dialog.install_service', 'systemctl start plaid-balance-companion'],
  ['dialog.install_checkout', 'npm run companion -- start'],
];

/** The companion did not answer a ping: what to do about it, for each way it can be installed. */
export function unreachable(ctx: StepContext, timeoutMs = RESPONSE_TIMEOUT_MS): TemplateResult {
  const { t } = ctx;
  return page(
    'unreachable',
    html`<h3>${t('dialog.unreachable_title')}</h3>
      <p>${t('dialog.unreachable_body', { seconds: Math.max(1, Math.round(timeoutMs / 1000)) })}</p>
      <dl class="installs">
        ${INSTALLS.map(
          ([name, command]) =>
            html`<dt>${t(name)}</dt>
              <dd>${command ? html`<code>${command}</code>` : t('dialog.install_addon_how')}</dd>`,
        )}
      </dl>
      <p class="hint">${t('dialog.unreachable_hint')}</p>`,
    retryActions(ctx),
  );
}

/** The companion answered with an error. */
export function failure(
  ctx: StepContext,
  code: CompanionErrorCode,
  message: string,
  update?: UpdateAdvice | null,
): TemplateResult {
  return page(
    'error',
    html`<h3>${ctx.t('dialog.error_title')}</h3>
      <p>${errorText(code, message, ctx.t, update)}</p>`,
    retryActions(ctx),
  );
}
