//! What a workspaces card is asked to show: its inputs, already typed (the
//! host adapter derives them from the element's attributes and properties).

use std::rc::Rc;

use crate::config::{ConfigError, Entity};

/// Inputs of a workspaces card.
#[derive(Clone, Debug, PartialEq)]
pub struct CardInputs {
    /// `header-text`, default "Coder Workspaces".
    pub header_text: String,
    /// `read-entity-data`: filter by the entity's repo.
    pub read_entity_data: bool,
    /// `default-query`, default `owner:me`.
    pub default_query: String,
    /// `query-filter`: a filter the host controls. While set, it is the
    /// card's filter; the card still reports typing with
    /// `coder-query-change` so the host can follow it.
    pub query_filter: Option<String>,
    /// The entity, from the `entity` property or the `catalog-info` attribute.
    pub entity: EntityInput,
}

/// Where the card's entity stands.
#[derive(Clone, Debug, PartialEq)]
pub enum EntityInput {
    /// Neither `entity` nor `catalog-info` is set.
    None,
    /// A parsed entity.
    Ready(Rc<Entity>),
    /// Given but invalid.
    Invalid(ConfigError),
}

impl Default for CardInputs {
    fn default() -> Self {
        Self {
            header_text: "Coder Workspaces".to_owned(),
            read_entity_data: false,
            default_query: "owner:me".to_owned(),
            query_filter: None,
            entity: EntityInput::None,
        }
    }
}
