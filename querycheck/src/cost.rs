//! Static cost of an input query, by Shopify's published table.
//!
//! - `__typename` costs 0;
//! - a field whose type is `Metafield` (or a list of them) costs 3, and nothing
//!   below it is counted;
//! - `hasTags`, `hasAnyTag`, `inCollections` and `inAnyCollection` cost 3 each,
//!   and nothing below them is counted;
//! - every other leaf (scalar or enum) field costs 1;
//! - fields that select objects cost 0 themselves; their selections are counted.
//!
//! Aliases change nothing. Fragments are counted where they are used (a named
//! fragment spread twice counts twice), and a field selected twice is counted
//! twice: the result is an upper bound whenever Shopify merges duplicates.

use apollo_compiler::executable::{ExecutableDocument, Selection, SelectionSet};
use apollo_compiler::validation::Valid;
use std::fmt;

/// Fields with a flat cost of 3 whose own selections are free.
pub const FLAT_COST_FIELDS: [&str; 4] = ["hasTags", "hasAnyTag", "inCollections", "inAnyCollection"];
/// The type whose fields cost 3 with free selections.
pub const METAFIELD_TYPE: &str = "Metafield";

/// One field that contributes to the cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CostItem {
    /// Field names from the root, with `<Type>` after a field whose selection
    /// went through a type condition, e.g. `cart.lines.merchandise<ProductVariant>.id`.
    pub path: String,
    pub cost: u32,
}

/// The cost of one operation, with the fields that make it up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cost {
    pub total: u32,
    pub items: Vec<CostItem>,
}

impl fmt::Display for Cost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "cost {}", self.total)?;
        for item in &self.items {
            writeln!(f, "  {:>2}  {}", item.cost, item.path)?;
        }
        Ok(())
    }
}

/// Cost of the document's single (or only anonymous) operation.
pub fn query_cost(doc: &Valid<ExecutableDocument>) -> Result<Cost, String> {
    let op = doc.operations.get(None).map_err(|e| format!("cannot pick the operation to cost: {}", e.message()))?;
    let mut items = Vec::new();
    let mut stack = Vec::new();
    walk(doc, &op.selection_set, "", &mut items, &mut stack)?;
    let total = items.iter().map(|i| i.cost).sum();
    Ok(Cost { total, items })
}

fn walk(
    doc: &ExecutableDocument,
    set: &SelectionSet,
    prefix: &str,
    items: &mut Vec<CostItem>,
    fragments: &mut Vec<String>,
) -> Result<(), String> {
    for selection in &set.selections {
        match selection {
            Selection::Field(field) => {
                let name = field.name.as_str();
                let path = if prefix.is_empty() { name.to_string() } else { format!("{prefix}.{name}") };
                if name.starts_with("__") {
                    continue;
                }
                let returns = field.definition.ty.inner_named_type().as_str();
                if returns == METAFIELD_TYPE || FLAT_COST_FIELDS.contains(&name) {
                    items.push(CostItem { path, cost: 3 });
                } else if field.selection_set.selections.is_empty() {
                    items.push(CostItem { path, cost: 1 });
                } else {
                    walk(doc, &field.selection_set, &path, items, fragments)?;
                }
            }
            Selection::InlineFragment(inline) => {
                let prefix = match &inline.type_condition {
                    Some(tc) if tc != &set.ty => format!("{prefix}<{tc}>"),
                    _ => prefix.to_string(),
                };
                walk(doc, &inline.selection_set, &prefix, items, fragments)?;
            }
            Selection::FragmentSpread(spread) => {
                let name = spread.fragment_name.as_str();
                if fragments.iter().any(|f| f == name) {
                    return Err(format!("fragment `{name}` spreads itself"));
                }
                let fragment = doc.fragments.get(name).ok_or_else(|| format!("unknown fragment `{name}`"))?;
                let tc = fragment.type_condition();
                let prefix = if tc != &set.ty { format!("{prefix}<{tc}>") } else { prefix.to_string() };
                fragments.push(name.to_string());
                walk(doc, &fragment.selection_set, &prefix, items, fragments)?;
                fragments.pop();
            }
        }
    }
    Ok(())
}
