/**
 * The value of a CSS property on `element` as the browser would cascade the
 * page's style elements: its inline style, else the last matching rule in
 * document order (specificity aside; Material UI's and makeStyles' rules are
 * single classes).
 *
 * jsdom's getComputedStyle orders style sheets by when they were added, not
 * by their place in the document, so a component's makeStyles class loses to
 * the Material UI component's own rules there (JSS inserts the later one
 * before them); this follows the document instead.
 */
export function cascadedStyle(
  element: HTMLElement,
  property: 'color' | 'backgroundColor',
): string | undefined {
  if (element.style[property]) return element.style[property];
  let value: string | undefined;
  for (const style of Array.from(document.querySelectorAll('style'))) {
    for (const rule of Array.from(style.sheet?.cssRules ?? [])) {
      if (
        rule instanceof CSSStyleRule &&
        rule.style[property] &&
        element.matches(rule.selectorText)
      ) {
        value = rule.style[property];
      }
    }
  }
  return value;
}
