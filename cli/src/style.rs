//! Colour for people: only when stdout is a terminal and `NO_COLOR` is unset.

use anstyle::{AnsiColor, Style};
use std::io::IsTerminal;

#[derive(Clone, Copy, Debug, Default)]
pub struct Paint {
    pub color: bool,
}

impl Paint {
    /// Colour when stdout is a terminal, unless `NO_COLOR` is set (no-color.org).
    pub fn for_stdout() -> Paint {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Paint { color: !no_color && std::io::stdout().is_terminal() }
    }

    fn paint(&self, style: Style, text: &str) -> String {
        if self.color {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    }

    pub fn error(&self, text: &str) -> String {
        self.paint(AnsiColor::Red.on_default().bold(), text)
    }

    pub fn warning(&self, text: &str) -> String {
        self.paint(AnsiColor::Yellow.on_default().bold(), text)
    }

    pub fn good(&self, text: &str) -> String {
        self.paint(AnsiColor::Green.on_default().bold(), text)
    }

    pub fn strong(&self, text: &str) -> String {
        self.paint(Style::new().bold(), text)
    }

    pub fn dim(&self, text: &str) -> String {
        self.paint(Style::new().dimmed(), text)
    }
}
