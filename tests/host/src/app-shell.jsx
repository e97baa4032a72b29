// What both test apps share: a Backstage app from createSpecializedApp
// (the real @backstage/core-app-api) with our plugin, light and dark themes
// that only name the variant, and plain-text stand-ins for the components
// core-components would draw with MUI; mounted on #root with its routes.
import { Fragment } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { AppRouter, createSpecializedApp } from '@backstage/core-app-api';
import { coderPlugin } from 'backstage-plugin-coder-wasm';

const passThrough = ({ children }) => <Fragment>{children}</Fragment>;

/**
 * Renders the app with `apis`, `SignInPage`, `routes` (`{ path: element }`)
 * and, when given, `configLoader`.
 */
export function renderApp({ apis, SignInPage, routes, configLoader }) {
  const app = createSpecializedApp({
    apis,
    plugins: [coderPlugin],
    icons: {},
    themes: [
      { id: 'light', title: 'Light', variant: 'light', Provider: passThrough },
      { id: 'dark', title: 'Dark', variant: 'dark', Provider: passThrough },
    ],
    components: {
      Progress: () => <p role="status">Loading…</p>,
      Router: BrowserRouter,
      NotFoundErrorPage: () => <p>Not found</p>,
      BootErrorPage: ({ step, error }) => (
        <pre role="alert">
          Boot error at {step}: {String(error)}
        </pre>
      ),
      ErrorBoundaryFallback: ({ error }) => <pre role="alert">{String(error)}</pre>,
      SignInPage,
    },
    ...(configLoader ? { configLoader } : {}),
  });
  const App = app.createRoot(
    <AppRouter>
      <Routes>
        {Object.entries(routes).map(([path, element]) => (
          <Route key={path} path={path} element={element} />
        ))}
      </Routes>
    </AppRouter>,
  );
  createRoot(document.getElementById('root')).render(<App />);
}
