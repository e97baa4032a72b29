//! A card's plan for one render: from its inputs, its provider's config and
//! auth state, and what the user typed, to the config it shows (or the
//! titled error it shows instead) and the Coder queries it fetches and
//! watches. Pure, so every branch is tested natively; the card component
//! only renders the plan and sends the watch commands it names.

use std::rc::Rc;

use super::{plan_queries, CardInputs, EntityInput, QueryPlan};
use crate::config::{compile, CoderAppConfig, CompiledConfig};

/// Why a card cannot show workspaces: a title and a message that says
/// what to fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardProblem {
    /// The alert's title.
    pub title: &'static str,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// What a card shows and asks for.
#[derive(Clone, Debug, PartialEq)]
pub struct CardPlan {
    /// The search filter in force: the host's `query-filter` when set,
    /// else what the user typed.
    pub filter: String,
    /// The compiled config, or the problem the card shows instead.
    pub config: Result<CompiledConfig, CardProblem>,
    /// The requests the filter means.
    pub queries: QueryPlan,
    /// Their cache keys, one per request.
    pub keys: Vec<String>,
    /// The keys to watch now: none until a token is usable or being
    /// checked (a checked token's fetches start with its check), and none
    /// when the config failed.
    pub watched: Vec<String>,
}

/// Plans a card. `app` is its provider's valid app config or the message
/// saying why there is none; `fetching` whether its provider has a usable
/// token or one being checked.
pub fn plan_card(
    inputs: &CardInputs,
    app: Result<Rc<CoderAppConfig>, String>,
    typed: &str,
    fetching: bool,
) -> CardPlan {
    let filter = inputs.query_filter.as_deref().unwrap_or(typed).to_owned();
    let config = compile_card(inputs, app);
    let queries = match &config {
        Ok(c) => plan_queries(
            &filter,
            inputs
                .read_entity_data
                .then_some((c.repo_url.as_deref(), c.repo_url_param_keys.as_slice())),
        ),
        Err(_) => QueryPlan::NoRepoUrl,
    };
    let keys = match &queries {
        QueryPlan::Plain(q) => vec![q.clone()],
        QueryPlan::ByRepo(qs) => qs.clone(),
        _ => Vec::new(),
    };
    let watched = if fetching && config.is_ok() {
        keys.clone()
    } else {
        Vec::new()
    };
    CardPlan {
        filter,
        config,
        queries,
        keys,
        watched,
    }
}

