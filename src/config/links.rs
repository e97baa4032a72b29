//! Every URL the product builds, in one place: the pages of the Coder
//! deployment a user is sent to (workspace, create-workspace, token page)
//! and where Coder's API is reached through the Backstage proxy. Each piece
//! that comes from config or from Coder is percent-encoded, so none can
//! add a path segment or a query parameter.

use super::encode::base64_into;
use super::{encode_uri_component_into, parse_web_url, CreationMode, Params};

/// Builds the create-workspace URL; every template name, key and value is
/// percent-encoded so none can add or change query parameters.
pub fn creation_url(
    access_url: &str,
    template: &str,
    mode: CreationMode,
    params: &Params,
) -> String {
    let mut url = String::with_capacity(access_url.len() + 64);
    url.push_str(access_url);
    url.push_str("/templates/");
    encode_uri_component_into(template, &mut url);
    url.push_str("/workspace?mode=");
    url.push_str(mode.as_str());
    for (k, v) in params.iter() {
        url.push_str("&param.");
        encode_uri_component_into(k, &mut url);
        url.push('=');
        encode_uri_component_into(v, &mut url);
    }
    url
}

/// `<access_url>/@<owner>/<name>` with both segments percent-encoded.
pub fn workspace_url(access_url: &str, owner: &str, name: &str) -> String {
    let mut url = String::with_capacity(access_url.len() + owner.len() + name.len() + 3);
    url.push_str(access_url);
    url.push_str("/@");
    encode_uri_component_into(owner, &mut url);
    url.push('/');
    encode_uri_component_into(name, &mut url);
    url
}

/// `<access_url>/cli-auth`: the deployment's page that shows a session token.
pub fn cli_auth_url(access_url: &str) -> String {
    let mut url = String::with_capacity(access_url.len() + 9);
    url.push_str(access_url);
    url.push_str("/cli-auth");
    url
}

/// Where Coder's API is reached: `<proxy base>/coder`, the proxy entry
/// every adopter configures (`proxy.endpoints['/coder']`).
pub fn coder_api_base(proxy_base: &str) -> String {
    let mut url = proxy_base.trim_end_matches('/').to_owned();
    url.push_str("/coder");
    url
}

/// `<api base><path>` for a Coder API path such as `/api/v2/users/me`.
pub fn api_url(api_base: &str, path: &str) -> String {
    let mut url = String::with_capacity(api_base.len() + path.len());
    url.push_str(api_base);
    url.push_str(path);
    url
}

/// `scheme://authority` of an http(s) URL, as `MessageEvent.origin` spells
/// it; `None` for anything [`parse_web_url`] refuses.
pub fn origin_of(url: &str) -> Option<String> {
    parse_web_url(url).ok().map(|parsed| parsed.origin())
}

/// Image types a template icon may be: what Coder's own icons use and
/// what every browser renders in an `<img>` (where an SVG's scripts never
/// run).
const IMAGE_TYPES: &[&str] = &[
    "image/svg+xml",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "image/avif",
    "image/x-icon",
    "image/vnd.microsoft.icon",
];

/// A `data:` URL holding an icon fetched through the proxy, or `None` when
/// `content_type` is not an image type an `<img>` may show. A `data:` URL
/// because Backstage's default Content-Security-Policy (`img-src 'self'
/// data:`) allows it, where it refuses `blob:` URLs and other origins.
pub fn image_data_url(content_type: &str, bytes: &[u8]) -> Option<String> {
    let mime = content_type.split(';').next()?.trim().to_ascii_lowercase();
    let mime = IMAGE_TYPES.iter().find(|t| **t == mime)?;
    let mut url = String::with_capacity(mime.len() + 13 + bytes.len().div_ceil(3) * 4);
    url.push_str("data:");
    url.push_str(mime);
    url.push_str(";base64,");
    base64_into(bytes, &mut url);
    Some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_auth_is_on_the_deployment() {
        assert_eq!(
            cli_auth_url("https://coder.example.com"),
            "https://coder.example.com/cli-auth"
        );
    }

    #[test]
    fn the_api_is_under_the_coder_proxy_entry() {
        assert_eq!(
            coder_api_base("http://localhost:7007/api/proxy/"),
            "http://localhost:7007/api/proxy/coder"
        );
        assert_eq!(
            api_url("http://b/api/proxy/coder", "/api/v2/users/me"),
            "http://b/api/proxy/coder/api/v2/users/me"
        );
    }

    #[test]
    fn icons_become_data_urls_only_for_image_types() {
        assert_eq!(
            image_data_url("image/svg+xml; charset=utf-8", b"<svg/>").as_deref(),
            Some("data:image/svg+xml;base64,PHN2Zy8+")
        );
        assert_eq!(
            image_data_url("IMAGE/PNG", &[0x89, b'P']).as_deref(),
            Some("data:image/png;base64,iVA=")
        );
        for refused in [
            "text/html",
            "application/json",
            "image/svg+xml-evil",
            "",
            "text/html; image/png",
        ] {
            assert_eq!(image_data_url(refused, b"<svg/>"), None, "{refused}");
        }
    }

    #[test]
    fn origins_drop_the_path_and_lower_case_the_host() {
        assert_eq!(
            origin_of("HTTPS://Backstage.Example.com:7007/api/proxy/coder").as_deref(),
            Some("https://backstage.example.com:7007")
        );
        assert_eq!(origin_of("javascript:alert(1)"), None);
        assert_eq!(origin_of("/relative"), None);
    }
}
