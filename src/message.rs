//! Merchant messages: templates with placeholders, picked by the buyer's language.

use std::fmt::Write;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placeholder {
    Min,
    Max,
    MultipleOf,
    Actual,
    Product,
    Field,
}

impl Placeholder {
    pub fn name(self) -> &'static str {
        match self {
            Self::Min => "min",
            Self::Max => "max",
            Self::MultipleOf => "multipleOf",
            Self::Actual => "actual",
            Self::Product => "product",
            Self::Field => "field",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        [Self::Min, Self::Max, Self::MultipleOf, Self::Actual, Self::Product, Self::Field]
            .into_iter()
            .find(|p| p.name() == name)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    Text(String),
    Slot(Placeholder),
}

/// Why a message template cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplateError {
    UnknownPlaceholder(String),
    LoneOpenBrace,
    LoneCloseBrace,
}

/// The byte offset of the first `{` or `}` in `text` (ASCII, so always a
/// character boundary). A byte loop: `str::find` with a set of chars decodes
/// every character first, several times the instructions in wasm.
fn first_brace(text: &str) -> Option<usize> {
    text.bytes().position(|b| b == b'{' || b == b'}')
}

/// A parsed message: literal text and placeholders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template(Vec<Segment>);

impl Template {
    pub fn parse(text: &str) -> Result<Self, TemplateError> {
        let mut segments = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        // Whole runs between braces are copied at once (braces are ASCII, so
        // every slice below starts and ends on a character boundary).
        while let Some(at) = first_brace(rest) {
            literal.push_str(&rest[..at]);
            let brace = if rest[at..].starts_with('{') { '{' } else { '}' };
            let after = &rest[at + 1..];
            if after.starts_with(brace) {
                literal.push(brace);
                rest = &after[1..];
                continue;
            }
            if brace == '}' {
                return Err(TemplateError::LoneCloseBrace);
            }
            let Some(end) = first_brace(after).filter(|e| after[*e..].starts_with('}')) else {
                return Err(TemplateError::LoneOpenBrace);
            };
            let name = &after[..end];
            let placeholder =
                Placeholder::from_name(name).ok_or_else(|| TemplateError::UnknownPlaceholder(name.to_string()))?;
            if !literal.is_empty() {
                segments.push(Segment::Text(std::mem::take(&mut literal)));
            }
            segments.push(Segment::Slot(placeholder));
            rest = &after[end + 1..];
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            segments.push(Segment::Text(literal));
        }
        Ok(Self(segments))
    }

    pub fn placeholders(&self) -> impl Iterator<Item = Placeholder> + '_ {
        self.0.iter().filter_map(|s| match s {
            Segment::Slot(p) => Some(*p),
            Segment::Text(_) => None,
        })
    }

    /// Fills the template; `fill` is only asked for placeholders the config
    /// checker allowed for the rule, and an unavailable value prints empty.
    pub fn render(&self, fill: &dyn Fn(Placeholder) -> Option<String>) -> String {
        let mut out = String::new();
        for segment in &self.0 {
            match segment {
                Segment::Text(text) => out.push_str(text),
                Segment::Slot(p) => {
                    if let Some(value) = fill(*p) {
                        let _ = write!(out, "{value}");
                    }
                }
            }
        }
        out
    }
}

/// A rule's message in one or more languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// Language tags lower-cased (`"pt-br"`, `"default"`), in config order.
    entries: Vec<(String, Template)>,
    /// Index of the alphabetically first tag, the last fallback.
    first: usize,
}

impl Message {
    /// `entries` must not be empty (the config checker guarantees it).
    pub fn new(entries: Vec<(String, Template)>) -> Self {
        let entries: Vec<(String, Template)> =
            entries.into_iter().map(|(tag, t)| (tag.to_ascii_lowercase(), t)).collect();
        let first = (0..entries.len()).min_by(|a, b| entries[*a].0.cmp(&entries[*b].0)).unwrap_or(0);
        Self { entries, first }
    }

    pub fn templates(&self) -> impl Iterator<Item = &Template> {
        self.entries.iter().map(|(_, t)| t)
    }

    /// The exact tag, else its primary language, else `default`, else `en`,
    /// else the alphabetically first tag. `language` is a normalised tag (`pt-br`).
    pub fn pick(&self, language: &str) -> Option<&Template> {
        let primary = language.split('-').next().unwrap_or(language);
        let find = |tag: &str| self.entries.iter().find(|(t, _)| t == tag).map(|(_, t)| t);
        find(language)
            .or_else(|| find(primary))
            .or_else(|| find("default"))
            .or_else(|| find("en"))
            .or_else(|| self.entries.get(self.first).map(|(_, t)| t))
    }
}

/// Shopify's `LanguageCode` (`PT_BR`, `FR`) as a lower-case language tag (`pt-br`, `fr`).
pub fn language_tag(iso_code: &str) -> String {
    iso_code.replace('_', "-").to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> Template {
        Template::parse(text).unwrap()
    }

    #[test]
    fn parses_placeholders_and_escaped_braces() {
        let template = t("At most {max} of {product} {{ok}}");
        let rendered = template.render(&|p| Some(format!("<{}>", p.name())));
        assert_eq!(rendered, "At most <max> of <product> {ok}");
        assert_eq!(template.placeholders().collect::<Vec<_>>(), [Placeholder::Max, Placeholder::Product]);
    }

    #[test]
    fn rejects_bad_braces_and_unknown_names() {
        assert_eq!(Template::parse("a { b"), Err(TemplateError::LoneOpenBrace));
        assert_eq!(Template::parse("a } b"), Err(TemplateError::LoneCloseBrace));
        assert_eq!(Template::parse("{nope}"), Err(TemplateError::UnknownPlaceholder("nope".into())));
        assert_eq!(Template::parse("{max"), Err(TemplateError::LoneOpenBrace));
        assert_eq!(Template::parse("{ma{x}"), Err(TemplateError::LoneOpenBrace));
    }

    #[test]
    fn picks_language_with_fallbacks() {
        let message = Message::new(vec![
            ("fr".into(), t("fr")),
            ("pt-BR".into(), t("pt-BR")),
            ("pt".into(), t("pt")),
            ("en".into(), t("en")),
        ]);
        let pick = |lang: &str| message.pick(lang).unwrap().render(&|_| None);
        assert_eq!(pick("pt-br"), "pt-BR");
        assert_eq!(pick("pt-pt"), "pt");
        assert_eq!(pick("fr-ca"), "fr");
        assert_eq!(pick("de"), "en");
        let no_en = Message::new(vec![("zh-TW".into(), t("zh")), ("de".into(), t("de"))]);
        assert_eq!(no_en.pick("ja").unwrap().render(&|_| None), "de");
        let with_default = Message::new(vec![("en".into(), t("en")), ("default".into(), t("d"))]);
        assert_eq!(with_default.pick("ja").unwrap().render(&|_| None), "d");
        assert_eq!(language_tag("PT_BR"), "pt-br");
    }
}
