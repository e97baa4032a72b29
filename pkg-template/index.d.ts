// Types for the package root: React components with the upstream plugin's
// names and props, plus the element types.
import type { ReactNode, HTMLAttributes, CSSProperties, JSX } from 'react';
import type {
  ApiRef,
  BackstageIdentityApi,
  BackstagePlugin,
  OAuthApi,
  RouteRef,
  ProfileInfoApi,
  SessionApi,
} from '@backstage/core-plugin-api';
import type { WorkspacesCardConfig } from './parts.js';
import type {
  CoderApi,
  CoderAuthState,
  CoderAppConfig,
  CoderProviderAttributes,
  CoderWorkspacesCardAttributes,
  FallbackAuthUiMode,
} from './elements.js';

export * from './elements.js';
export * from './parts.js';

/** The Coder OAuth2 API, as `OAuth2.create` returns it. */
export type CoderAuthApi = OAuthApi & ProfileInfoApi & BackstageIdentityApi & SessionApi;

/** API ref with id `auth.coder`, the same as upstream's. */
export declare const coderAuthApiRef: ApiRef<CoderAuthApi>;

/** The plugin (id `coder`); its `root` route is `coderRouteRef`. */
export declare const coderPlugin: BackstagePlugin<{ root: RouteRef }>;

/** The route of `CoderPage`. */
export declare const coderRouteRef: RouteRef;

export type CoderPageProps = Readonly<{
  /** Default: the `coder:` block of the Backstage app-config. */
  appConfig?: CoderAppConfig;
  /** The card's title. Default 'Coder Workspaces'. */
  headerText?: string;
  /** The filter the card starts with. Default 'owner:me'. */
  defaultQueryFilter?: string;
  theme?: 'light' | 'dark';
}>;

/** A page with the user's workspaces and the Coder account row: `<Route path="/coder" element={<CoderPage />} />`. */
export declare function CoderPage(props?: CoderPageProps): JSX.Element;

/**
 * The Coder page's content without routing, for apps that place it
 * themselves. `title` is its heading (default 'Coder'); null leaves the
 * heading to the app's page header.
 */
export declare function CoderPageContent(props?: CoderPageProps & { title?: string | null }): JSX.Element;

export type CoderProviderProps = Readonly<{
  /** Default: the `coder:` block of the Backstage app-config (`deployment.accessUrl`, `workspaces.*`). */
  appConfig?: CoderAppConfig;
  /** Default 'restrained'. */
  fallbackAuthUiMode?: FallbackAuthUiMode;
  /** Force a colour scheme; by default, follows Backstage's active theme. */
  theme?: 'light' | 'dark';
  /** Accepted for compatibility with upstream and ignored. */
  queryClient?: unknown;
  children?: ReactNode;
}>;

export type CoderErrorBoundaryProps = Readonly<{
  children?: ReactNode;
  /** Shown in place of `children` after they threw; default: a short message. */
  fallbackUi?: ReactNode;
}>;

/** Shows `fallbackUi` when `children` throw, and posts the error to Backstage's error API. */
export declare function CoderErrorBoundary(props: CoderErrorBoundaryProps): JSX.Element;

/** `useCoderAuth()`: the sign-in state and what changes it. */
export type CoderAuth = CoderAuthState &
  Readonly<{
    /** Opens the Coder OAuth sign-in window. */
    signIn(): void;
    /** Signs in with a session token (checked with Coder first; empty is ignored). */
    registerNewToken(token: string): void;
    /** Signs out of Coder. */
    unlinkToken(): void;
  }>;

/** Coder calls as the signed-in user, from a component inside a `CoderProvider` (throws outside one). */
export declare function useCoderApi(): CoderApi;

/** The nearest `CoderProvider`'s sign-in state, re-rendering on change (throws outside one). */
export declare function useCoderAuth(): CoderAuth;

