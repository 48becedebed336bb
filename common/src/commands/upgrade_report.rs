//! What `upgrade` shows: a table of every release (from, to, result), then, per release
//! planned, the objects its upgrade adds, removes and changes and every refusal; or the same as
//! an `UpgradePlan` document.

use super::documents;
use crate::output::helm_steps::StepResult;
use crate::output::{OutputOptions, Render, Table, Tone};
use crate::upgrade::plan::{Action, PlanItem};
use crate::upgrade::run::{Checked, UpgradeRun};

/// The plan (a dry run) or the summary (after Helm ran).
pub struct UpgradeReport<'a> {
    pub plan: &'a [PlanItem<'a>],
    /// The safety plan of each item that got one (the ones not refused for state or version).
    pub checks: &'a [Option<Checked>],
    /// `None` on a dry run.
    pub results: Option<&'a [Option<StepResult>]>,
    /// Where the charts came from ("embedded", a repository, a path).
    pub source: &'a str,
}

impl<'a> UpgradeReport<'a> {
    pub fn of(run: &'a UpgradeRun<'a>) -> UpgradeReport<'a> {
        UpgradeReport {
            plan: &run.plan,
            checks: &run.checks,
            results: (!run.dry_run).then_some(run.results.as_slice()),
            source: &run.source,
        }
    }

    /// The `UpgradePlan` document's body (also inside a `RestoreReport`).
    pub fn body(&self) -> documents::PlanBody<'_> {
        let items = self
            .plan
            .iter()
            .zip(self.checks)
            .enumerate()
            .map(|(i, (item, check))| {
                let safety = check.as_ref().map(|c| &c.safety);
                documents::PlanEntry {
                    namespace: &item.bot.namespace,
                    name: &item.bot.name,
                    chart: item.chart,
                    from: item.from.as_deref(),
                    to: &item.to,
                    action: match item.action {
                        Action::Upgrade => "upgrade",
                        Action::NoOp => "up-to-date",
                        Action::Refused => "refused",
                    },
                    refusals: item.blocking().map(documents::Guard::of).collect(),
                    forced_past: item.forced_past().map(documents::Guard::of).collect(),
                    objects: safety.map(|s| documents::PlanObjects {
                        added: &s.added,
                        removed: &s.removed,
                        changed: &s.changed,
                        changed_fields: &s.changed_fields,
                        unchanged: s.unchanged,
                    }),
                    result: self.result(i).0,
                }
            })
            .collect();
        documents::PlanBody {
            dry_run: self.results.is_none(),
            chart_source: self.source,
            items,
        }
    }
}

impl UpgradeReport<'_> {
    fn result(&self, i: usize) -> (String, Tone) {
        let item = &self.plan[i];
        match (&item.action, self.results.map(|r| &r[i])) {
            (Action::NoOp, _) => (
                "up to date (--force to upgrade anyway)".to_string(),
                Tone::Plain,
            ),
            (Action::Refused, _) => (refused_text(item), Tone::Bad),
            (Action::Upgrade, None) => ("will upgrade".to_string(), Tone::Plain),
            (Action::Upgrade, Some(Some(StepResult::Done))) => ("upgraded".into(), Tone::Good),
            (Action::Upgrade, Some(Some(StepResult::Failed(reason)))) => {
                (format!("failed: {reason}"), Tone::Bad)
            }
            (Action::Upgrade, Some(None)) => ("not run".to_string(), Tone::Warn),
        }
    }

    fn table(&self, output: &OutputOptions) -> String {
        let mut t = Table::new(vec!["NAMESPACE", "NAME", "CHART", "FROM", "TO", "RESULT"]);
        for (i, item) in self.plan.iter().enumerate() {
            let plain = |s: &str| (s.to_string(), Tone::Plain);
            t.row(vec![
                plain(&item.bot.namespace),
                plain(&item.bot.name),
                plain(item.chart),
                plain(item.from.as_deref().unwrap_or("-")),
                plain(&item.to),
                self.result(i),
            ]);
        }
        t.render(!output.no_headers, output.color)
    }

    /// Per release with a safety plan or a guard: its objects, what held it back and what was
    /// forced past. After a real run only those with guards, whose reasons the table cannot hold.
    fn details(&self) -> String {
        let mut out = String::new();
        for (item, check) in self.plan.iter().zip(self.checks) {
            let guarded = !item.guards.is_empty() && item.action != Action::NoOp;
            if !guarded && (check.is_none() || self.results.is_some()) {
                continue;
            }
            out.push_str(&release_details(item, check.as_ref()));
        }
        out
    }
}

/// The RESULT of a refused release: its first blocking guard, and how many more there are.
fn refused_text(item: &PlanItem) -> String {
    let mut blocking = item.blocking();
    let first = blocking.next().map_or(String::new(), |g| g.message());
    match blocking.count() {
        0 => format!("refused: {first}{}", override_hint(item)),
        more => format!("refused: {first} (+{more} more below)"),
    }
}

/// " (--force to do it anyway)" when one flag passes every blocking guard.
fn override_hint(item: &PlanItem) -> String {
    let flags: Vec<Option<&str>> = item
        .blocking()
        .map(|g| g.kind.overridden_by().map(|o| o.flag()))
        .collect();
    match flags.as_slice() {
        [Some(flag)] => format!(" ({flag} to do it anyway)"),
        _ => String::new(),
    }
}

fn release_details(item: &PlanItem, check: Option<&Checked>) -> String {
    let mut out = match check {
        Some(check) => {
            let s = &check.safety;
            let mut out = format!(
                "\n{}: {} {} -> {}: {} added, {} removed, {} changed, {} unchanged\n",
                check.key,
                item.chart,
                item.from.as_deref().unwrap_or("?"),
                item.to,
                s.added.len(),
                s.removed.len(),
                s.changed.len(),
                s.unchanged
            );
            for (mark, list) in [("+", &s.added), ("-", &s.removed), ("~", &s.changed)] {
                for key in list {
                    let fields = s.changed_fields.get(key).map(|f| f.join(", "));
                    match fields.filter(|f| !f.is_empty()) {
                        Some(f) => out.push_str(&format!("  {mark} {key} ({f})\n")),
                        None => out.push_str(&format!("  {mark} {key}\n")),
                    }
                }
            }
            out
        }
        None => format!(
            "\n{}: {} {} -> {}\n",
            item.bot.key(),
            item.chart,
            item.from.as_deref().unwrap_or("?"),
            item.to
        ),
    };
    for g in item.blocking() {
        let hint = g
            .kind
            .overridden_by()
            .map(|o| format!(" ({} to do it anyway)", o.flag()))
            .unwrap_or_default();
        out.push_str(&format!("  refused: {}{hint}\n", g.message()));
    }
    for g in item.forced_past() {
        let flag = g.kind.overridden_by().map_or("", |o| o.flag());
        out.push_str(&format!("  forced past: {} ({flag})\n", g.message()));
    }
    out
}

impl Render for UpgradeReport<'_> {
    const KIND: &'static str = "UpgradePlan";
    type Body<'b>
        = documents::PlanBody<'b>
    where
        Self: 'b;

    fn body(&self) -> Self::Body<'_> {
        UpgradeReport::body(self)
    }

    fn text(&self, output: &OutputOptions) -> Option<String> {
        Some(self.table(output) + &self.details())
    }
}
