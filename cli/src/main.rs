//! `checkout-guard`: the merchant tool of Checkout Guard.

use anyhow::{anyhow, Context};
use checkout_guard::Family;
use checkout_guard_cli::deploy::{self, PlanError, Target};
use checkout_guard_cli::exec::{self, CartSource, Engine, Overrides};
use checkout_guard_cli::jsontext::{self, ConfigFile};
use checkout_guard_cli::lint::{self, Finding};
use checkout_guard_cli::style::Paint;
use checkout_guard_cli::variables::Variables;
use checkout_guard_cli::{render, replay, schema, split};
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

const EXIT_CODES: &str = "\
Exit status:
  0  done: the config is clean, the cart passes, the output is printed
  1  the config has errors (or warnings, with --deny-warnings); `run`: the cart is blocked
  2  usage error, or a file that cannot be read
  3  `run`: a function failed (trap, invalid output, or over one of Shopify's limits)";

#[derive(Parser)]
#[command(
    name = "checkout-guard",
    version,
    max_term_width = 100,
    about = "Lint, test and deploy Checkout Guard configs (Shopify checkout validation)",
    long_about = "Lint, test and deploy Checkout Guard configs.\n\n\
        A config (config v1, one JSON file) holds the rules of two Shopify validations: \
        order limits (quantities, subtotal, weight) and address rules (patterns, countries, \
        provinces, postal codes). A typical session: `lint` the config, `run` carts through \
        both functions, then `deploy` to print the Admin GraphQL mutations that install it.",
    after_help = EXIT_CODES
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a config: every problem, with its JSON path, rule id and a fix
    #[command(after_help = EXIT_CODES)]
    Lint(LintArgs),
    /// Print the `variables` metafield value a config needs
    #[command(after_help = EXIT_CODES)]
    Variables(VariablesArgs),
    /// Run a cart through both validation functions and show what the buyer would see
    #[command(after_help = EXIT_CODES)]
    Run(RunArgs),
    /// Print the Admin GraphQL mutations that install a config (sends nothing)
    #[command(after_help = EXIT_CODES)]
    Deploy(DeployArgs),
    /// Impact preview: replay past orders (Shopify's CSV exports) or function inputs through a config
    #[command(after_help = EXIT_CODES)]
    Replay(ReplayArgs),
    /// Print the JSON Schema (draft 2020-12) of config v1
    Schema(SchemaArgs),
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
enum Format {
    /// For people: one line per problem, colour on a terminal
    #[default]
    Human,
    /// For tools
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum FamilyArg {
    /// The order-limits validation (quantities, subtotal, weight)
    Limits,
    /// The address-rules validation (patterns, countries, provinces, postal codes)
    Address,
}

impl From<FamilyArg> for Family {
    fn from(f: FamilyArg) -> Family {
        match f {
            FamilyArg::Limits => Family::Limits,
            FamilyArg::Address => Family::Address,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Step {
    /// Adding to or changing the cart
    #[value(name = "CART_INTERACTION", alias = "cart")]
    CartInteraction,
    /// Filling in checkout
    #[value(name = "CHECKOUT_INTERACTION", alias = "checkout")]
    CheckoutInteraction,
    /// Paying
    #[value(name = "CHECKOUT_COMPLETION", alias = "completion")]
    CheckoutCompletion,
}

impl Step {
    fn name(self) -> &'static str {
        match self {
            Step::CartInteraction => "CART_INTERACTION",
            Step::CheckoutInteraction => "CHECKOUT_INTERACTION",
            Step::CheckoutCompletion => "CHECKOUT_COMPLETION",
        }
    }
}

#[derive(Args)]
struct LintArgs {
    /// The config file (config v1 JSON)
    #[arg(value_name = "CONFIG.json")]
    config: PathBuf,
    /// Exit 1 on warnings too
    #[arg(long)]
    deny_warnings: bool,
    /// The deployed `variables` metafield value, to find tags and collections missing from it
    #[arg(long, value_name = "VARS.json")]
    variables: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
struct VariablesArgs {
    /// The config file (config v1 JSON)
    #[arg(value_name = "CONFIG.json")]
    config: PathBuf,
    /// Only the terms of one validation's rules (what `deploy` writes to it); default: both
    #[arg(long, value_enum)]
    family: Option<FamilyArg>,
    /// human: pretty JSON; json: the compact metafield value
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
#[command(after_long_help = "\
CART.json is either the friendly cart format (see cli/README.md: lines, buyer, \
deliveryGroups, billingAddress, step, language, currency, …) or a Shopify function \
input (an object with \"cart\"), or a Shopify fixture ({\"payload\": {\"input\": …}}). \
Each function gets the config's rules of its own family and the variables they need; \
a Shopify input is used as it is, with its config metafield replaced.")]
struct RunArgs {
    /// The config file (config v1 JSON)
    #[arg(long, value_name = "CONFIG.json")]
    config: PathBuf,
    /// The cart: the friendly cart format, or a Shopify function input
    #[arg(long, value_name = "CART.json")]
    cart: PathBuf,
    /// The buyer-journey step to run at (default: the cart's own, else CHECKOUT_COMPLETION)
    #[arg(long, value_enum)]
    step: Option<Step>,
    /// The buyer's language, as a tag (fr, pt-BR) or a Shopify LanguageCode (PT_BR)
    #[arg(long, value_name = "TAG")]
    language: Option<String>,
    /// Run the engine built into this tool instead of the wasm modules (no instruction counts)
    #[arg(long)]
    native: bool,
    /// Directory of checkout-guard-limits.wasm and checkout-guard-address.wasm
    /// [default: $CHECKOUT_GUARD_MODULES, else the workspace's target/wasm32-wasip1/function]
    #[arg(long, value_name = "DIR", conflicts_with = "native")]
    modules: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
#[command(after_long_help = "\
Every rule is replayed in monitor mode, so each order's verdict is known per rule; rules \
in monitor mode in the config are marked. A rule that needs facts the exports do not \
carry (collections, product or variant ids, customer tags, B2B, first and last names; \
product tags, types and weights without --products; delivery methods without \
--delivery-method) is reported as not judgeable, with the reason, and never guessed. \
Output names orders by their name only. Nothing is written anywhere but stdout (and \
progress on stderr when it is a terminal).")]
struct ReplayArgs {
    /// The config file (config v1 JSON)
    #[arg(long, value_name = "CONFIG.json")]
    config: PathBuf,
    /// Shopify's orders export (Orders > Export, CSV)
    #[arg(long, value_name = "ORDERS.csv")]
    orders: Option<PathBuf>,
    /// Shopify's products export (Products > Export, CSV): product types, tags and weights, by SKU
    #[arg(long, value_name = "PRODUCTS.csv", requires = "orders")]
    products: Option<PathBuf>,
    /// Shopify function inputs: a JSON file, a JSON-lines file, or a folder of them
    #[arg(long, value_name = "DIR|FILE")]
    inputs: Option<PathBuf>,
    /// The buyer-journey step to judge at [default: CHECKOUT_COMPLETION; an input's own step]
    #[arg(long, value_enum)]
    step: Option<Step>,
    /// A shipping rate of the export and the delivery method it is, e.g. "Local Pickup=PICK_UP" (repeatable)
    #[arg(long, value_name = "RATE=METHOD", value_parser = parse_delivery_method)]
    delivery_method: Vec<(String, String)>,
    /// The shop's currency [default: the first order's]; amount rules skip orders in other currencies
    #[arg(long, value_name = "CODE")]
    shop_currency: Option<String>,
    /// Run the engine built into this tool instead of the wasm modules (faster; no instruction counts)
    #[arg(long)]
    native: bool,
    /// Directory of checkout-guard-limits.wasm and checkout-guard-address.wasm
    /// [default: $CHECKOUT_GUARD_MODULES, else the workspace's target/wasm32-wasip1/function]
    #[arg(long, value_name = "DIR", conflicts_with = "native")]
    modules: Option<PathBuf>,
    /// Worker threads [default: the number of cores]
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

fn parse_delivery_method(arg: &str) -> Result<(String, String), String> {
    replay::delivery_method(arg)
}

#[derive(Args)]
struct DeployArgs {
    /// The config file (config v1 JSON)
    #[arg(value_name = "CONFIG.json")]
    config: PathBuf,
    /// Title of the new validation(s) [default: "Checkout Guard — order limits" / "… address rules"]
    #[arg(long, value_name = "T", conflicts_with = "validation_id")]
    title: Option<String>,
    /// Update this existing validation's metafields (gid://shopify/Validation/…) instead of creating one
    #[arg(long, value_name = "GID")]
    validation_id: Option<String>,
    /// Only this validation (required with --validation-id when the config has rules for both)
    #[arg(long, value_enum)]
    family: Option<FamilyArg>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
struct SchemaArgs {
    /// The schema is JSON either way
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Lint(args) => lint_command(args),
        Command::Variables(args) => variables_command(args),
        Command::Run(args) => run_command(args),
        Command::Deploy(args) => deploy_command(args),
        Command::Replay(args) => replay_command(args),
        Command::Schema(_) => {
            print!("{}", schema::schema_text());
            Ok(0)
        }
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("checkout-guard: error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn print_json<T: Serialize>(value: &T) {
    println!("{}", serde_json::to_string_pretty(value).unwrap_or_default());
}

fn read_variables(path: &PathBuf) -> anyhow::Result<Variables> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| {
        anyhow!("{} is not a variables metafield value ({{\"productTags\": [..], \"collectionIds\": [..], \"customerTags\": [..]}}): {e}", path.display())
    })
}

fn lint_command(args: LintArgs) -> anyhow::Result<u8> {
    let file = ConfigFile::read(&args.config)?;
    let variables = args.variables.as_ref().map(read_variables).transpose()?;
    let linted = lint::lint(&file, variables.as_ref());
    match args.format {
        Format::Json => print_json(&linted.report),
        Format::Human => {
            print!("{}", render::lint(&Paint::for_stdout(), &file.name, &linted.report, linted.summary.as_ref()))
        }
    }
    Ok(u8::from(lint::fails(&linted.report, args.deny_warnings)))
}

/// Prints why a config cannot be used, to stderr (the output is for stdout).
fn report_errors(name: &str, errors: &[Finding], what: &str) {
    let paint = Paint::default();
    for f in errors {
        eprint!("{}", render::finding(&paint, "error", f));
    }
    let n = errors.len();
    let plural = if n == 1 { "" } else { "s" };
    eprintln!("{name}: {n} error{plural}: {what} (see `checkout-guard lint {name}`)");
}

fn variables_command(args: VariablesArgs) -> anyhow::Result<u8> {
    let file = ConfigFile::read(&args.config)?;
    let json = match file.parse() {
        Ok(json) => json,
        Err(message) => {
            eprintln!("{}: {message}", file.name);
            return Ok(1);
        }
    };
    let linted = lint::lint(&file, None);
    if !linted.report.errors.is_empty() {
        let n = linted.report.errors.len();
        eprintln!(
            "{}: note: {n} error{} in the config; these variables cover its valid rules only (see `checkout-guard lint {}`)",
            file.name,
            if n == 1 { "" } else { "s" },
            file.name
        );
    }
    let variables = Variables::of_config(&json, args.family.map(Family::from));
    match args.format {
        Format::Json => println!("{}", checkout_guard_cli::variables::metafield_text(&variables)),
        Format::Human => print_json(&variables),
    }
    Ok(0)
}

fn run_command(args: RunArgs) -> anyhow::Result<u8> {
    let file = ConfigFile::read(&args.config)?;
    let cart = CartSource::read(&args.cart)?;
    let language = match &args.language {
        Some(tag) => Some(exec::language_code(tag).ok_or_else(|| anyhow!("--language {tag:?} is not a language tag"))?),
        None => None,
    };
    let overrides = Overrides { step: args.step.map(|s| s.name().to_string()), language };
    let engine = if args.native {
        Engine::Native
    } else {
        Engine::Wasm { modules: args.modules.clone().unwrap_or_else(exec::default_modules_dir) }
    };
    let (text, families, variables) = match file.parse() {
        Ok(json) => (
            Some(jsontext::compact(&json)),
            split::split(&json),
            split::FAMILIES.map(|family| Variables::of_config(&json, Some(family))),
        ),
        Err(_) => (None, None, [Variables::default(), Variables::default()]),
    };
    let linted = lint::lint(&file, None);
    if !linted.report.errors.is_empty() {
        let n = linted.report.errors.len();
        eprintln!(
            "{}: note: {n} error{} in the config: the functions skip what is invalid (see `checkout-guard lint {}`)",
            file.name,
            if n == 1 { "" } else { "s" },
            file.name
        );
    }
    let report =
        exec::run(&engine, text.as_deref(), families.as_ref(), [&variables[0], &variables[1]], &cart, &overrides)?;
    match args.format {
        Format::Json => print_json(&report),
        Format::Human => print!("{}", render::run(&Paint::for_stdout(), &report)),
    }
    Ok(report.exit_code() as u8)
}

fn deploy_command(args: DeployArgs) -> anyhow::Result<u8> {
    let file = ConfigFile::read(&args.config)?;
    let linted = lint::lint(&file, None);
    if !linted.report.errors.is_empty() {
        match args.format {
            Format::Json => print_json(&linted.report),
            Format::Human => report_errors(&file.name, &linted.report.errors, "refusing to deploy"),
        }
        return Ok(1);
    }
    let json = file.parse().map_err(|message| anyhow!("{}: {message}", file.name))?;
    let target = match args.validation_id {
        Some(validation_id) => Target::Update { validation_id },
        None => Target::Create { title: args.title },
    };
    let plan = match deploy::plan(&json, args.family.map(Family::from), &target) {
        Ok(plan) => plan,
        Err(error @ (PlanError::WhichFamily | PlanError::BadValidationId(_) | PlanError::FamilyWithoutRules(_))) => {
            return Err(error.into());
        }
        Err(error) => {
            eprintln!("{}: {error}", file.name);
            return Ok(1);
        }
    };
    let warnings = linted.report.warnings.len();
    if warnings > 0 {
        eprintln!(
            "{}: note: {warnings} warning{} (see `checkout-guard lint {}`)",
            file.name,
            if warnings == 1 { "" } else { "s" },
            file.name
        );
    }
    match args.format {
        Format::Json => print_json(&plan),
        Format::Human => print!("{}", deploy::render_human(&plan)),
    }
    Ok(0)
}

fn replay_command(args: ReplayArgs) -> anyhow::Result<u8> {
    let file = ConfigFile::read(&args.config)?;
    let linted = lint::lint(&file, None);
    if !linted.report.errors.is_empty() {
        let n = linted.report.errors.len();
        eprintln!(
            "{}: note: {n} error{} in the config: invalid rules are not replayed (see `checkout-guard lint {}`)",
            file.name,
            if n == 1 { "" } else { "s" },
            file.name
        );
    }
    let request = replay::Request {
        orders: args.orders,
        products: args.products,
        inputs: args.inputs,
        step: args.step.map(|s| s.name().to_string()),
        delivery_methods: args.delivery_method,
        shop_currency: args.shop_currency,
        modules: (!args.native).then(|| args.modules.unwrap_or_else(exec::default_modules_dir)),
        jobs: args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)),
        progress: true,
    };
    file.parse().map_err(|message| anyhow!("{}: {message}", file.name))?;
    let text = std::str::from_utf8(&file.bytes).map_err(|_| anyhow!("{}: not UTF-8 text", file.name))?;
    let report = replay::replay(text, &request, |_| {}, false)?;
    match args.format {
        Format::Json => print_json(&report),
        Format::Human => print!("{}", replay::render_human(&report, &file.name)),
    }
    Ok(0)
}
