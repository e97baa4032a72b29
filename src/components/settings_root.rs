//! What `<coder-provider-settings>` renders: the "Coder" row of
//! Backstage's user settings page.

use yew::prelude::*;

use super::{ErrorBox, ProviderView};

/// Props of [`SettingsRoot`].
#[derive(Properties, PartialEq)]
pub struct SettingsRootProps {
    /// The provider this row belongs to.
    pub provider: ProviderView,
}

/// Root component of `<coder-provider-settings>`.
#[function_component]
pub fn SettingsRoot(props: &SettingsRootProps) -> Html {
    let detail = match props.provider.app_config() {
        Ok(config) => html! {
            <p class="secondary">{ "Deployment: " }<span class="mono">{ config.access_url().to_owned() }</span></p>
        },
        Err(problem) => html! {
            <ErrorBox title="Coder settings unavailable" message={problem.message()} />
        },
    };
    html! {
        <section class="row" aria-labelledby="coder-settings-title">
            <div class="row-text">
                <h3 id="coder-settings-title" class="row-title">{ "Coder" }</h3>
                <p class="secondary">{ "Sign in to Coder to access your development workspaces" }</p>
                { detail }
            </div>
        </section>
    }
}
