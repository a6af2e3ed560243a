//! The merchant tool of Checkout Guard (`checkout-guard`): lint a config,
//! derive its `variables` metafield, run a cart through both validation
//! functions, print the Admin GraphQL mutations that deploy it, and print
//! the config's JSON Schema, and replay past orders through a config
//! (impact preview). See `cli/README.md` and `checkout-guard --help`.

pub mod deploy;
pub mod estimate;
pub mod exec;
pub mod hints;
pub mod jsontext;
pub mod lint;
pub mod render;
pub mod replay;
pub mod schema;
pub mod split;
pub mod style;
pub mod variables;
