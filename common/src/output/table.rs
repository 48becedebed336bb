//! Tables that look like kubectl's: no borders, upper-case headers, three spaces between
//! columns, no trailing blanks. Cells carry a tone; colour is applied only when asked for.

use comfy_table::{Cell, Color, presets};

/// What a cell means to the reader, independent of whether colour is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Good,
    Warn,
    Bad,
}

#[derive(Debug, Clone)]
pub struct Table {
    headers: Vec<&'static str>,
    rows: Vec<Vec<(String, Tone)>>,
}

impl Table {
    pub fn new(headers: Vec<&'static str>) -> Table {
        Table {
            headers,
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<(String, Tone)>) {
        debug_assert_eq!(cells.len(), self.headers.len());
        self.rows.push(cells);
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn headers(&self) -> &[&'static str] {
        &self.headers
    }

    /// One table of several, each row led by the name its table came with (`CONTEXT`).
    /// `None` when the tables do not have the same columns.
    pub fn merged(leading: &'static str, parts: &[(&str, &Table)]) -> Option<Table> {
        let headers = parts.first()?.1.headers.clone();
        if parts.iter().any(|(_, t)| t.headers != headers) {
            return None;
        }
        let mut merged = Table::new(std::iter::once(leading).chain(headers).collect());
        for (name, t) in parts {
            for row in &t.rows {
                let mut r = vec![(name.to_string(), Tone::Plain)];
                r.extend(row.iter().cloned());
                merged.rows.push(r);
            }
        }
        Some(merged)
    }

    /// The table, or `None` when it has no rows: callers say so on stderr instead, as kubectl
    /// says "No resources found".
    pub fn render_nonempty(&self, headers: bool, color: bool) -> Option<String> {
        (!self.is_empty()).then(|| self.render(headers, color))
    }

    pub fn render(&self, headers: bool, color: bool) -> String {
        let mut t = comfy_table::Table::new();
        t.load_style(presets::NOTHING);
        if color {
            t.enforce_styling();
        } else {
            t.force_no_tty();
        }
        if headers {
            t.set_header(self.headers.iter().map(|h| Cell::new(*h)));
        }
        for row in &self.rows {
            t.add_row(row.iter().map(|(text, tone)| {
                let cell = Cell::new(text);
                match (color, tone) {
                    (true, Tone::Good) => cell.fg(Color::Green),
                    (true, Tone::Warn) => cell.fg(Color::Yellow),
                    (true, Tone::Bad) => cell.fg(Color::Red),
                    _ => cell,
                }
            }));
        }
        for column in t.column_iter_mut() {
            column.set_padding((0, 3));
        }
        let mut out = t.trim_fmt();
        if !out.is_empty() {
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut t = Table::new(vec!["NAME", "STATUS"]);
        t.row(vec![
            ("pico".into(), Tone::Plain),
            ("Running".into(), Tone::Good),
        ]);
        t.row(vec![
            ("open-long".into(), Tone::Plain),
            ("CrashLoopBackOff".into(), Tone::Bad),
        ]);
        t
    }

    #[test]
    fn renders_like_kubectl() {
        assert_eq!(
            sample().render(true, false),
            "NAME        STATUS\npico        Running\nopen-long   CrashLoopBackOff\n"
        );
        assert_eq!(
            sample().render(false, false),
            "pico        Running\nopen-long   CrashLoopBackOff\n"
        );
    }

    #[test]
    fn colour_only_when_asked() {
        assert!(!sample().render(true, false).contains('\u{1b}'));
        assert!(sample().render(true, true).contains('\u{1b}'));
    }
}
