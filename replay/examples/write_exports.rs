//! Writes a generated orders export and its products export (Shopify's
//! layouts) for the replay benchmark (`scripts/replay-bench.sh`):
//!
//! ```text
//! cargo run --release -p checkout-guard-replay --example write_exports -- ORDERS DIR [SEED]
//! ```

use checkout_guard_replay::export::{self, ExportOptions};
use std::io::BufWriter;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(orders), Some(dir)) = (args.first().and_then(|n| n.parse::<usize>().ok()), args.get(1)) else {
        eprintln!("usage: write_exports ORDERS DIR [SEED]");
        return ExitCode::from(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let dir = PathBuf::from(dir);
    let result = (|| -> std::io::Result<export::Written> {
        std::fs::create_dir_all(&dir)?;
        let catalogue = export::catalogue(400, seed);
        export::write_products(
            &catalogue,
            BufWriter::new(std::fs::File::create(dir.join("products.csv"))?),
            true,
            true,
        )?;
        let options = ExportOptions { orders, seed, ..ExportOptions::default() };
        export::write_orders(&catalogue, &options, BufWriter::new(std::fs::File::create(dir.join("orders.csv"))?))
    })();
    match result {
        Ok(written) => {
            println!("{} orders, {} rows in {}", written.orders, written.rows, dir.join("orders.csv").display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("write_exports: {e}");
            ExitCode::from(1)
        }
    }
}
