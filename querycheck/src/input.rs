//! Checks a function input (the JSON Shopify hands the function) against the
//! input query and the schema: the shape Shopify would produce for that query.

use crate::scalar::check_scalar;
use crate::{Issue, Issues};
use apollo_compiler::ast::Type;
use apollo_compiler::executable::{DirectiveList, ExecutableDocument, Field, Selection, SelectionSet};
use apollo_compiler::schema::ExtendedType;
use apollo_compiler::validation::Valid;
use apollo_compiler::{Name, Schema};
use serde_json::Value;

/// All problems of `input` read as the response to the document's operation.
pub fn validate_input(schema: &Valid<Schema>, doc: &Valid<ExecutableDocument>, input: &Value) -> Vec<Issue> {
    let mut issues = Issues::default();
    match doc.operations.get(None) {
        Ok(op) => {
            let checker = Checker { schema, doc };
            checker.object(input, op.object_type(), &[&op.selection_set], "$", &mut issues);
        }
        Err(e) => issues.error("$", format!("cannot pick the query's operation: {}", e.message())),
    }
    issues.0
}

struct Checker<'a> {
    schema: &'a Schema,
    doc: &'a ExecutableDocument,
}

/// One response key and the fields merged under it.
struct Group<'a> {
    key: Name,
    fields: Vec<&'a Field>,
    /// Every occurrence sits under `@skip`/`@include`: the key may be absent.
    conditional: bool,
}

fn is_conditional(directives: &DirectiveList) -> bool {
    directives.has("skip") || directives.has("include")
}

fn join(path: &str, key: &str) -> String {
    format!("{path}.{key}")
}

impl<'a> Checker<'a> {
    fn is_abstract(&self, ty: &str) -> bool {
        matches!(self.schema.types.get(ty), Some(ExtendedType::Interface(_) | ExtendedType::Union(_)))
    }

    /// Whether a fragment on `condition` applies to an object of `runtime` type
    /// (`None`: the concrete type is unknown, only conditions on `declared` apply).
    fn applies(&self, condition: &str, runtime: Option<&str>, declared: &str) -> bool {
        match runtime {
            Some(rt) => condition == rt || self.schema.is_subtype(condition, rt),
            None => condition == declared,
        }
    }

    /// GraphQL's CollectFields, grouped by response key, in query order.
    fn collect(
        &self,
        set: &'a SelectionSet,
        runtime: Option<&str>,
        declared: &str,
        conditional: bool,
        groups: &mut Vec<Group<'a>>,
        visiting: &mut Vec<&'a str>,
    ) {
        for selection in &set.selections {
            match selection {
                Selection::Field(field) => {
                    let cond = conditional || is_conditional(&field.directives);
                    let key = field.response_key();
                    match groups.iter_mut().find(|g| &g.key == key) {
                        Some(group) => {
                            group.fields.push(field);
                            group.conditional &= cond;
                        }
                        None => groups.push(Group { key: key.clone(), fields: vec![field], conditional: cond }),
                    }
                }
                Selection::InlineFragment(inline) => {
                    let applies = match &inline.type_condition {
                        Some(tc) => self.applies(tc, runtime, declared),
                        None => true,
                    };
                    if applies {
                        let cond = conditional || is_conditional(&inline.directives);
                        self.collect(&inline.selection_set, runtime, declared, cond, groups, visiting);
                    }
                }
                Selection::FragmentSpread(spread) => {
                    let name = spread.fragment_name.as_str();
                    let Some(fragment) = self.doc.fragments.get(name) else {
                        continue;
                    };
                    if visiting.contains(&name) || !self.applies(fragment.type_condition(), runtime, declared) {
                        continue;
                    }
                    let cond = conditional || is_conditional(&spread.directives);
                    visiting.push(name);
                    self.collect(&fragment.selection_set, runtime, declared, cond, groups, visiting);
                    visiting.pop();
                }
            }
        }
    }