/// The compiled config, or a titled problem for the card to show.
fn compile_card(
    inputs: &CardInputs,
    app: Result<Rc<CoderAppConfig>, String>,
) -> Result<CompiledConfig, CardProblem> {
    let app = app.map_err(|message| CardProblem {
        title: "Coder is not set up here",
        message,
    })?;
    let entity = match (&inputs.entity, inputs.read_entity_data) {
        (_, false) => None,
        (EntityInput::Ready(entity), true) => Some(entity.clone()),
        (EntityInput::Invalid(err), true) => {
            return Err(CardProblem {
                title: "Entity data error",
                message: err.to_string(),
            })
        }
        (EntityInput::None, true) => {
            return Err(CardProblem {
                title: "No entity to read",
                message: "read-entity-data is set but the card has no entity. Set its entity \
                          property (or its catalog-info attribute), or remove read-entity-data."
                    .to_owned(),
            })
        }
    };
    Ok(compile(&app, entity.as_deref()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ConfigError, Entity};

    fn app() -> Rc<CoderAppConfig> {
        let json = r#"{"deployment":{"accessUrl":"https://dev.coder.com"},
            "workspaces":{"defaultTemplateName":"devcontainers","defaultMode":"manual",
            "repoUrlParamKeys":["custom_repo","repo_url"],"params":{}}}"#;
        Rc::new(
            CoderAppConfig::from_tree(serde_json::from_str::<serde_json::Value>(json).unwrap())
                .unwrap(),
        )
    }

    fn entity(location: &str) -> EntityInput {
        let json = format!(
            r#"{{"metadata":{{"name":"p","annotations":{{"backstage.io/source-location":"{location}"}}}},
                "spec":{{"coder":{{"templateName":"python"}}}}}}"#
        );
        let value = serde_json::from_str::<serde_json::Value>(&json).unwrap();
        EntityInput::Ready(Rc::new(Entity::from_tree(value).unwrap()))
    }

    #[test]
    fn a_plain_card_fetches_its_filter_once_signed_in() {
        let inputs = CardInputs::default();
        let plan = plan_card(&inputs, Ok(app()), "owner:me", true);
        assert_eq!(plan.filter, "owner:me");
        assert_eq!(plan.queries, QueryPlan::Plain("owner:me".into()));
        assert_eq!(plan.keys, vec!["owner:me".to_owned()]);
        assert_eq!(plan.watched, plan.keys);
        let signed_out = plan_card(&inputs, Ok(app()), "owner:me", false);
        assert_eq!(signed_out.keys, plan.keys);
        assert!(
            signed_out.watched.is_empty(),
            "nothing is watched signed out"
        );
    }

    #[test]
    fn the_hosts_query_filter_wins_over_what_was_typed() {
        let inputs = CardInputs {
            query_filter: Some("owner:alice".into()),
            ..CardInputs::default()
        };
        let plan = plan_card(&inputs, Ok(app()), "owner:me", true);
        assert_eq!(plan.filter, "owner:alice");
        assert_eq!(plan.watched, vec!["owner:alice".to_owned()]);
    }

    #[test]
    fn an_entity_card_asks_once_per_repo_param_key() {
        let inputs = CardInputs {
            read_entity_data: true,
            entity: entity("url:https://github.com/coder/python-project/tree/main/"),
            ..CardInputs::default()
        };
        let plan = plan_card(&inputs, Ok(app()), "owner:me", true);
        assert_eq!(plan.keys.len(), 2);
        assert!(plan.keys[0].contains("custom_repo=https://github.com/coder/python-project"));
        assert!(plan.keys[1].contains("repo_url=https://github.com/coder/python-project"));
        assert!(matches!(plan.queries, QueryPlan::ByRepo(_)));
    }

    #[test]
    fn an_entity_card_with_an_empty_filter_prompts_for_a_search() {
        let inputs = CardInputs {
            read_entity_data: true,
            entity: entity("url:https://github.com/coder/python-project"),
            ..CardInputs::default()
        };
        let plan = plan_card(&inputs, Ok(app()), "  ", true);
        assert_eq!(plan.queries, QueryPlan::SearchPrompt);
        assert!(plan.keys.is_empty() && plan.watched.is_empty());
    }

    #[test]
    fn config_problems_become_titled_errors_and_fetch_nothing() {
        let inputs = CardInputs::default();
        let plan = plan_card(&inputs, Err("no config".into()), "owner:me", true);
        assert_eq!(
            plan.config,
            Err(CardProblem {
                title: "Coder is not set up here",
                message: "no config".into()
            })
        );
        assert!(plan.keys.is_empty() && plan.watched.is_empty());

        let missing = CardInputs {
            read_entity_data: true,
            ..CardInputs::default()
        };
        let plan = plan_card(&missing, Ok(app()), "owner:me", true);
        let problem = plan.config.unwrap_err();
        assert_eq!(problem.title, "No entity to read");
        assert!(problem.message.contains("entity property"));

        let invalid = CardInputs {
            read_entity_data: true,
            entity: EntityInput::Invalid(ConfigError::missing_field("metadata")),
            ..CardInputs::default()
        };
        let plan = plan_card(&invalid, Ok(app()), "owner:me", true);
        assert_eq!(plan.config.unwrap_err().title, "Entity data error");
        assert!(plan.watched.is_empty());
    }

    #[test]
    fn entity_data_is_ignored_unless_the_card_reads_it() {
        let inputs = CardInputs {
            entity: EntityInput::Invalid(ConfigError::missing_field("metadata")),
            ..CardInputs::default()
        };
        let plan = plan_card(&inputs, Ok(app()), "owner:me", true);
        assert!(plan.config.is_ok());
        assert_eq!(plan.queries, QueryPlan::Plain("owner:me".into()));
    }
}
