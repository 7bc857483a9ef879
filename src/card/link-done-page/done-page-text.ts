/**
 * What the Plaid tab's done page says. Plaid redirects there however its
 * session ended (a bank linked, or the user left), and the page cannot ask
 * the companion how the link in Home Assistant went (it has no HA login), so
 * the text holds for every ending: the dialog, if still open, takes over; if
 * it was closed, the companion removes whatever was linked here
 * (src/companion/link/abandoned-links.ts).
 */
export interface DonePageText {
  /** The page's `lang`. */
  lang: string;
  title: string;
  paragraphs: readonly string[];
}

const TEXTS: Record<string, DonePageText> = {
  en: {
    lang: 'en',
    title: 'Done in Plaid',
    paragraphs: [
      'You can close this tab and go back to Home Assistant.',
      'If the linking dialog is still open there, it takes over from here.',
      'If you closed that dialog before finishing here, nothing was added: ' +
        'Plaid Balance removes this bank connection again.',
    ],
  },
  de: {
    lang: 'de',
    title: 'Fertig in Plaid',
    paragraphs: [
      'Du kannst diesen Tab schließen und zu Home Assistant zurückkehren.',
      'Ist der Dialog zum Verknüpfen dort noch offen, geht es dort weiter.',
      'Hast du den Dialog geschlossen, bevor du hier fertig warst, wurde nichts hinzugefügt: ' +
        'Plaid Balance entfernt diese Bankverbindung wieder.',
    ],
  },
};

/** The text in the first of the browser's languages (`navigator.languages`) that it exists in; English otherwise. */
export function donePageText(languages: readonly string[]): DonePageText {
  for (const tag of languages) {
    const text = TEXTS[tag.toLowerCase().split('-')[0] ?? ''];
    if (text) return text;
  }
  return TEXTS.en;
}
