import { useLayoutEffect, useState, useSyncExternalStore } from 'react';

/**
 * Which of the page's "AWS is not set up" places shows the setup panel: the
 * first in document order. The others show one line, so a page with four
 * cards says what to configure once.
 */
const claimants = new Set<Element>();
const listeners = new Set<() => void>();
let holder: Element | undefined;

function elect() {
  let first: Element | undefined;
  for (const element of claimants) {
    if (
      !first ||
      first.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_PRECEDING
    ) {
      first = element;
    }
  }
  if (first !== holder) {
    holder = first;
    listeners.forEach(listener => listener());
  }
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/**
 * Claims the page's setup panel for the element given to `ref`; `holds` is
 * true for the first such element on the page only. Unmounting hands the
 * panel on to the next.
 */
export function useSetupPanelClaim(): {
  ref: (element: Element | null) => void;
  holds: boolean;
} {
  const [element, setElement] = useState<Element | null>(null);
  useLayoutEffect(() => {
    if (!element) return undefined;
    claimants.add(element);
    elect();
    return () => {
      claimants.delete(element);
      elect();
    };
  }, [element]);
  const holds = useSyncExternalStore(
    subscribe,
    () => element !== null && holder === element,
  );
  return { ref: setElement, holds };
}
