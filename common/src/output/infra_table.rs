//! The infrastructure table `status` shows above the bots: External Secrets Operator, Cilium,
//! 1Password Connect, each where it runs, how ready, which version.

use super::{OutputOptions, Table, Tone};
use crate::fleet::infrastructure::{Row, State};

pub fn render(rows: &[Row], output: &OutputOptions) -> Option<String> {
    table(rows).render_nonempty(!output.no_headers, output.color)
}

pub fn table(rows: &[Row]) -> Table {
    let mut t = Table::new(vec!["COMPONENT", "NAMESPACE", "READY", "VERSION", "STATUS"]);
    for r in rows {
        let plain = |s: String| (s, Tone::Plain);
        let installed = r.is_installed();
        let (status, tone) = match r.state {
            State::Ready => ("ready".to_string(), Tone::Good),
            State::NotReady => ("not ready".to_string(), Tone::Bad),
            State::NotInstalled => ("not installed".to_string(), Tone::Bad),
            State::Unknown => (
                format!("unknown: {}", r.error.as_deref().unwrap_or("")),
                Tone::Warn,
            ),
        };
        let status = if r.needed_by.is_empty() || r.state == State::Ready {
            status
        } else {
            format!("{status} (needed by {})", r.needed_by.join(", "))
        };
        t.row(vec![
            plain(r.title.to_string()),
            plain(if installed {
                r.namespaces.join(",")
            } else {
                "-".into()
            }),
            plain(if installed {
                format!("{}/{}", r.ready, r.desired)
            } else {
                "-".into()
            }),
            plain(r.version.clone().unwrap_or_else(|| "-".into())),
            (status, tone),
        ]);
    }
    t
}