    /// Every response key selected anywhere in `sets`, whatever the type condition.
    fn any_key(&self, sets: &[&'a SelectionSet], key: &str) -> bool {
        fn walk(doc: &ExecutableDocument, set: &SelectionSet, key: &str, depth: usize) -> bool {
            if depth > 64 {
                return false;
            }
            set.selections.iter().any(|s| match s {
                Selection::Field(f) => f.response_key() == key,
                Selection::InlineFragment(i) => walk(doc, &i.selection_set, key, depth + 1),
                Selection::FragmentSpread(s) => {
                    doc.fragments.get(&s.fragment_name).is_some_and(|f| walk(doc, &f.selection_set, key, depth + 1))
                }
            })
        }
        sets.iter().any(|s| walk(self.doc, s, key, 0))
    }

    /// Whether the selections hold a fragment that narrows the abstract type.
    fn narrows(&self, sets: &[&'a SelectionSet], declared: &str) -> bool {
        sets.iter().any(|set| {
            set.selections.iter().any(|s| match s {
                Selection::Field(_) => false,
                Selection::InlineFragment(i) => i.type_condition.as_ref().is_some_and(|tc| tc != declared),
                Selection::FragmentSpread(sp) => {
                    self.doc.fragments.get(&sp.fragment_name).is_some_and(|f| f.type_condition() != declared)
                }
            })
        })
    }

    /// The object types of `declared` whose selection (fields on the type
    /// and fragments that apply to it) has exactly the keys of `obj`.
    fn types_with_keys(
        &self,
        sets: &[&'a SelectionSet],
        declared: &str,
        obj: &serde_json::Map<String, Value>,
    ) -> Vec<String> {
        let mut fitting = Vec::new();
        for (name, ty) in &self.schema.types {
            if !matches!(ty, ExtendedType::Object(_)) || !self.schema.is_subtype(declared, name) {
                continue;
            }
            let mut groups = Vec::new();
            for set in sets {
                self.collect(set, Some(name.as_str()), declared, false, &mut groups, &mut Vec::new());
            }
            let selected = |key: &str| groups.iter().any(|g| g.key == key);
            let required_present = groups.iter().filter(|g| !g.conditional).all(|g| obj.contains_key(g.key.as_str()));
            if required_present && obj.keys().all(|k| selected(k)) {
                fitting.push(name.to_string());
            }
        }
        fitting
    }

    /// The response keys under which `__typename` is selected unconditionally.
    fn typename_keys(&self, sets: &[&'a SelectionSet], declared: &str) -> Vec<Name> {
        let mut groups = Vec::new();
        for set in sets {
            self.collect(set, None, declared, false, &mut groups, &mut Vec::new());
        }
        groups.into_iter().filter(|g| g.fields.iter().any(|f| f.name == "__typename")).map(|g| g.key).collect()
    }

    fn object(&self, value: &Value, declared: &str, sets: &[&'a SelectionSet], path: &str, issues: &mut Issues) {
        let Some(obj) = value.as_object() else {
            issues.error(path, format!("expected an object of type {declared}, found {}", kind(value)));
            return;
        };

        let runtime: Option<String>;
        let mut lenient_keys = false;
        if self.is_abstract(declared) {
            let keys = self.typename_keys(sets, declared);
            let narrows = self.narrows(sets, declared);
            let found = keys.iter().find_map(|k| obj.get(k.as_str()).map(|v| (k, v)));
            match found {
                Some((key, Value::String(name))) => {
                    let is_member = matches!(self.schema.types.get(name.as_str()), Some(ExtendedType::Object(_)))
                        && self.schema.is_subtype(declared, name);
                    if is_member {
                        runtime = Some(name.clone());
                    } else {
                        issues.error(
                            join(path, key),
                            format!("`{name}` is not an object type of {declared} in the schema"),
                        );
                        runtime = None;
                        lenient_keys = true;
                    }
                }
                Some((key, other)) => {
                    issues.error(join(path, key), format!("__typename must be a string, found {}", kind(other)));
                    runtime = None;
                    lenient_keys = true;
                }
                None => {
                    if let Some(key) = keys.first() {
                        issues.error(
                            join(path, key),
                            format!(
                                "missing `{key}` (selected on the abstract type {declared}; it names \
                                 the concrete type)"
                            ),
                        );
                        runtime = None;
                        lenient_keys = narrows;
                    } else if narrows {
                        // No `__typename` asked (our queries save its bytes): the
                        // concrete type is the one whose selection has exactly these keys.
                        let fitting = self.types_with_keys(sets, declared, obj);
                        match fitting.as_slice() {
                            [only] => runtime = Some(only.clone()),
                            [] => {
                                issues.error(
                                    path,
                                    format!(
                                        "the keys of this {declared} match the selection of none of its \
                                         object types (the query asks no `__typename`)"
                                    ),
                                );
                                runtime = None;
                            }
                            _ => {
                                issues.error(
                                    path,
                                    format!(
                                        "this {declared} could be any of {}: the query selects fragments on it \
                                         without `__typename` and their keys do not tell the types apart",
                                        fitting.join(", ")
                                    ),
                                );
                                runtime = None;
                            }
                        }
                        lenient_keys = runtime.is_none();
                    } else {
                        runtime = None;
                        lenient_keys = false;
                    }
                }
            }
        } else {
            runtime = Some(declared.to_string());
        }

        let mut groups = Vec::new();
        for set in sets {
            self.collect(set, runtime.as_deref(), declared, false, &mut groups, &mut Vec::new());
        }

        for group in &groups {
            let key = group.key.as_str();
            let Some(first) = group.fields.first() else {
                continue;
            };
            let field_path = join(path, key);
            match obj.get(key) {
                None => {
                    if group.conditional {
                        continue;
                    }
                    if first.name == "__typename" {
                        // Reported above for abstract types with fragments.
                        if !self.is_abstract(declared) {
                            issues.error(field_path, "missing `__typename`");
                        }
                    } else if first.definition.ty.is_non_null() {
                        issues.error(
                            field_path,
                            format!(
                                "missing non-null field `{}: {}` (Shopify sends every selected field)",
                                first.name, first.definition.ty
                            ),
                        );
                    } else {
                        issues.warning(
                            field_path,
                            format!(
                                "missing nullable field `{}` (Shopify sends every selected field, as null when empty)",
                                first.name
                            ),
                        );
                    }
                }
                Some(v) if first.name == "__typename" => match (v, runtime.as_deref()) {
                    (Value::String(s), Some(rt)) if s != rt => {
                        issues.error(field_path, format!("__typename is `{s}`, expected `{rt}`"))
                    }
                    (Value::String(_), _) => {}
                    (other, _) => {
                        issues.error(field_path, format!("__typename must be a string, found {}", kind(other)))
                    }
                },
                Some(v) => {
                    let subsets: Vec<&'a SelectionSet> = group.fields.iter().map(|f| &f.selection_set).collect();
                    self.value(v, &first.definition.ty, &subsets, &field_path, issues);
                }
            }
        }

        for key in obj.keys() {
            if groups.iter().any(|g| g.key == key.as_str()) {
                continue;
            }
            if lenient_keys && self.any_key(sets, key) {
                continue;
            }
            let on = runtime.as_deref().unwrap_or(declared);
            let message = if self.any_key(sets, key) {
                format!("unexpected key `{key}`: selected only in a fragment that does not apply to {on}")
            } else {
                format!("unexpected key `{key}`: no field of {on} is selected under that name")
            };
            issues.error(join(path, key), message);
        }
    }

    fn value(&self, value: &Value, ty: &Type, sets: &[&'a SelectionSet], path: &str, issues: &mut Issues) {
        if value.is_null() {
            if ty.is_non_null() {
                issues.error(path, format!("null for non-null type {ty}"));
            }
            return;
        }
        match ty {
            Type::List(item) | Type::NonNullList(item) => {
                let Some(items) = value.as_array() else {
                    issues.error(path, format!("expected a list {ty}, found {}", kind(value)));
                    return;
                };
                for (i, element) in items.iter().enumerate() {
                    self.value(element, item, sets, &format!("{path}[{i}]"), issues);
                }
            }
            Type::Named(name) | Type::NonNullNamed(name) => match self.schema.types.get(name) {
                Some(ExtendedType::Scalar(_)) => check_scalar(name, value, path, issues),
                Some(ExtendedType::Enum(def)) => match value.as_str() {
                    Some(s) if def.values.contains_key(s) => {}
                    Some(s) => issues.warning(
                        path,
                        format!(
                            "`{s}` is not a {name} value in this schema (Shopify adds values over \
                             time: the function must treat it as unknown, never fail)"
                        ),
                    ),
                    None => issues.error(path, format!("expected a {name} enum value (string), found {}", kind(value))),
                },
                Some(ExtendedType::Object(_) | ExtendedType::Interface(_) | ExtendedType::Union(_)) => {
                    self.object(value, name, sets, path, issues)
                }
                Some(ExtendedType::InputObject(_)) | None => {
                    issues.error(path, format!("type {name} cannot appear in an input"))
                }
            },
        }
    }
}

pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
