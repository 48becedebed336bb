//! How results reach the user: kubectl-style tables (no borders, upper-case headers, colour
//! only on a terminal and never with NO_COLOR), or a stable json/yaml document for scripts.

mod age;
pub mod bot_table;
mod document;
mod format;
pub mod gathered;
pub mod helm_steps;
pub mod infra_table;
pub mod progress;
mod sink;
mod table;

pub use age::{age, human_duration};
pub use document::{API_VERSION, Document, redacted, render_redacted};
pub use format::{OutputFormat, OutputOptions};
pub use gathered::render;
pub use sink::{Io, Render};
pub use table::{Table, Tone};

use std::io::IsTerminal;

/// Colour when stdout is a terminal, NO_COLOR is unset or empty (no-color.org), and TERM is not dumb.
pub fn color_wanted(env: impl Fn(&str) -> Option<String>) -> bool {
    if env("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        return false;
    }
    if env("TERM").as_deref() == Some("dumb") {
        return false;
    }
    std::io::stdout().is_terminal()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_wins_even_on_a_terminal() {
        assert!(!color_wanted(|k| (k == "NO_COLOR").then(|| "1".to_string())));
        assert!(!color_wanted(|k| (k == "TERM").then(|| "dumb".to_string())));
    }
}
