import { useCallback, useLayoutEffect, useRef } from 'react';

/** Where focus can be found again: the element itself, or its id / accessible name. */
function describe(element: HTMLElement) {
  return {
    element,
    id: element.id,
    label: element.getAttribute('aria-label'),
  };
}

/**
 * Remembers the element that had focus when `open` turned true and returns a
 * callback that focuses it again once the panel has closed. When a re-render
 * replaced that element (a polled table row, say), the one with the same id
 * or aria-label takes its place, so focus never falls back to the page body
 * or onto the table row around it.
 */
export function useReturnFocus(open: boolean): () => void {
  const opener = useRef<ReturnType<typeof describe>>();
  const wasOpen = useRef(false);
  useLayoutEffect(() => {
    if (open && !wasOpen.current) {
      const active = document.activeElement;
      opener.current =
        active instanceof HTMLElement && active !== document.body
          ? describe(active)
          : undefined;
    }
    wasOpen.current = open;
  }, [open]);
  return useCallback(() => {
    const remembered = opener.current;
    opener.current = undefined;
    if (!remembered) return;
    let target: HTMLElement | null = remembered.element;
    if (!target.isConnected && remembered.id) {
      target = document.getElementById(remembered.id);
    }
    if ((!target || !target.isConnected) && remembered.label) {
      target =
        Array.from(document.querySelectorAll<HTMLElement>('[aria-label]')).find(
          e => e.getAttribute('aria-label') === remembered.label,
        ) ?? null;
    }
    if (!target) return;
    const element = target;
    element.focus();
    // Backstage UI's table (a react-aria grid) moves focus that comes back
    // into it onto the row; put it back on the control inside that row.
    const keepOnOpener = () => {
      const active = document.activeElement;
      if (
        active instanceof HTMLElement &&
        active !== element &&
        active.contains(element)
      ) {
        element.focus();
      }
    };
    setTimeout(keepOnOpener, 0);
    setTimeout(keepOnOpener, 100);
  }, []);
}
