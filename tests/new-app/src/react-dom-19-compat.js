// React 19 removed ReactDOM.findDOMNode, which Backstage's MUI 4 components
// (ButtonBase, Tooltip, Portal, ...) call on every render; Backstage's
// frontend packages declare React ^18 only, and without this the app
// throws on its first button. The React 19 build of this test app (only
// it: vite.config.js) puts it back, so the rest of the app can run and our
// extensions are tested under React 19 itself. Our package never needs it.
import * as ReactDOM from 'react-dom-original';

export * from 'react-dom-original';
export default ReactDOM;

// Fiber tags of nodes that own a DOM node (React 19: HostComponent,
// HostText, HostHoistable, HostSingleton).
const HOST_TAGS = new Set([5, 6, 26, 27]);

/** The first DOM node a mounted class component rendered, as React 18's did. */
export function findDOMNode(instance) {
  if (instance == null) return null;
  if (instance instanceof Node) return instance;
  const root = instance._reactInternals;
  if (!root) throw new Error('findDOMNode: the component is not mounted');
  let fiber = root.child;
  while (fiber) {
    if (HOST_TAGS.has(fiber.tag)) return fiber.stateNode;
    if (fiber.child) {
      fiber = fiber.child;
      continue;
    }
    while (!fiber.sibling) {
      fiber = fiber.return;
      if (!fiber || fiber === root) return null;
    }
    fiber = fiber.sibling;
  }
  return null;
}
