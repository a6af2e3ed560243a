//! The `po_box` and `military` presets: word matchers rather than regular
//! expressions, so they are exact about word boundaries in every language and
//! cost a single pass over the value. The labelled sets they are scored on
//! (precision and recall per language) are `tests/data/po-box-labelled.tsv`
//! and `tests/data/military-labelled.tsv`; `docs/presets.md` says what each
//! preset matches and why.

/// A word of a value, with whether it opens a segment: the value's first
/// word, or the first after a comma, semicolon, colon, slash, parenthesis or
/// line break ("613 S. Main, PO 123": "po" opens a segment, "Via Po 12": no).
struct Word {
    text: String,
    opens_segment: bool,
}

/// Lower-cases, folds the accents these words use, and splits into words of
/// letters and digits ("P.O.Box 12" → ["p", "o", "box", "12"]). ASCII letters
/// and digits written together are separate words ("Box12", "RR2", "P0Box"
/// → ["p", "0", "box"]), so a number glued to its word still counts.
fn words(value: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut opens_segment = true;
    // 1: ASCII letter, 2: ASCII digit, 3: any other word character.
    let mut last_class = 0u8;
    let flush = |word: &mut String, opens: &mut bool, words: &mut Vec<Word>| {
        if !word.is_empty() {
            words.push(Word { text: std::mem::take(word), opens_segment: *opens });
            *opens = false;
        }
    };
    for c in value.chars() {
        let c = fold_char(c);
        if is_word_char(c) {
            let class = if c.is_ascii_digit() {
                2
            } else if c.is_ascii_alphabetic() {
                1
            } else {
                3
            };
            if matches!((last_class, class), (1, 2) | (2, 1)) {
                flush(&mut word, &mut opens_segment, &mut words);
            }
            word.push(c);
            last_class = class;
        } else {
            flush(&mut word, &mut opens_segment, &mut words);
            last_class = 0;
            if matches!(c, ',' | ';' | ':' | '/' | '(' | ')' | '|' | '\n' | '\r') {
                opens_segment = true;
            }
        }
    }
    flush(&mut word, &mut opens_segment, &mut words);
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

fn is_number(word: &Word) -> bool {
    word.text.bytes().next().is_some_and(|b| b.is_ascii_digit())
}

/// What must follow a marker's words for it to name a box.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Needs {
    /// Nothing: the words name a box wherever they stand ("PO Box", "Postfach").
    Nothing,
    /// A number ("BP 75", "Apdo. 12"): alone these words are often something
    /// else, with a number they are a box.
    Number,
    /// A number, and the marker opens a segment: words that are also street
    /// or place names ("Via Po 12", "Calle Casilla 12", "The Old Post Office,
    /// 5 High St" stay streets; "Casilla 45", "…, PO 123" are boxes).
    NumberOpeningSegment,
}

use Needs::{Nothing, Number, NumberOpeningSegment};

