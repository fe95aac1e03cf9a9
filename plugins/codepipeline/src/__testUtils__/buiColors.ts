import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type ThemeMode = 'light' | 'dark';

/**
 * Backstage UI's design tokens per theme mode, as its stylesheet (which the
 * app imports) defines them: the light ones on `:root`, the dark ones over
 * them.
 */
function readBuiTokens(): Record<ThemeMode, Map<string, string>> {
  const css = readFileSync(
    join(
      dirname(require.resolve('@backstage/ui/package.json')),
      'dist/css/styles.css',
    ),
    'utf8',
  ).replace(/\/\*[\s\S]*?\*\//g, '');
  const block = (mode: ThemeMode) => {
    const found = css.match(
      new RegExp(`\\[data-theme-mode='${mode}'\\]\\s*\\{([^}]*)\\}`),
    );
    return new Map(
      Array.from(found![1].matchAll(/(--bui-[\w-]+)\s*:\s*([^;]+);/g), m => [
        m[1],
        m[2].trim(),
      ]),
    );
  };
  const light = block('light');
  return { light, dark: new Map([...light, ...block('dark')]) };
}

let tokens: Record<ThemeMode, Map<string, string>> | undefined;

/** A CSS colour value with Backstage UI's `var(--bui-…)` tokens resolved for `mode`. */
export function resolveBuiColor(value: string, mode: ThemeMode): string {
  tokens ??= readBuiTokens();
  const token = value.match(/^var\((--bui-[\w-]+)\)$/);
  if (!token) return value;
  const next = tokens[mode].get(token[1]);
  if (!next) throw new Error(`No Backstage UI token ${token[1]} in ${mode}`);
  return resolveBuiColor(next, mode);
}

/**
 * Adds stylesheets to the test document as written: jest maps CSS modules to
 * their bare class names and loads none of their rules.
 */
export function addStylesheets(...files: string[]): void {
  const style = document.createElement('style');
  style.textContent = files.map(file => readFileSync(file, 'utf8')).join('\n');
  document.head.append(style);
}
