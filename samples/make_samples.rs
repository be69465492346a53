//! Writes the bundled samples into `samples/`, reproducibly (fixed dates and
//! zip timestamps, seeded invented people):
//!
//! ```text
//! cargo run --example make_samples
//! ```
//!
//! The builders live in `tests/support/fixtures.rs`, shared with the
//! integration tests; `tests/samples.rs` fails when the committed samples
//! no longer match them.

#[path = "../tests/support/fixtures.rs"]
mod fixtures;

use std::path::Path;

fn main() -> std::io::Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    std::fs::create_dir_all(&dir)?;
    for (name, bytes) in fixtures::samples() {
        let path = dir.join(name);
        std::fs::write(&path, &bytes)?;
        println!("{:>8} bytes  {}", bytes.len(), path.display());
    }
    Ok(())
}
