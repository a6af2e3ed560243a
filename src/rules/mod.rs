//! The checked rule set: what a valid config compiles into. Every value here has
//! passed the config checker, so evaluation needs no further validation.

pub mod address;
pub mod conditions;
pub mod limits;
pub mod postal;
pub mod presets;

use crate::decimal::WeightUnit;
use crate::message::Message;
use crate::Family;
pub use conditions::When;

/// The kinds of config v1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    LineQuantity,
    ProductQuantity,
    CartQuantity,
    DistinctLines,
    CartSubtotal,
    CartWeight,
    FieldPattern,
    DeliveryCountry,
    DeliveryProvince,
    PostalCode,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::LineQuantity,
        Kind::ProductQuantity,
        Kind::CartQuantity,
        Kind::DistinctLines,
        Kind::CartSubtotal,
        Kind::CartWeight,
        Kind::FieldPattern,
        Kind::DeliveryCountry,
        Kind::DeliveryProvince,
        Kind::PostalCode,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::LineQuantity => "line_quantity",
            Kind::ProductQuantity => "product_quantity",
            Kind::CartQuantity => "cart_quantity",
            Kind::DistinctLines => "distinct_lines",
            Kind::CartSubtotal => "cart_subtotal",
            Kind::CartWeight => "cart_weight",
            Kind::FieldPattern => "field_pattern",
            Kind::DeliveryCountry => "delivery_country",
            Kind::DeliveryProvince => "delivery_province",
            Kind::PostalCode => "postal_code",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    pub fn family(self) -> Family {
        match self {
            Kind::LineQuantity
            | Kind::ProductQuantity
            | Kind::CartQuantity
            | Kind::DistinctLines
            | Kind::CartSubtotal
            | Kind::CartWeight => Family::Limits,
            Kind::FieldPattern | Kind::DeliveryCountry | Kind::DeliveryProvince | Kind::PostalCode => Family::Address,
        }
    }
}

/// Buyer-journey steps, as a set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Steps(u8);

impl Steps {
    pub const CART: Steps = Steps(1);
    pub const CHECKOUT: Steps = Steps(2);
    pub const COMPLETION: Steps = Steps(4);
    pub const ALL: Steps = Steps(7);
    /// The default of `min`, `multipleOf` and address kinds.
    pub const CHECKOUT_ONLY: Steps = Steps(6);
    pub const NAMES: [&'static str; 3] = ["CART_INTERACTION", "CHECKOUT_INTERACTION", "CHECKOUT_COMPLETION"];

    pub fn empty() -> Steps {
        Steps(0)
    }

    pub fn from_name(name: &str) -> Option<Steps> {
        match name {
            "CART_INTERACTION" => Some(Steps::CART),
            "CHECKOUT_INTERACTION" => Some(Steps::CHECKOUT),
            "CHECKOUT_COMPLETION" => Some(Steps::COMPLETION),
            _ => None,
        }
    }

    pub fn insert(&mut self, other: Steps) {
        self.0 |= other.0;
    }

    pub fn contains(self, other: Steps) -> bool {
        self.0 & other.0 == other.0 && other.0 != 0
    }
}

/// A valid rule, ready to evaluate.
#[derive(Clone, Debug)]
pub struct Rule {
    /// Position in the config's `rules`.
    pub index: usize,
    pub id: String,
    pub kind: Kind,
    /// Explicit `steps`; `None` means each bound's default.
    pub steps: Option<Steps>,
    pub when: When,
    pub message: Message,
    pub check: Check,
    /// `"monitor": true` (v1.1): checked as usual, but its errors are only
    /// counted in the log, never returned to the buyer.
    pub monitor: bool,
}

impl Rule {
    /// Whether a bound with this default is checked at `step`.
    pub fn checks_at(&self, default: Steps, step: Steps) -> bool {
        self.steps.unwrap_or(default).contains(step)
    }
}

// At most 100 rules per run: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum Check {
    Limit(limits::Limit),
    FieldPattern(address::FieldPattern),
    DeliveryCountry(address::CodeList),
    DeliveryProvince { country: String, list: address::CodeList },
    PostalCode { country: Option<String>, list: address::PostalList },
}

/// What a limits rule measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    LineQuantity,
    ProductQuantity,
    CartQuantity,
    DistinctLines,
    /// Amounts in micros of the shop currency.
    Subtotal,
    /// Weights in nanograms, printed in this unit.
    Weight(WeightUnit),
}
