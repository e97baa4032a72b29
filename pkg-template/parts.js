// The card's parts, with upstream's names and props: `CoderWorkspacesCardRoot`
// and the parts composed under it in any order, plus
// `useWorkspacesCardContext`. Each wrapper renders one custom element
// (`<coder-workspaces-card-root>`, `<coder-workspaces-card-*>`); the part
// elements find their root through the DOM, and the root owns the filter,
// the entity config and the query in Rust. React only places the adopter's
// own content: `headerContent`, `renderListItem`'s rows and `emptyState` go
// into the elements' slots, and `useWorkspacesCardContext` reads the
// root's `cardState` (updated on its `coder-card-change` event).
import {
  Fragment,
  createContext,
  createElement,
  useContext,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import {
  loadErrorNotice,
  readingEntityData,
  useElementEvent,
  useLoadError,
  useProperties,
  useThemeVariant,
} from './react-helpers.js';

/** The nearest card root's store, for its parts and the context hook. */
const CardStore = createContext(null);

// A wrapper that lays nothing out: its children are what the slot shows.
const CONTENTS = { display: 'contents' };

/** A store over the root element's `cardState` and `coder-card-change`. */
function useCardStore(ref) {
  const [store] = useState(() => ({
    element: () => ref.current,
    subscribe(onChange) {
      const element = ref.current;
      element?.addEventListener('coder-card-change', onChange);
      return () => element?.removeEventListener('coder-card-change', onChange);
    },
    // Null until the wasm has loaded and the root knows its state.
    getSnapshot: () => ref.current?.cardState ?? null,
  }));
  return store;
}

// Outside a root (the part element then says it needs one): nothing to follow.
const noSubscription = () => () => {};
const noState = () => null;

function useCardState(store) {
  return useSyncExternalStore(
    store ? store.subscribe : noSubscription,
    store ? store.getSnapshot : noState,
    noState,
  );
}

/**
 * Owns a composed card's filter, entity config and workspaces query, as
 * upstream's; its children are the parts, in any order. Signed out, it
 * shows the sign-in form instead of them.
 */
export const CoderWorkspacesCardRoot = readingEntityData(CardRootElement, 'CoderWorkspacesCardRoot');

function CardRootElement({
  entity,
  readEntityData = false,
  defaultQueryFilter,
  queryFilter,
  onFilterChange,
  headerContent,
  headerText,
  theme,
  children,
  ...rest
}) {
  const variant = useThemeVariant();
  const ref = useRef(null);
  const store = useCardStore(ref);
  const loadError = useLoadError();
  useProperties(ref, { entity });
  useElementEvent(ref, 'coder-query-change', onFilterChange);
  if (loadError) return loadErrorNotice(loadError);
  return createElement(
    'coder-workspaces-card-root',
    {
      ...rest,
      ref,
      'read-entity-data': readEntityData ? '' : undefined,
      'default-query': defaultQueryFilter,
      'query-filter': queryFilter,
      'header-text': headerText,
      theme: theme ?? variant,
    },
    createElement(
      CardStore.Provider,
      { value: store },
      headerContent == null ? null : createElement('div', { slot: 'header', style: CONTENTS }, headerContent),
      children,
    ),
  );
}

/**
 * The nearest `CoderWorkspacesCardRoot`'s state: `queryFilter`,
 * `onFilterChange(text)`, `workspacesQuery` (`data`, `isLoading`, `error`,
 * `refetch()`...), `workspacesConfig` and `headerId`. Throws outside a root,
 * as upstream's does.
 */
export function useWorkspacesCardContext() {
  const store = useContext(CardStore);
  if (!store) {
    throw new Error('useWorkspacesCardContext must be called from inside a CoderWorkspacesCardRoot');
  }
  const state = useCardState(store);
  return useMemo(() => cardContext(state, store), [state, store]);
}

function cardContext(state, store) {
  const error = state?.error ? new Error(state.error) : null;
  const loading = state ? state.isLoading : true;
  const data = state && state.isAuthenticated && !loading && !error ? state.workspaces : undefined;
  return {
    queryFilter: state?.queryFilter ?? '',
    onFilterChange: (filter) => store.element()?.setFilter?.(String(filter)),
    workspacesQuery: {
      data,
      error,
      isLoading: loading,
      isError: Boolean(error),
      isSuccess: data !== undefined,
      status: error ? 'error' : data !== undefined ? 'success' : 'pending',
      refetch: () => store.element()?.refresh?.(),
    },
    workspacesConfig: state?.workspacesConfig ?? null,
    headerId: state?.headerId ?? 'coder-card-title',
    isAuthenticated: Boolean(state?.isAuthenticated),
  };
}

/** One part element, themed, with `attrs` as attributes and `extra` children. */
function usePart(tag, { theme, ...rest }, attrs, children) {
  const variant = useThemeVariant();
  const loadError = useLoadError();
  if (loadError) return null;
  return createElement(tag, { ...rest, ...attrs, theme: theme ?? variant }, children);
}

/**
 * The title, the "Results filtered by" subheader and the `actions`. The
 * class name props of upstream style its MUI pieces; ours live in a shadow
 * root, so they are accepted and ignored (set `className` on the row).
 */
export function CoderWorkspacesCardHeaderRow({
  headerText,
  headerLevel,
  actions,
  activeRepoFilteringText,
  headerClassName: _h,
  hgroupClassName: _g,
  subheaderClassName: _s,
  ...rest
}) {
  return usePart(
    'coder-workspaces-card-header-row',
    rest,
    {
      'header-text': headerText,
      'header-level': headerLevel,
      'active-repo-filtering-text':
        typeof activeRepoFilteringText === 'string' ? activeRepoFilteringText : undefined,
    },
    actions == null ? null : createElement('div', { slot: 'actions', style: CONTENTS }, actions),
  );
}

/** The search box (400 ms debounce, a clear button). */
export function CoderWorkspacesCardSearchBox(props) {
  return usePart('coder-workspaces-card-search-box', props, {});
}

/**
 * The list. With `renderListItem({ workspace, index, workspaces })`, the
 * rows are yours (the root's workspaces, as Coder's API gives them);
 * `emptyState` replaces the "nothing found" message. Loading and errors are
 * still said by the list. `ordered`, `listClassName` and `fullBleedLayout`
 * are accepted for compatibility.
 */
export function CoderWorkspacesCardWorkspacesList({
  emptyState,
  renderListItem,
  ordered: _o,
  listClassName: _l,
  fullBleedLayout: _f,
  ...rest
}) {
  const state = useCardState(useContext(CardStore));
  const workspaces = state?.workspaces ?? [];
  const rows = renderListItem
    ? workspaces.map((workspace, index) =>
        createElement(Fragment, { key: workspace.id }, renderListItem({ workspace, index, workspaces })),
      )
    : null;
  return usePart(
    'coder-workspaces-card-workspaces-list',
    rest,
    { 'custom-items': renderListItem ? '' : undefined },
    [
      rows,
      emptyState == null
        ? null
        : createElement('div', { key: 'empty', slot: 'empty-state', style: CONTENTS }, emptyState),
    ],
  );
}

/** One row for `workspace` (a Coder workspace object), as the list shows it. */
export function CoderWorkspacesCardWorkspacesListItem({ workspace, ...rest }) {
  const ref = useRef(null);
  useProperties(ref, { workspace });
  return usePart('coder-workspaces-card-workspaces-list-item', { ...rest, ref }, {});
}

/** A workspace's avatar: its template icon `src` once signed in, else the initial of `workspaceName`. */
export function CoderWorkspacesCardWorkspacesListIcon({ src, workspaceName, ...rest }) {
  return usePart('coder-workspaces-card-workspaces-list-icon', rest, {
    src,
    'workspace-name': workspaceName,
  });
}

/**
 * The "Add a new workspace" link (disabled, with an explanation, without a
 * template name). `tooltipText` replaces its tooltip; it always opens a new
 * tab, so `target` and `children` are accepted and ignored.
 */
export function CoderWorkspacesCardCreateWorkspacesLink({ tooltipText, target: _t, children: _c, ...rest }) {
  return usePart('coder-workspaces-card-create-workspaces-link', rest, {
    'tooltip-text': typeof tooltipText === 'string' ? tooltipText : undefined,
  });
}

/** The ⋮ menu: Refresh (once a second at most) and Unlink Coder account. */
export function CoderWorkspacesCardExtraActionsButton({ tooltipText: _t, onClose: _c, children: _ch, ...rest }) {
  return usePart('coder-workspaces-card-extra-actions-button', rest, {});
}

/** The help disclosures; each can be turned off. */
export function CoderWorkspacesReminderAccordion({
  canShowEntityReminder = true,
  canShowTemplateNameReminder = true,
  ...rest
}) {
  return usePart('coder-workspaces-reminder-accordion', rest, {
    'can-show-entity-reminder': canShowEntityReminder ? undefined : 'false',
    'can-show-template-name-reminder': canShowTemplateNameReminder ? undefined : 'false',
  });
}
