//! Tables that look like kubectl's: no borders, upper-case headers, three spaces between
//! columns, no trailing blanks. Cells carry a tone; colour is applied only when asked for.

use comfy_table::{Cell, Color, ColumnConstraint, Width, presets};

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
        // comfy-table holds several strings per cell while it lays a table out; a fleet's
        // table is laid out a slice of rows at a time, every slice with the whole table's
        // column widths, so its memory stays that of one slice.
        let widths = (self.rows.len() > ROWS_AT_ONCE).then(|| self.widths(headers));
        let mut out = String::new();
        for (i, rows) in self.rows.chunks(ROWS_AT_ONCE).enumerate() {
            out.push_str(&self.render_rows(rows, headers && i == 0, color, widths.as_deref()));
        }
        if self.rows.is_empty() {
            out = self.render_rows(&[], headers, color, None);
        }
        out
    }

    /// The widest cell (or header) of each column, in terminal columns.
    fn widths(&self, headers: bool) -> Vec<u16> {
        let width =
            |s: &str| u16::try_from(unicode_width::UnicodeWidthStr::width(s)).unwrap_or(u16::MAX);
        let mut w: Vec<u16> = self
            .headers
            .iter()
            .map(|h| if headers { width(h) } else { 0 })
            .collect();
        for row in &self.rows {
            for (i, (text, _)) in row.iter().enumerate() {
                if let Some(col) = w.get_mut(i) {
                    *col = (*col).max(width(text));
                }
            }
        }
        w
    }

    fn render_rows(
        &self,
        rows: &[Vec<(String, Tone)>],
        headers: bool,
        color: bool,
        widths: Option<&[u16]>,
    ) -> String {
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
        for row in rows {
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
        for (i, column) in t.column_iter_mut().enumerate() {
            column.set_padding((0, PADDING));
            if let Some(w) = widths.and_then(|w| w.get(i)) {
                // The boundary counts the padding too.
                column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(
                    w.saturating_add(PADDING),
                )));
            }
        }
        let mut out = t.trim_fmt();
        if !out.is_empty() {
            out.push('\n');
        }
        out
    }
}

/// Spaces after each column, as kubectl leaves them.
const PADDING: u16 = 3;

/// How many rows comfy-table lays out at once.
const ROWS_AT_ONCE: usize = 200;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_table_is_laid_out_as_one() {
        let mut t = Table::new(vec!["NAMESPACE", "NAME", "STATUS"]);
        for i in 0..(ROWS_AT_ONCE * 2 + 7) {
            t.row(vec![
                (format!("ns-{}", i % 13), Tone::Plain),
                ("x".repeat(1 + (i * 7) % 40), Tone::Good),
                (
                    if i == 333 {
                        "CrashLoopBackOff".into()
                    } else {
                        "Running".into()
                    },
                    Tone::Bad,
                ),
            ]);
        }
        let chunked = t.render(true, false);
        let whole = t.render_rows(&t.rows, true, false, None);
        let first_difference = chunked.lines().zip(whole.lines()).position(|(a, b)| a != b);
        assert_eq!(first_difference, None, "line {first_difference:?} differs");
        assert_eq!(chunked.len(), whole.len());
        let colored = t.render(false, true);
        assert!(
            colored == t.render_rows(&t.rows, false, true, None),
            "coloured tables differ"
        );
    }

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
