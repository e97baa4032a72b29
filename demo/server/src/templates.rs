//! The fake deployment's templates and their versions: the five seed
//! templates (`devcontainers`, `docker`, `nodejs`, `python`, `rust`), plus
//! one synthesized for every template a `--workspaces` file names that the
//! seed lacks. Served by `GET /api/v2/templates/{id}`,
//! `/api/v2/templateversions/{id}` and its `/rich-parameters`, and read by
//! the build route to resolve a build's parameters.
//!
//! Two seed templates have a newer active version than some workspaces
//! run: `devcontainers` v2 adds nothing (updating to it just works), while
//! `rust` v2 adds the required `rust_toolchain` without a default (updating
//! to it must name a value).

use serde_json::{json, Value};

use crate::ids::{id, ORG_ID};

/// One `coder_parameter` of a template version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RichParam {
    /// Parameter name (what builds set).
    pub name: String,
    /// Label shown in forms.
    pub display_name: String,
    /// Help text.
    pub description: String,
    /// `required` in Coder: no default, a value must come from a build.
    pub required: bool,
    /// The value used when neither the build nor the previous one set it.
    pub default_value: String,
    /// Whether a later build may change it.
    pub mutable: bool,
    /// `(name, value)` of each allowed option; empty for free text.
    pub options: Vec<(String, String)>,
}

impl RichParam {
    fn text(name: &str, display_name: &str, description: &str) -> Self {
        RichParam {
            name: name.into(),
            display_name: display_name.into(),
            description: description.into(),
            required: false,
            default_value: String::new(),
            mutable: true,
            options: Vec::new(),
        }
    }

    /// Coder's `TemplateVersionParameter` JSON.
    pub fn to_json(&self) -> Value {
        let options: Vec<Value> = self
            .options
            .iter()
            .map(|(name, value)| json!({ "name": name, "description": "", "value": value, "icon": "" }))
            .collect();
        json!({
            "name": self.name,
            "display_name": self.display_name,
            "description": self.description,
            "description_plaintext": self.description,
            "type": "string",
            "form_type": if options.is_empty() { "input" } else { "radio" },
            "mutable": self.mutable,
            "default_value": self.default_value,
            "icon": "",
            "options": options,
            "validation_error": "",
            "validation_regex": "",
            "validation_min": Value::Null,
            "validation_max": Value::Null,
            "validation_monotonic": "",
            "required": self.required,
            "ephemeral": false,
        })
    }
}

/// One version of a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    /// Version UUID.
    pub id: String,
    /// Version name, e.g. `v2`.
    pub name: String,
    /// Its rich parameters, in form order.
    pub parameters: Vec<RichParam>,
}

/// A template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    /// Template UUID (a `--workspaces` file may use any string).
    pub id: String,
    /// Template name (what `template:` searches).
    pub name: String,
    /// Display name.
    pub display_name: String,
    /// Icon path or URL.
    pub icon: String,
    /// Description.
    pub description: String,
    /// The version new builds and updates use.
    pub active_version_id: String,
    /// Every version, oldest first.
    pub versions: Vec<Version>,
}

/// When every seed template was created and last changed.
const CREATED: &str = "2024-11-04T09:00:00.000Z";
const UPDATED: &str = "2025-05-20T09:00:00.000Z";

impl Template {
    /// The version with this id.
    pub fn version(&self, version_id: &str) -> Option<&Version> {
        self.versions.iter().find(|v| v.id == version_id)
    }

    /// The active version (a template always has it among its versions).
    pub fn active(&self) -> Option<&Version> {
        self.version(&self.active_version_id)
    }

    /// Coder's `Template` JSON.
    pub fn to_json(&self) -> Value {
        let stats = json!({ "P50": Value::Null, "P95": Value::Null });
        json!({
            "id": self.id,
            "created_at": CREATED,
            "updated_at": UPDATED,
            "organization_id": ORG_ID,
            "organization_name": "coder",
            "organization_display_name": "Coder",
            "organization_icon": "",
            "name": self.name,
            "display_name": self.display_name,
            "provisioner": "terraform",
            "active_version_id": self.active_version_id,
            "active_user_count": 3,
            "build_time_stats": { "start": stats, "stop": stats, "delete": stats },
            "description": self.description,
            "deprecated": false,
            "deprecation_message": "",
            "icon": self.icon,
            "default_ttl_ms": 0,
            "activity_bump_ms": 3_600_000,
            "autostop_requirement": { "days_of_week": [], "weeks": 1 },
            "autostart_requirement": {
                "days_of_week": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
            },
            "created_by_id": ADMIN_ID,
            "created_by_name": "admin",
            "allow_user_autostart": true,
            "allow_user_autostop": true,
            "allow_user_cancel_workspace_jobs": true,
            "failure_ttl_ms": 0,
            "time_til_dormant_ms": 0,
            "time_til_dormant_autodelete_ms": 0,
            "require_active_version": false,
            "max_port_share_level": "owner",
            "use_classic_parameter_flow": false,
        })
    }

