//! The custom element runtime: defining the elements and the Rust handle
//! behind each instance.

#[cfg(target_arch = "wasm32")]
mod card_state;
#[cfg(target_arch = "wasm32")]
mod coder_api;
#[cfg(target_arch = "wasm32")]
mod coder_query;
#[cfg(target_arch = "wasm32")]
mod context;
#[cfg(target_arch = "wasm32")]
pub mod crash;
#[cfg(target_arch = "wasm32")]
mod handle;
#[cfg(target_arch = "wasm32")]
mod pool;
#[cfg(target_arch = "wasm32")]
pub mod shadow;

#[cfg(target_arch = "wasm32")]
pub use coder_api::CoderApi;
#[cfg(target_arch = "wasm32")]
pub use context::{CARD_REQUEST_EVENT, PROVIDER_REQUEST_EVENT};
#[cfg(target_arch = "wasm32")]
pub use handle::ElementHandle;

#[cfg(target_arch = "wasm32")]
mod define {
    use std::cell::Cell;

    use wasm_bindgen::prelude::*;

    use super::ElementHandle;
    use crate::host::spec::ElementKind;

    #[wasm_bindgen(module = "/js/define-elements.js")]
    extern "C" {
        #[wasm_bindgen(js_name = defineElements)]
        fn define_elements_js(specs: &JsValue, create: &js_sys::Function);
    }

    thread_local! {
        static DEFINED: Cell<bool> = const { Cell::new(false) };
    }

    /// Defines `<coder-provider>`, `<coder-workspaces-card>`,
    /// `<coder-provider-settings>`, `<coder-workspaces-card-root>` and the
    /// card's part elements. Safe to call more than once; elements
    /// already in the document upgrade when this runs.
    #[wasm_bindgen(js_name = defineElements)]
    pub fn define_elements() {
        if DEFINED.with(|d| d.replace(true)) {
            return;
        }
        super::crash::install_panic_hook();
        let specs = js_sys::Array::new();
        for kind in ElementKind::ALL {
            let spec = js_sys::Object::new();
            let set = |key: &str, value: &JsValue| {
                let _ = js_sys::Reflect::set(&spec, &JsValue::from_str(key), value);
            };
            set("tag", &JsValue::from_str(kind.tag()));
            set("attributes", &str_array(kind.attributes()));
            set("properties", &str_array(kind.properties()));
            set("readOnly", &str_array(kind.read_only()));
            set("methods", &str_array(kind.methods()));
            specs.push(&spec);
        }
        // The factory lives as long as the page: element classes call it for
        // every new instance.
        let create = Closure::<dyn Fn(String) -> JsValue>::new(|tag: String| {
            ElementKind::from_tag(&tag)
                .map(|kind| JsValue::from(ElementHandle::new(kind)))
                .unwrap_or(JsValue::UNDEFINED)
        });
        define_elements_js(&specs, create.as_ref().unchecked_ref());
        create.forget();
    }

    fn str_array(items: &[&str]) -> js_sys::Array {
        items.iter().map(|s| JsValue::from_str(s)).collect()
    }
}

#[cfg(target_arch = "wasm32")]
pub use define::define_elements;
