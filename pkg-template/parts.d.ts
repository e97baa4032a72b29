// Types for the card's parts: upstream's `CoderWorkspacesCard*` components
// composed under `CoderWorkspacesCardRoot`, and `useWorkspacesCardContext`.
import type { HTMLAttributes, JSX, ReactNode } from 'react';
import type { CoderWorkspacesConfig } from './elements.js';

/** A Coder workspace as the API gives it (the fields the card reads). */
export interface WorkspacesCardWorkspace {
  id: string;
  name: string;
  owner_name: string;
  owner_id?: string;
  template_id?: string;
  template_name?: string;
  template_display_name?: string;
  template_icon?: string;
  outdated?: boolean;
  favorite?: boolean;
  latest_build: {
    id?: string;
    transition?: string;
    template_version_id?: string;
    status: string;
    resources: ReadonlyArray<{
      agents?: ReadonlyArray<{ id?: string; name?: string; status: string }> | null;
    }>;
  };
}

/** The card's config, compiled from the app config and the entity. */
export type WorkspacesCardConfig = CoderWorkspacesConfig;

/** `<coder-workspaces-card-root>`'s `cardState` (a frozen object, replaced on every change). */
export interface WorkspacesCardState {
  readonly queryFilter: string;
  readonly workspaces: readonly WorkspacesCardWorkspace[];
  readonly isLoading: boolean;
  readonly isAuthenticated: boolean;
  readonly error: string | null;
  /** Null when the card's config is unusable (the root says why). */
  readonly workspacesConfig: WorkspacesCardConfig | null;
  readonly headerId: string;
}

/** What `useWorkspacesCardContext()` returns. */
export interface WorkspacesCardContext {
  queryFilter: string;
  onFilterChange: (newFilter: string) => void;
  workspacesQuery: {
    data: readonly WorkspacesCardWorkspace[] | undefined;
    error: Error | null;
    isLoading: boolean;
    isError: boolean;
    isSuccess: boolean;
    status: 'pending' | 'error' | 'success';
    refetch: () => void;
  };
  workspacesConfig: WorkspacesCardConfig | null;
  headerId: string;
  isAuthenticated: boolean;
}

type Theme = { theme?: 'light' | 'dark' };
type DivProps = Omit<HTMLAttributes<HTMLElement>, 'children'>;

export type WorkspacesCardRootProps = DivProps &
  Theme &
  Readonly<{
    queryFilter?: string;
    defaultQueryFilter?: string;
    onFilterChange?: (newFilter: string) => void;
    readEntityData?: boolean;
    /** Shown in the header while signed in (usually a `CoderWorkspacesCardHeaderRow`). */
    headerContent?: ReactNode;
    /** The card's title while signed out, and its landmark's name. Default 'Coder Workspaces'. */
    headerText?: string;
    children?: ReactNode;
  }>;

/** Owns a composed card's filter, entity config and query; the parts go inside. */
export declare function CoderWorkspacesCardRoot(props: WorkspacesCardRootProps): JSX.Element;

/** The nearest root's state. Throws outside a `CoderWorkspacesCardRoot`. */
export declare function useWorkspacesCardContext(): WorkspacesCardContext;

export type HeaderRowProps = DivProps &
  Theme &
  Readonly<{
    headerText?: string;
    headerLevel?: 'h1' | 'h2' | 'h3' | 'h4' | 'h5' | 'h6';
    actions?: ReactNode;
    activeRepoFilteringText?: string;
    /** Accepted for compatibility; the parts are styled in their shadow roots. */
    headerClassName?: string;
    hgroupClassName?: string;
    subheaderClassName?: string;
  }>;

export declare function CoderWorkspacesCardHeaderRow(props: HeaderRowProps): JSX.Element;

export declare function CoderWorkspacesCardSearchBox(props: DivProps & Theme): JSX.Element;

export type RenderListItemInput = Readonly<{
  workspace: WorkspacesCardWorkspace;
  index: number;
  workspaces: readonly WorkspacesCardWorkspace[];
}>;

export type WorkspacesListProps = DivProps &
  Theme &
  Readonly<{
    /** Shown instead of the "nothing found" message. */
    emptyState?: ReactNode;
    /** Your own rows, from the root's workspaces. */
    renderListItem?: (input: RenderListItemInput) => ReactNode;
    /** Accepted for compatibility. */
    ordered?: boolean;
    listClassName?: string;
    fullBleedLayout?: boolean;
  }>;

export declare function CoderWorkspacesCardWorkspacesList(props: WorkspacesListProps): JSX.Element;

export declare function CoderWorkspacesCardWorkspacesListItem(
  props: DivProps & Theme & Readonly<{ workspace: WorkspacesCardWorkspace }>,
): JSX.Element;

export declare function CoderWorkspacesCardWorkspacesListIcon(
  props: DivProps & Theme & Readonly<{ src: string; workspaceName: string }>,
): JSX.Element;

export declare function CoderWorkspacesCardCreateWorkspacesLink(
  props: DivProps &
    Theme &
    Readonly<{ tooltipText?: string; target?: string; children?: ReactNode }>,
): JSX.Element;

export declare function CoderWorkspacesCardExtraActionsButton(
  props: DivProps &
    Theme &
    Readonly<{ tooltipText?: string; onClose?: () => void; children?: ReactNode }>,
): JSX.Element;

export declare function CoderWorkspacesReminderAccordion(
  props: DivProps &
    Theme &
    Readonly<{ canShowEntityReminder?: boolean; canShowTemplateNameReminder?: boolean }>,
): JSX.Element;

/** `<coder-workspaces-card-root>`. */
export interface CoderWorkspacesCardRootElement extends HTMLElement {
  entity: unknown;
  readonly cardState: WorkspacesCardState | null;
  /** As if typed into the search box. */
  setFilter(filter: string): void;
  /** As ⋮ → Refresh. */
  refresh(): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'coder-workspaces-card-root': CoderWorkspacesCardRootElement;
  }
  interface HTMLElementEventMap {
    'coder-card-change': Event;
  }
}
