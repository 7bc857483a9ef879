/**
 * The script of dist/plaid-balance-link-done.html, inlined there at build
 * time (rollup.config.mjs): the page is one file, so a browser never pairs
 * it with a stale script, and it loads nothing of the card.
 */
import { donePageText } from './done-page-text.js';

// Whatever a redirect carried in the query or fragment must not stay in the address bar or the history.
if (location.search || location.hash) history.replaceState(null, '', location.pathname);

const text = donePageText(navigator.languages?.length ? navigator.languages : [navigator.language]);
document.documentElement.lang = text.lang;
document.title = text.title;
const main = document.querySelector('main') ?? document.body;
const title = document.createElement('h1');
title.textContent = text.title;
main.replaceChildren(
  title,
  ...text.paragraphs.map((paragraph) => {
    const p = document.createElement('p');
    p.textContent = paragraph;
    return p;
  }),
);
