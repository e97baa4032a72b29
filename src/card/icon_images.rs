//! The template icons a provider has fetched through the Backstage proxy,
//! shared by its cards: which are loading, which are ready to show (as
//! `data:` URLs) and which failed, and which a new answer still needs.

use std::rc::Rc;

use crate::coder::Workspace;
use crate::config::{IconSource, IconSources};

/// Distinct proxied icons a provider fetches at most. A deployment has a
/// handful of templates; past this (a hostile answer with thousands of
/// icon paths) rows show their initial letter instead of making a request
/// each.
pub const MAX_ICONS: usize = 64;

/// One proxied icon's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IconImage {
    /// Its request is under way.
    Loading,
    /// A `data:` URL to show.
    Ready(Rc<str>),
    /// It could not be fetched or is not an image: the row shows its
    /// initial letter.
    Failed,
}

/// The proxied icons of one provider, by path on the deployment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IconImages {
    entries: Vec<(String, IconImage)>,
}

impl IconImages {
    /// No icons yet.
    pub const fn new() -> Self {
        Self {
            entries: Vec::new(),
        }
    }

    /// The state of the icon at `path`, if it was ever wanted.
    pub fn get(&self, path: &str) -> Option<&IconImage> {
        self.entries.iter().find(|(p, _)| p == path).map(|(_, i)| i)
    }

    /// The `src` a row shows for `source`: a ready `data:` URL, or a direct
    /// deployment URL; `None` (the initial letter) otherwise.
    pub fn src(&self, source: &IconSource) -> Option<String> {
        match source {
            IconSource::Direct(url) => Some(url.clone()),
            IconSource::Proxied(path) => match self.get(path) {
                Some(IconImage::Ready(url)) => Some(url.to_string()),
                _ => None,
            },
        }
    }

    /// Records `image` for `path`; a new path beyond [`MAX_ICONS`] is
    /// dropped.
    pub fn set(&mut self, path: &str, image: IconImage) {
        if let Some((_, slot)) = self.entries.iter_mut().find(|(p, _)| p == path) {
            *slot = image;
        } else if self.entries.len() < MAX_ICONS {
            self.entries.push((path.to_owned(), image));
        }
    }

    /// The proxied icon paths of `workspaces` not fetched or being fetched
    /// yet, each once, within [`MAX_ICONS`].
    pub fn missing(&self, workspaces: &[Workspace], access_url: &str) -> Vec<String> {
        let mut sources = IconSources::new(access_url);
        let mut missing: Vec<String> = Vec::new();
        for icon in workspaces.iter().filter_map(|w| w.template_icon.as_deref()) {
            if self.entries.len() + missing.len() >= MAX_ICONS {
                break;
            }
            if let Some(IconSource::Proxied(path)) = sources.get(icon) {
                if self.get(&path).is_none() && !missing.contains(&path) {
                    missing.push(path);
                }
            }
        }
        missing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACCESS: &str = "https://coder.example.com";

    fn ws(icon: &str) -> Workspace {
        let json = format!(r#"{{"id":"x","name":"n","owner_name":"o","template_icon":"{icon}"}}"#);
        Workspace::from_json(&json).unwrap()
    }

    #[test]
    fn each_proxied_icon_is_wanted_once() {
        let list = [
            ws("/icon/go.svg"),
            ws("/icon/go.svg"),
            ws("/icon/rust.svg"),
            ws("https://coder.example.com/icon/direct.svg"),
            ws("javascript:alert(1)"),
            ws(""),
        ];
        let mut images = IconImages::default();
        assert_eq!(
            images.missing(&list, ACCESS),
            ["/icon/go.svg", "/icon/rust.svg"]
        );
        images.set("/icon/go.svg", IconImage::Loading);
        assert_eq!(images.missing(&list, ACCESS), ["/icon/rust.svg"]);
        images.set("/icon/rust.svg", IconImage::Failed);
        assert!(
            images.missing(&list, ACCESS).is_empty(),
            "a failed icon is not asked again"
        );
    }

    #[test]
    fn rows_show_ready_images_and_direct_urls_only() {
        let mut images = IconImages::default();
        let go = IconSource::Proxied("/icon/go.svg".into());
        assert_eq!(images.src(&go), None, "unknown");
        images.set("/icon/go.svg", IconImage::Loading);
        assert_eq!(images.src(&go), None, "loading");
        images.set(
            "/icon/go.svg",
            IconImage::Ready("data:image/png;base64,AA==".into()),
        );
        assert_eq!(
            images.src(&go).as_deref(),
            Some("data:image/png;base64,AA==")
        );
        images.set("/icon/go.svg", IconImage::Failed);
        assert_eq!(images.src(&go), None, "failed");
        let direct = IconSource::Direct("https://coder.example.com/i.svg".into());
        assert_eq!(
            images.src(&direct).as_deref(),
            Some("https://coder.example.com/i.svg")
        );
    }

    #[test]
    fn a_hostile_variety_of_icons_is_capped() {
        let list: Vec<_> = (0..500).map(|i| ws(&format!("/icon/t{i}.svg"))).collect();
        let mut images = IconImages::default();
        let wanted = images.missing(&list, ACCESS);
        assert_eq!(wanted.len(), MAX_ICONS);
        for path in &wanted {
            images.set(path, IconImage::Loading);
        }
        assert!(images.missing(&list, ACCESS).is_empty());
        images.set("/icon/one-more.svg", IconImage::Loading);
        assert_eq!(images.get("/icon/one-more.svg"), None);
    }
}
