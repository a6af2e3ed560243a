//! The `po_box` and `military` presets: word matchers rather than regular
//! expressions, so they are exact about word boundaries in every language and
//! cost a single pass over the value.

/// Lower-cases, folds the accents these words use, and splits into words of
/// letters and digits ("P.O.Box 12" → ["p", "o", "box", "12"]).
fn words(value: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    for c in value.chars() {
        let c = fold_char(c);
        if is_word_char(c) {
            word.push(c);
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    match crate::text::fold_char(c) {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ą' => 'a',
        'ç' | 'ć' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ę' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ł' => 'l',
        'ñ' | 'ń' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
        'ś' | 'š' => 's',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
}

/// Letters and digits of any script; ASCII punctuation, white space and
/// common typographic punctuation separate words.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    !crate::text::is_space(c)
        && !matches!(c, '\u{a1}'..='\u{bf}' | '\u{2010}'..='\u{206f}' | '\u{3001}'..='\u{3003}' | '№')
}

fn is_number(word: &str) -> bool {
    word.bytes().next().is_some_and(|b| b.is_ascii_digit())
}

/// Word sequences that name a post-office box wherever they stand.
const PO_BOX_PHRASES: &[&[&str]] = &[
    &["po", "box"],
    &["p", "o", "box"],
    &["p0", "box"],
    &["pobox"],
    &["p0box"], // a digit zero for the O, written without a space ("p0box 7")
    &["p", "o", "b"],
    &["post", "office", "box"],
    &["postoffice", "box"],
    &["gpo", "box"],
    &["postbox"],
    &["postfach"],                  // German
    &["postbus"],                   // Dutch
    &["postboks"],                  // Danish, Norwegian
    &["postilokero"],               // Finnish
    &["boite", "postale"],          // French
    &["case", "postale"],           // Swiss French
    &["casella", "postale"],        // Italian
    &["apartado", "de", "correos"], // Spanish
    &["apartado", "postal"],
    &["casilla", "de", "correo"],
    &["casilla", "de", "correos"],
    &["caixa", "postal"],     // Portuguese
    &["skrytka", "pocztowa"], // Polish
    &["posta", "kutusu"],     // Turkish
    &["locked", "bag"],       // Australia, New Zealand
    &["private", "bag"],
    &["абонентский", "ящик"], // Russian
];

/// Words that name a box only when a number follows ("POB 12", "Box 12",
/// "Apartado 45", "BP 7"), so "Box Turtle Circle" stays a street.
const PO_BOX_NUMBERED: &[&[&str]] = &[
    &["pob"],
    &["box"],
    &["post", "box"],
    &["apartado"],
    &["apdo"],
    &["casilla"],
    &["bp"],
    &["b", "p"],
    &["cx", "postal"],
    &["skr", "poczt"],
];

/// Scripts without spaces between words: matched as text.
const PO_BOX_TEXT: &[&str] = &["私書箱", "邮政信箱", "郵政信箱", "а/я"];

fn phrase_at(words: &[String], at: usize, phrase: &[&str]) -> bool {
    words.len() >= at + phrase.len() && phrase.iter().zip(&words[at..]).all(|(p, w)| p == w)
}

pub fn is_po_box(value: &str) -> bool {
    let lower: String = value.chars().map(crate::text::fold_char).collect();
    if PO_BOX_TEXT.iter().any(|t| lower.contains(t)) {
        return true;
    }
    let words = words(value);
    (0..words.len()).any(|at| {
        PO_BOX_PHRASES.iter().any(|p| phrase_at(&words, at, p))
            || PO_BOX_NUMBERED
                .iter()
                .any(|p| phrase_at(&words, at, p) && words.get(at + p.len()).is_some_and(|w| is_number(w)))
    })
}

/// APO/FPO/DPO addresses and PSC/CMR/Unit … Box lines of the US military mail.
pub fn is_military(value: &str) -> bool {
    let words = words(value);
    let numbered = |at: usize| words.get(at).is_some_and(|w| is_number(w));
    (0..words.len()).any(|at| match words[at].as_str() {
        "apo" | "fpo" | "dpo" => true,
        "psc" | "cmr" => numbered(at + 1),
        "unit" => numbered(at + 1) && words.get(at + 2).is_some_and(|w| w == "box") && numbered(at + 3),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn po_boxes_in_many_languages() {
        for value in [
            "PO Box 123",
            "P.O. Box 55",
            "p.o.box 9",
            "P0 Box 7",
            "p0box 7",
            "P0BOX 12",
            "P0Box",
            "Post Office Box 12",
            "POB 4411",
            "PO-Box 3",
            "Postfach 10 20 30",
            "Postbus 1234",
            "Postboks 45 Sentrum",
            "Boîte postale 12",
            "BP 75",
            "Apartado de Correos 9",
            "Apartado 1234",
            "Casilla 45",
            "Caixa Postal 100",
            "Skrytka pocztowa 12",
            "Casella Postale 3",
            "GPO Box 1000",
            "Locked Bag 5",
            "Postilokero 8",
            "私書箱 12号",
            "а/я 45",
        ] {
            assert!(is_po_box(value), "{value} should be a PO box");
        }
    }

    #[test]
    fn streets_are_not_po_boxes() {
        for value in [
            "Box Turtle Circle 4",
            "12 Potomac Street",
            "1 Post Road",
            "Poblano Lane 3",
            "Boxgasse 7",
            "Apartamento 4B, Calle Mayor",
            "Postweg 12",
            "Casillas Road 3",
            "Boxwood Drive",
            "P0 Boxwood Drive",
            "",
        ] {
            assert!(!is_po_box(value), "{value} should not be a PO box");
        }
    }

    #[test]
    fn military_addresses() {
        for value in [
            "APO AE 09012",
            "FPO AP 96601",
            "DPO AA 34001",
            "PSC 1234, Box 5678",
            "CMR 480 Box 123",
            "Unit 2050 Box 4190",
        ] {
            assert!(is_military(value), "{value}");
        }
        for value in ["Apollo Street 4", "Unit 5, 10 Main St", "Cmr Road", "Fpoint Ave"] {
            assert!(!is_military(value), "{value}");
        }
    }
}