    /// Coder's `TemplateVersion` JSON for one of this template's versions.
    pub fn version_json(&self, version: &Version) -> Value {
        json!({
            "id": version.id,
            "template_id": self.id,
            "organization_id": ORG_ID,
            "created_at": CREATED,
            "updated_at": UPDATED,
            "name": version.name,
            "message": "",
            "job": {
                "id": version.id,
                "created_at": CREATED,
                "started_at": CREATED,
                "completed_at": CREATED,
                "status": "succeeded",
                "error": "",
                "file_id": version.id,
                "tags": { "scope": "organization" },
                "queue_position": 0,
                "queue_size": 0,
                "type": "template_version_import",
            },
            "readme": "",
            "created_by": { "id": ADMIN_ID, "username": "admin", "avatar_url": "" },
            "archived": false,
            "warnings": [],
        })
    }
}

/// The template admin who "created" every seed template.
const ADMIN_ID: &str = "5e500000-0000-4000-8000-0000000000ad";

/// The seed templates: `(name, display name, icon, n)` with ids
/// `7e3f0000-…-n`, active versions `7e3f1000-…-n` and older versions
/// `7e3f2000-…-n`.
pub fn seed_templates() -> Vec<Template> {
    let region = RichParam {
        default_value: "eu-helsinki".into(),
        mutable: false,
        options: vec![
            ("Helsinki, Finland".into(), "eu-helsinki".into()),
            ("Pittsburgh, USA".into(), "us-pittsburgh".into()),
        ],
        ..RichParam::text("region", "Region", "Where the workspace runs.")
    };
    let custom_repo = RichParam::text(
        "custom_repo",
        "Repository",
        "A Git repository to clone into the workspace.",
    );
    let repo_url = RichParam::text(
        "repo_url",
        "Repository URL",
        "The Git repository the workspace works on.",
    );
    let node_version = RichParam {
        default_value: "20".into(),
        options: ["18", "20", "22"]
            .iter()
            .map(|v| (format!("Node.js {v}"), (*v).to_string()))
            .collect(),
        ..RichParam::text(
            "node_version",
            "Node.js version",
            "The Node.js release to install.",
        )
    };
    let rust_toolchain = RichParam {
        required: true,
        ..RichParam::text(
            "rust_toolchain",
            "Rust toolchain",
            "The rustup toolchain to install, e.g. stable or nightly.",
        )
    };
    let p = |list: &[&RichParam]| -> Vec<RichParam> { list.iter().map(|r| (*r).clone()).collect() };
    let template =
        |n: u32, name: &str, display: &str, icon: &str, versions: Vec<Vec<RichParam>>| {
            // The last version is the active one; with two, the first is `v1`
            // under the older id.
            let count = versions.len();
            let versions: Vec<Version> = versions
                .into_iter()
                .enumerate()
                .map(|(i, parameters)| Version {
                    id: if i + 1 == count {
                        id("7e3f1000", n)
                    } else {
                        id("7e3f2000", n)
                    },
                    name: format!("v{}", i + 1),
                    parameters,
                })
                .collect();
            Template {
                id: id("7e3f0000", n),
                name: name.into(),
                display_name: display.into(),
                icon: icon.into(),
                description: format!("{display} workspaces for the demo."),
                active_version_id: id("7e3f1000", n),
                versions,
            }
        };
    vec![
        template(
            1,
            "devcontainers",
            "Dev Containers",
            "/icon/docker.svg",
            vec![p(&[&custom_repo, &region]), p(&[&custom_repo, &region])],
        ),
        template(
            2,
            "docker",
            "Docker Containers",
            "/icon/docker.svg",
            vec![p(&[&custom_repo, &region])],
        ),
        template(
            3,
            "nodejs",
            "Node.js",
            "/icon/node.svg",
            vec![
                p(&[&repo_url, &custom_repo, &region]),
                p(&[&repo_url, &custom_repo, &region, &node_version]),
            ],
        ),
        template(
            4,
            "python",
            "Python",
            "/icon/python.svg",
            vec![p(&[&repo_url, &region])],
        ),
        template(
            5,
            "rust",
            "Rust",
            "/icon/rust.svg",
            vec![
                p(&[&custom_repo, &repo_url, &region]),
                p(&[&custom_repo, &repo_url, &region, &rust_toolchain]),
            ],
        ),
    ]
}

/// Every template of the deployment, seed and synthesized.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    /// The templates, seed ones first.
    pub templates: Vec<Template>,
}

impl Catalog {
    /// The seed templates only.
    pub fn seed() -> Self {
        Catalog {
            templates: seed_templates(),
        }
    }

    /// The template with this id.
    pub fn template(&self, template_id: &str) -> Option<&Template> {
        self.templates.iter().find(|t| t.id == template_id)
    }

