/** Elements with no role of their own: ARIA 1.2 prohibits naming them, and screen readers skip the name. */
const UNNAMEABLE = new Set([
  'DIV',
  'SPAN',
  'P',
  'B',
  'I',
  'EM',
  'STRONG',
  'SMALL',
  'CODE',
]);

/**
 * The elements in the document that carry an `aria-label` no assistive
 * technology reads: a plain `div`, `span` or paragraph without a role, or an
 * icon hidden from assistive technology (Material UI's default for icons).
 * Their opening tags, for a readable failure.
 */
export function namedWithoutRole(): string[] {
  return Array.from(document.body.querySelectorAll('[aria-label]'))
    .filter(
      el =>
        (UNNAMEABLE.has(el.tagName) && !el.hasAttribute('role')) ||
        el.getAttribute('aria-hidden') === 'true',
    )
    .map(el => el.outerHTML.slice(0, el.outerHTML.indexOf('>') + 1));
}
