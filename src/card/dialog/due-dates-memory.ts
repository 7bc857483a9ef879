/** Where the link dialog keeps its last answer to "Also fetch payment due dates", per browser. */
export const DUE_DATES_CONSENT_KEY = 'plaid-balance:due-dates-consent';

/** The link dialog's default for the due-dates checkbox: the choice of the last link started here. */
export interface DueDatesMemory {
  read(): boolean;
  write(on: boolean): void;
}

/**
 * In the browser's localStorage. Storage can be refused (a private window, a
 * sandboxed frame, a full quota): the checkbox then starts unticked and the
 * choice is simply not remembered.
 */
export function localDueDatesMemory(storage: () => Storage = () => window.localStorage): DueDatesMemory {
  return {
    read() {
      try {
        return storage().getItem(DUE_DATES_CONSENT_KEY) === 'true';
      } catch {
        return false;
      }
    },
    write(on) {
      try {
        storage().setItem(DUE_DATES_CONSENT_KEY, String(on));
      } catch {
        // Not remembered; the link itself goes ahead.
      }
    },
  };
}