    /// The template and version of a version id.
    pub fn version(&self, version_id: &str) -> Option<(&Template, &Version)> {
        self.templates
            .iter()
            .find_map(|t| t.version(version_id).map(|v| (t, v)))
    }

    /// The index of the template a workspace object belongs to: by its
    /// `template_id`, else by its `template_name` (`template` when it has
    /// neither, so such workspaces share one); one is synthesized (named
    /// after what the object gives) when the deployment has none.
    pub(crate) fn resolve(&mut self, workspace: &Value) -> usize {
        let text = |key: &str| workspace.get(key).and_then(Value::as_str);
        let name = text("template_name").unwrap_or("template");
        let found = match text("template_id") {
            Some(tid) => self.templates.iter().position(|t| t.id == tid),
            None => self.templates.iter().position(|t| t.name == name),
        };
        if let Some(i) = found {
            return i;
        }
        let k = self.templates.len() as u32 + 1;
        let name = name.to_string();
        let version_id =
            text("template_active_version_id").map_or_else(|| id("7e3f9100", k), str::to_string);
        self.templates.push(Template {
            id: text("template_id").map_or_else(|| id("7e3f9000", k), str::to_string),
            display_name: text("template_display_name").unwrap_or(&name).to_string(),
            icon: text("template_icon").unwrap_or("").to_string(),
            description: String::new(),
            active_version_id: version_id.clone(),
            versions: vec![Version {
                id: version_id,
                name: "v1".into(),
                parameters: Vec::new(),
            }],
            name,
        });
        self.templates.len() - 1
    }

    /// Makes sure template `t` has a version with this id (a `--workspaces`
    /// file may name one the template lacks), returning its name.
    pub(crate) fn ensure_version(
        &mut self,
        t: usize,
        version_id: &str,
        name: Option<&str>,
    ) -> String {
        let template = &mut self.templates[t];
        if let Some(v) = template.version(version_id) {
            return v.name.clone();
        }
        let name = name.unwrap_or("previous").to_string();
        // Older than the active one, so it goes first; no parameters of its
        // own (a build on it keeps whatever it had).
        template.versions.insert(
            0,
            Version {
                id: version_id.to_string(),
                name: name.clone(),
                parameters: Vec::new(),
            },
        );
        name
    }

    /// An older version of template `t` than its active one (made up when
    /// it has none), for a file workspace that says it is `outdated`.
    pub(crate) fn older_version(&mut self, t: usize) -> (String, String) {
        let template = &self.templates[t];
        if let Some(v) = template
            .versions
            .iter()
            .find(|v| v.id != template.active_version_id)
        {
            return (v.id.clone(), v.name.clone());
        }
        let k = t as u32 + 1;
        let older = id("7e3f9200", k);
        let name = self.ensure_version(t, &older, Some("v0"));
        (older, name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_versions_differ_only_where_the_seed_needs_it() {
        let c = Catalog::seed();
        let names = |t: &Template, v: usize| -> Vec<String> {
            t.versions[v]
                .parameters
                .iter()
                .map(|p| p.name.clone())
                .collect()
        };
        let dev = c.template(&id("7e3f0000", 1)).unwrap();
        assert_eq!(dev.versions.len(), 2);
        assert_eq!(
            names(dev, 0),
            names(dev, 1),
            "devcontainers v2 adds nothing"
        );
        let rust = c.template(&id("7e3f0000", 5)).unwrap();
        let added = rust.active().unwrap().parameters.last().unwrap();
        assert_eq!(added.name, "rust_toolchain");
        assert!(added.required && added.default_value.is_empty());
        assert!(!names(rust, 0).contains(&"rust_toolchain".to_string()));
        for t in &c.templates {
            assert!(t.active().is_some(), "{}", t.name);
        }
        assert_eq!(c.version(&id("7e3f2000", 5)).unwrap().1.name, "v1");
    }

    #[test]
    fn unknown_templates_are_synthesized_once() {
        let mut c = Catalog::seed();
        let seed = c.templates.len();
        let by_name = c.resolve(&json!({ "template_name": "docker" }));
        assert_eq!(c.templates[by_name].id, id("7e3f0000", 2));
        let a = c.resolve(&json!({ "template_id": "tpl-x", "template_name": "x" }));
        let b = c.resolve(&json!({ "template_id": "tpl-x" }));
        let by_its_name = c.resolve(&json!({ "template_name": "x" }));
        assert_eq!((a, b, by_its_name), (seed, seed, seed));
        let nameless = c.resolve(&json!({ "name": "w" }));
        assert_eq!(c.resolve(&json!({})), nameless, "nameless ones share one");
        assert_eq!(c.templates[nameless].name, "template");
        assert_eq!(c.templates[a].name, "x");
        let (older, name) = c.older_version(a);
        assert_eq!(c.templates.len(), seed + 2);
        assert_ne!(older, c.templates[a].active_version_id);
        assert_eq!(name, "v0");
        assert_eq!(c.older_version(a).0, older, "made up once");
    }
}