/// The post-office-box markers, by language (see `docs/presets.md`).
const PO_BOX_MARKERS: &[(&[&str], Needs)] = &[
    // English (USPS Publication 28 lists these spellings as what "PO BOX" standardises).
    (&["po", "box"], Nothing),
    (&["p", "o", "box"], Nothing),
    (&["p", "obox"], Nothing),     // "P.OBox 884"
    (&["p", "0", "box"], Nothing), // a digit zero for the O ("P0 Box", "p0box")
    (&["pobox"], Nothing),
    (&["po", "bx"], Nothing), // "PO Bx 433"
    (&["p", "o", "bx"], Nothing),
    (&["pobx"], Nothing),
    (&["p", "o", "b"], Nothing),
    (&["post", "office", "box"], Nothing),
    (&["postoffice", "box"], Nothing),
    (&["postal", "box"], Nothing),
    (&["post", "box"], Number),
    (&["postbox"], Nothing),
    (&["po", "drawer"], Nothing),
    (&["p", "o", "drawer"], Nothing),
    (&["post", "office", "drawer"], Nothing),
    (&["gpo", "box"], Nothing),
    (&["locked", "bag"], Nothing), // Australia, New Zealand
    (&["private", "bag"], Nothing),
    (&["pob"], Number),
    (&["p", "o"], Number),                       // "P.O. 123"
    (&["po"], NumberOpeningSegment),             // "613 S. Main, PO 123"; not "Via Po 12"
    (&["post", "office"], NumberOpeningSegment), // "Post Office 20387"; not "The Old Post Office, 5 …"
    (&["drawer"], NumberOpeningSegment),
    (&["postfach"], Nothing),         // German
    (&["postbus"], Nothing),          // Dutch
    (&["antwoordnummer"], Number),    // Dutch business reply number
    (&["postboks"], Nothing),         // Danish, Norwegian
    (&["pb"], NumberOpeningSegment),  // Norwegian "Pb. 123"
    (&["postilokero"], Nothing),      // Finnish
    (&["boite", "postale"], Nothing), // French
    (&["bp"], Number),
    (&["b", "p"], Number),
    (&["case", "postale"], Nothing),           // Swiss French
    (&["casella", "postale"], Nothing),        // Italian
    (&["apartado", "de", "correos"], Nothing), // Spanish
    (&["apartado", "de", "correo"], Nothing),
    (&["apartado", "postal"], Nothing),
    (&["apartado", "aereo"], Nothing), // Colombia
    (&["apdo", "postal"], Nothing),
    (&["apdo"], Number),
    (&["apartado"], NumberOpeningSegment), // Spanish, Portuguese
    (&["casilla", "de", "correo"], Nothing),
    (&["casilla", "de", "correos"], Nothing),
    (&["casilla", "postal"], Nothing),
    (&["casilla"], NumberOpeningSegment),
    (&["caixa", "postal"], Nothing), // Portuguese
    (&["cx", "postal"], Nothing),
    (&["skrytka", "pocztowa"], Nothing), // Polish
    (&["skr", "poczt"], Nothing),
    (&["skrytka"], Number),
    (&["posta", "kutusu"], Nothing), // Turkish
    (&["p", "k"], Number),
    (&["pk"], NumberOpeningSegment),
    (&["postafiok"], Nothing),           // Hungarian
    (&["абонентский", "ящик"], Nothing), // Russian
    (&["τ", "θ"], Number),               // Greek
];

/// Scripts without spaces between words: matched as text.
const PO_BOX_TEXT: &[&str] = &["私書箱", "邮政信箱", "郵政信箱", "а/я", "صندوق بريد"];

/// Words that open a rural-route or highway-contract address ("RR 2 Box 65",
/// "HC 68 Box 23", "Rural Route 4 Box 12", "Star Route Box 9"): the box that
/// follows is the buyer's roadside mailbox on a carrier's route, not a box at
/// a post office, so `po_box` leaves it alone (see `docs/presets.md`).
const RURAL_ROUTE: &[&[&str]] = &[
    &["rr"],
    &["r", "r"],
    &["rfd"],
    &["r", "f", "d"],
    &["rd"],
    &["rt"],
    &["rte"],
    &["route"],
    &["hc"],
    &["h", "c"],
    &["hcr"],
    &["highway", "contract"],
    &["hwy", "contract"],
    &["rural", "delivery"],
];

fn phrase_at(words: &[Word], at: usize, phrase: &[&str]) -> bool {
    words.len() >= at + phrase.len() && phrase.iter().zip(&words[at..]).all(|(p, w)| *p == w.text)
}

fn ends_with(words: &[Word], phrase: &[&str]) -> bool {
    words.len() >= phrase.len() && phrase_at(words, words.len() - phrase.len(), phrase)
}