/** `useCoderQuery`'s options (upstream's, without react-query's tuning knobs). */
export type UseCoderQueryOptions<T> = Readonly<{
  /** Identifies the query: components with equal keys (as JSON) share one run and answer. */
  queryKey: readonly unknown[];
  /** Runs as the signed-in user; only the first watcher's runs for a key. */
  queryFn: (context: Readonly<{ queryKey: readonly unknown[]; coderApi: CoderApi }>) => Promise<T>;
  /** Default true; false shows 'loading' and runs nothing. */
  enabled?: boolean;
}>;

/** `useCoderQuery`'s result (react-query v4's names). */
export type UseCoderQueryResult<T> = Readonly<{
  data: T | undefined;
  error: unknown;
  /** 'loading' until the first answer, and the whole time while signed out. */
  status: 'loading' | 'success' | 'error';
  isLoading: boolean;
  isSuccess: boolean;
  isError: boolean;
  /** A run (or a retry) is under way. */
  isFetching: boolean;
  /** When the data came, in ms since the epoch (0 without data). */
  dataUpdatedAt: number;
  /** Runs the query again now. */
  refetch(): void;
}>;

/**
 * Runs `queryFn` as the signed-in user, shared by every component asking
 * for the same `queryKey`, only while signed in; retried on outages and
 * polled as the card is (throws outside a `CoderProvider`).
 */
export declare function useCoderQuery<T = unknown>(
  options: UseCoderQueryOptions<T>,
): UseCoderQueryResult<T>;

/**
 * The workspaces config the card uses (the provider's app config, and with
 * `readEntityData` the current entity's `spec.coder` and repository); null
 * until the wasm has loaded. Throws what is wrong with the config or the
 * entity, and outside a `CoderProvider`.
 */
export declare function useCoderWorkspacesConfig(
  options?: Readonly<{ readEntityData?: boolean }>,
): WorkspacesCardConfig | null;

/** Whether the entity has a `spec.coder` block: for `EntitySwitch.Case if={isCoderEntity}`. */
export declare function isCoderEntity(entity: { spec?: { [key: string]: unknown } | null } | null | undefined): boolean;

/** Config, sign-in and the shared workspace cache for the Coder components inside. */
export declare function CoderProvider(props: CoderProviderProps): JSX.Element;

export type CoderWorkspacesCardProps = Readonly<
  Omit<HTMLAttributes<HTMLElement>, 'children' | 'role'> & {
    /** List the workspaces built from the current entity's repo (`useEntity`). */
    readEntityData?: boolean;
    /** The filter the card starts with. Default 'owner:me'. */
    defaultQueryFilter?: string;
    /** A filter the host controls. Pair it with `onFilterChange`. */
    queryFilter?: string;
    /** Called with the new filter after the user searches. */
    onFilterChange?: (newFilter: string) => void;
    /** The card's title. Default 'Coder Workspaces'. */
    headerText?: string;
    theme?: 'light' | 'dark';
    className?: string;
    style?: CSSProperties;
  }
>;

/** The workspaces card. */
export declare function CoderWorkspacesCard(props: CoderWorkspacesCardProps): JSX.Element;

export type CoderProviderSettingsProps = Readonly<{
  /** Default: `{ deployment: { accessUrl } }` from `coder.deployment.accessUrl` in app-config. */
  appConfig?: CoderAppConfig;
  theme?: 'light' | 'dark';
}>;

/**
 * For `UserSettingsPage providerSettings`: the Coder row and Backstage's default rows.
 * Inside a `CoderProvider`, the row uses that provider's config and session.
 */
export declare function CoderProviderSettings(props?: CoderProviderSettingsProps): JSX.Element;

type ElementProps<E, A> = A &
  Omit<HTMLAttributes<E>, keyof A> & {
    ref?: unknown;
    class?: string;
  };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'coder-provider': ElementProps<HTMLElement, CoderProviderAttributes>;
      'coder-workspaces-card': ElementProps<HTMLElement, CoderWorkspacesCardAttributes>;
      'coder-provider-settings': ElementProps<HTMLElement, { theme?: 'light' | 'dark' }>;
    }
  }
}
