// Plumbing shared by the package's React wrappers (index.js, parts.js):
// loading the wasm, setting element properties, listening to element
// events, following Backstage's theme. Not part of the package's API.
import { createElement, useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import { appThemeApiRef, useApiHolder } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { ready } from './load.js';
import { reportLoadError } from './loader.js';

/** Starts loading the wasm on first mount; returns the load error, if any. */
export function useLoadError() {
  const [error, setError] = useState(null);
  useEffect(() => {
    let mounted = true;
    ready().catch((cause) => {
      reportLoadError(cause);
      if (mounted) setError(cause);
    });
    return () => {
      mounted = false;
    };
  }, []);
  return error;
}

/** What a card or settings row shows if the wasm could not load. */
export function loadErrorNotice(error) {
  const reason = error instanceof Error ? error.message : String(error);
  return createElement(
    'div',
    { role: 'alert', style: { padding: '16px', border: '1px solid #d32f2f', borderRadius: '4px' } },
    `Coder workspaces could not load (${reason}). Check that the app serves the package's .wasm file, then reload the page.`,
  );
}

/**
 * Sets JS properties on the element after every render. React 18 would
 * stringify objects into attributes, so rich values always go through here.
 */
export function useProperties(ref, values) {
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    for (const [name, value] of Object.entries(values)) {
      if (element[name] !== value) element[name] = value;
    }
  });
}

/** Calls the latest `handler(detail, event)` for `type` events on the element. */
export function useElementEvent(ref, type, handler) {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    const listener = (event) => latest.current?.(event.detail, event);
    element.addEventListener(type, listener);
    return () => element.removeEventListener(type, listener);
  }, [ref, type]);
}

const DARK_QUERY = '(prefers-color-scheme: dark)';

function subscribeColorScheme(onChange) {
  const query = window.matchMedia?.(DARK_QUERY);
  query?.addEventListener?.('change', onChange);
  return () => query?.removeEventListener?.('change', onChange);
}

function prefersDark() {
  return Boolean(window.matchMedia?.(DARK_QUERY).matches);
}

/**
 * 'dark' or 'light': the variant of Backstage's active theme, or of the
 * theme Backstage picks from the system preference when none is chosen.
 * Undefined outside an app with themes (the elements then stay light).
 */
export function useThemeVariant() {
  const themeApi = useApiHolder().get(appThemeApiRef);
  const [activeId, setActiveId] = useState(() => themeApi?.getActiveThemeId());
  useEffect(() => {
    if (!themeApi) return undefined;
    const subscription = themeApi.activeThemeId$().subscribe((id) => setActiveId(id));
    return () => subscription.unsubscribe();
  }, [themeApi]);
  const dark = useSyncExternalStore(subscribeColorScheme, prefersDark, () => false);
  const themes = themeApi?.getInstalledThemes() ?? [];
  const theme =
    themes.find((t) => t.id === activeId) ??
    themes.find((t) => t.variant === (dark ? 'dark' : 'light')) ??
    themes[0];
  return theme?.variant;
}

/**
 * `Inner` with a `readEntityData` prop: when set, the element gets the
 * current catalog entity (`useEntity`, which needs an entity page around
 * it); otherwise it renders alone. `name` is the component's display name.
 */
export function readingEntityData(Inner, name) {
  function WithEntity(props) {
    const { entity } = useEntity();
    return createElement(Inner, { ...props, entity, readEntityData: true });
  }
  function Component({ readEntityData = false, ...props }) {
    return readEntityData ? createElement(WithEntity, props) : createElement(Inner, props);
  }
  Component.displayName = name;
  return Component;
}