/// A number at `at`, also after "No", "Nr" or "#" ("Box No. 12").
fn number_at(words: &[Word], at: usize) -> bool {
    match words.get(at) {
        Some(w) if is_number(w) => true,
        Some(w) if matches!(w.text.as_str(), "no" | "nr" | "num") => words.get(at + 1).is_some_and(is_number),
        _ => false,
    }
}

/// "Box 12" where it follows a rural-route or highway-contract designator,
/// with or without the route's number.
fn after_rural_route(words: &[Word], at: usize) -> bool {
    let before = &words[..at];
    let before = match before.last() {
        Some(last) if is_number(last) => &before[..before.len() - 1],
        _ => before,
    };
    RURAL_ROUTE.iter().any(|designator| ends_with(before, designator))
}

pub fn is_po_box(value: &str) -> bool {
    if !value.is_ascii() {
        let lower: String = value.chars().map(crate::text::fold_char).collect();
        if PO_BOX_TEXT.iter().any(|t| lower.contains(t)) {
            return true;
        }
    }
    let words = words(value);
    (0..words.len()).any(|at| {
        let marker = PO_BOX_MARKERS.iter().any(|(phrase, needs)| {
            phrase_at(&words, at, phrase)
                && match needs {
                    Nothing => true,
                    Number => number_at(&words, at + phrase.len()),
                    NumberOpeningSegment => words[at].opens_segment && number_at(&words, at + phrase.len()),
                }
        });
        marker
            || match words[at].text.as_str() {
                // "Box 12" (also Swedish), unless it is a rural-route box.
                "box" => number_at(&words, at + 1) && !after_rural_route(&words, at),
                // A bare "POB" ends the value or its segment.
                "pob" => words[at].opens_segment && words.get(at + 1).is_none_or(|next| next.opens_segment),
                _ => false,
            }
    })
}

