import type { TemplateResult } from 'lit';
import type { ProgressStep } from '../../protocol/index.js';
import { waiting, type StepContext } from './page.js';

/** `progress`: the companion is working; it says what on. */
export function stepProgress(ctx: StepContext, step: ProgressStep): TemplateResult {
  return waiting(ctx.t(`dialog.progress_${step.progress_action}`));
}
