// The custom element classes: a thin bridge. Every decision (what an
// attribute means, how a property is parsed, what renders) is made in Rust;
// this file only forwards the browser's lifecycle callbacks and property
// accesses to the Rust handle of each element.
//
// Rust imports this module as a wasm-bindgen snippet and calls
// `defineElements` with the element specs and a factory for handles, so the
// attribute and property names live in one place (src/host/spec.rs).

const handles = new WeakMap();

// Calls into Rust never throw into the host page: if the module stopped
// (an internal error; the elements then show a message), DOM operations on
// our elements must keep working for the rest of the page.
function guard(call) {
  try {
    return call();
  } catch (error) {
    console.error('coder-backstage-wasm:', error);
    return undefined;
  }
}

function handleOf(element, create, tag) {
  let handle = handles.get(element);
  if (!handle) {
    handle = create(tag);
    handles.set(element, handle);
  }
  return handle;
}

/**
 * Defines every element in `specs` that is not defined yet (safe to call
 * twice). Elements already in the document upgrade when their tag is defined.
 * @param {{tag: string, attributes: string[], properties: string[], readOnly: string[], methods: string[]}[]} specs
 * @param {(tag: string) => object} create returns the Rust handle for a new element
 */
export function defineElements(specs, create) {
  for (const { tag, attributes, properties, readOnly = [], methods = [] } of specs) {
    if (customElements.get(tag)) continue;

    class CoderElement extends HTMLElement {
      static get observedAttributes() {
        return attributes;
      }

      constructor() {
        super();
        const handle = guard(() => handleOf(this, create, tag));
        if (!handle) return;
        // A property set before the element upgraded is an own property that
        // shadows our accessor: hand it to Rust and remove the shadow.
        for (const name of properties) {
          if (Object.prototype.hasOwnProperty.call(this, name)) {
            const value = this[name];
            delete this[name];
            guard(() => handle.setProperty(name, value));
          }
        }
      }

      connectedCallback() {
        guard(() => handles.get(this)?.connected(this));
      }

      disconnectedCallback() {
        guard(() => handles.get(this)?.disconnected());
      }

      attributeChangedCallback(name, _old, value) {
        guard(() => handles.get(this)?.attributeChanged(name, value));
      }
    }

    for (const name of properties) {
      Object.defineProperty(CoderElement.prototype, name, {
        configurable: true,
        enumerable: true,
        get() {
          return guard(() => handles.get(this)?.getProperty(name));
        },
        set(value) {
          guard(() => handles.get(this)?.setProperty(name, value));
        },
      });
    }

    // Computed by Rust on each read; no setter.
    for (const name of readOnly) {
      Object.defineProperty(CoderElement.prototype, name, {
        configurable: true,
        enumerable: true,
        get() {
          return guard(() => handles.get(this)?.getProperty(name));
        },
      });
    }

    for (const name of methods) {
      Object.defineProperty(CoderElement.prototype, name, {
        configurable: true,
        writable: true,
        value(...args) {
          guard(() => handles.get(this)?.call(name, args));
        },
      });
    }

    customElements.define(tag, CoderElement);
  }
}