/// APO/FPO/DPO (the city of a military address, alone or with its state and
/// ZIP) and PSC/CMR/Unit … Box lines of the US military mail.
pub fn is_military(value: &str) -> bool {
    let words = words(value);
    let numbered = |at: usize| words.get(at).is_some_and(is_number);
    let dotted = |at: usize| {
        words.get(at + 1).is_some_and(|w| w.text == "p") && words.get(at + 2).is_some_and(|w| w.text == "o")
    };
    (0..words.len()).any(|at| match words[at].text.as_str() {
        "apo" | "fpo" | "dpo" => true,
        "a" | "f" | "d" => dotted(at), // "A.P.O."
        "psc" | "cmr" => numbered(at + 1),
        "unit" => numbered(at + 1) && words.get(at + 2).is_some_and(|w| w.text == "box") && numbered(at + 3),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scores a labelled set: (language or field, label, value) rows, where
    /// `positive` says which labels must match. Per group: (true positives,
    /// false positives, false negatives, rows).
    fn score<'a>(
        data: &'a str,
        positive: &str,
        matcher: fn(&str) -> bool,
    ) -> std::collections::BTreeMap<&'a str, (usize, usize, usize, usize, Vec<String>)> {
        let mut scores = std::collections::BTreeMap::new();
        for (n, line) in data.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 4, "line {}: four tab-separated columns", n + 1);
            let (group, label, value) = (cols[0], cols[1], cols[2]);
            let entry = scores.entry(group).or_insert((0, 0, 0, 0, Vec::new()));
            entry.3 += 1;
            match (label == positive, matcher(value)) {
                (true, true) => entry.0 += 1,
                (false, true) => {
                    entry.1 += 1;
                    entry.4.push(format!("false positive: {value}"));
                }
                (true, false) => {
                    entry.2 += 1;
                    entry.4.push(format!("missed: {value}"));
                }
                (false, false) => {}
            }
        }
        scores
    }

    fn assert_scores(name: &str, data: &str, positive: &str, matcher: fn(&str) -> bool, groups: &[&str]) {
        let scores = score(data, positive, matcher);
        let mut failed = Vec::new();
        eprintln!("{name}: group rows positives precision recall");
        for group in groups {
            assert!(scores.contains_key(group), "{name}: no rows for {group}");
        }
        for (group, (tp, fp, fn_, rows, wrong)) in &scores {
            assert!(tp + fn_ > 0, "{name} {group}: no positive rows");
            assert!(rows > &(tp + fn_), "{name} {group}: no negative rows");
            let precision = *tp as f64 / (tp + fp).max(1) as f64;
            let recall = *tp as f64 / (tp + fn_) as f64;
            eprintln!("{name}: {group} {rows} {} {precision:.3} {recall:.3}", tp + fn_);
            if precision < 0.99 || recall < 0.98 {
                failed.push(format!("{group}: precision {precision:.3}, recall {recall:.3}: {wrong:?}"));
            }
        }
        assert!(failed.is_empty(), "{name}: {failed:#?}");
    }

    /// The contract's languages (English, German, Dutch, Danish, Norwegian,
    /// French, Spanish, Portuguese, Polish) and the others the preset knows.
    #[test]
    fn po_box_labelled_set_scores() {
        let data = include_str!("../../tests/data/po-box-labelled.tsv");
        let languages =
            ["en", "de", "nl", "da", "no", "fr", "es", "pt", "pl", "it", "fi", "sv", "tr", "ru", "ja", "zh"];
        assert_scores("po_box", data, "box", is_po_box, &languages);
        let rows = data.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).count();
        assert!(rows >= 300, "{rows} labelled rows");
    }

    #[test]
    fn military_labelled_set_scores() {
        let data = include_str!("../../tests/data/military-labelled.tsv");
        assert_scores("military", data, "military", is_military, &["city", "address1"]);
    }

    #[test]
    fn the_scorer_can_fail() {
        let data = "en\tbox\tPO Box 1\t-\nen\tstreet\tMain St\t-\n";
        let scores = score(data, "box", |_| true);
        assert_eq!(scores["en"].1, 1, "every value matching is one false positive");
        let scores = score(data, "box", |_| false);
        assert_eq!(scores["en"].2, 1, "nothing matching misses the box");
    }

    #[test]
    fn rural_route_boxes_are_not_po_boxes_but_po_boxes_beside_them_are() {
        for value in ["RR 2 Box 65", "HC 68 Box 23", "Rural Route 1 Box 5", "HCR 3 Box 7"] {
            assert!(!is_po_box(value), "{value}");
        }
        for value in ["RR 2, PO Box 65", "PO Box 9, HC 68", "Box 12, RR 1"] {
            assert!(is_po_box(value), "{value}");
        }
    }

    /// The pattern docs/presets.md gives merchants whose carrier cannot
    /// deliver to rural-route boxes catches every rural row of the labelled
    /// set and no English box or street.
    #[test]
    fn the_rural_route_recipe_pattern_matches_them() {
        let docs = include_str!("../../docs/presets.md");
        let line = docs.lines().find(|l| l.contains("\"no-rural-route-boxes\"")).unwrap();
        let json = docs.lines().skip_while(|l| *l != line).take(4).collect::<Vec<_>>().join("\n");
        let start = json.find("\"pattern\": \"").unwrap() + "\"pattern\": \"".len();
        let end = json[start..].find("\",").unwrap() + start;
        let pattern = json[start..end].replace("\\\\", "\\");
        let regex = crate::rules::address::Pattern::compile(&pattern, false, 25, u64::MAX).unwrap().regex;
        let data = include_str!("../../tests/data/po-box-labelled.tsv");
        let mut rural = 0;
        for line in data.lines().filter(|l| l.starts_with("en\t")) {
            let cols: Vec<&str> = line.split('\t').collect();
            let expected = cols[1] == "rural";
            rural += usize::from(expected);
            assert_eq!(regex.is_match(cols[2]), expected, "{}", cols[2]);
        }
        assert!(rural >= 10);
    }

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
