//! What `upgrade` and `rollback` show: a table of every release (from, to, result), then, per
//! release planned, the objects the operation adds, removes and changes, the fields changed on
//! the cluster that it writes back (drift), and every refusal; or the same as an `UpgradePlan`
//! (`RollbackPlan`) document.

use super::documents;
use crate::output::helm_steps::StepResult;
use crate::output::{OutputOptions, Render, Table, Tone};
use crate::upgrade::plan::{Action, PlanItem};
use crate::upgrade::run::{Checked, Operation, OperationRun, ShowDiff};

/// The plan (a dry run) or the summary (after Helm ran).
pub struct UpgradeReport<'a> {
    pub op: Operation,
    pub plan: &'a [PlanItem<'a>],
    /// The safety plan of each item that got one (the ones not refused for state or version).
    pub checks: &'a [Option<Checked>],
    /// `None` on a dry run.
    pub results: Option<&'a [Option<StepResult>]>,
    /// Where the charts came from ("embedded", a repository, a path, the release history).
    pub source: &'a str,
    pub run_id: Option<&'a str>,
    /// claw as the user runs it, for the line that says how to undo the run.
    pub command: &'a str,
    pub diff: ShowDiff,
}

impl<'a> UpgradeReport<'a> {
    pub fn of(run: &'a OperationRun<'a>) -> UpgradeReport<'a> {
        UpgradeReport {
            op: run.op,
            plan: &run.plan,
            checks: &run.checks,
            results: (!run.dry_run).then_some(run.results.as_slice()),
            source: &run.source,
            run_id: run.run_id.as_ref().map(|id| id.as_str()),
            command: run.command,
            diff: run.diff,
        }
    }

    /// The `UpgradePlan` (`RollbackPlan`) document's body (also inside a `RestoreReport`).
    pub fn body(&self) -> documents::PlanBody<'_> {
        let items = self
            .plan
            .iter()
            .zip(self.checks)
            .enumerate()
            .map(|(i, (item, check))| {
                let safety = check.as_ref().map(|c| &c.safety);
                let drift = check.as_ref().map(|c| &c.drift);
                documents::PlanEntry {
                    namespace: &item.bot.namespace,
                    name: &item.bot.name,
                    chart: item.chart,
                    from: item.from.as_deref(),
                    to: item.to.as_deref(),
                    from_revision: match self.op {
                        Operation::Rollback => item.bot.release.revision,
                        Operation::Upgrade => None,
                    },
                    to_revision: item.to_revision,
                    action: match (item.action, self.op) {
                        (Action::Proceed, op) => op.noun(),
                        (Action::NoOp, Operation::Upgrade) => "up-to-date",
                        (Action::NoOp, Operation::Rollback) => "rolled-back-already",
                        (Action::Refused, _) => "refused",
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
                    drift: drift.map_or(&[], |d| &d.drift),
                    drift_notes: drift.map_or(&[], |d| &d.notes),
                    result: self.result(i).0,
                    diff: check
                        .as_ref()
                        .filter(|_| self.diff == ShowDiff::InDocument)
                        .map(Checked::diff),
                }
            })
            .collect();
        documents::PlanBody {
            dry_run: self.results.is_none(),
            chart_source: self.source,
            run_id: self.run_id,
            items,
        }
    }
}

impl UpgradeReport<'_> {
    fn result(&self, i: usize) -> (String, Tone) {
        let item = &self.plan[i];
        let op = self.op;
        match (&item.action, self.results.map(|r| &r[i])) {
            (Action::NoOp, _) if op == Operation::Rollback => (
                item.nothing_to_do().map_or(String::new(), |g| g.message()),
                Tone::Plain,
            ),
            (Action::NoOp, _) => (
                "up to date (--force to upgrade anyway)".to_string(),
                Tone::Plain,
            ),
            (Action::Refused, _) => (refused_text(item), Tone::Bad),
            (Action::Proceed, None) => (format!("will {}", op.verb()), Tone::Plain),
            (Action::Proceed, Some(Some(StepResult::Done))) => (op.done().to_string(), Tone::Good),
            (Action::Proceed, Some(Some(StepResult::Failed(reason)))) => {
                (format!("failed: {reason}"), Tone::Bad)
            }
            (Action::Proceed, Some(None)) => ("not run".to_string(), Tone::Warn),
        }
    }

    fn table(&self, output: &OutputOptions) -> String {
        let mut t = Table::new(vec!["NAMESPACE", "NAME", "CHART", "FROM", "TO", "RESULT"]);
        for (i, item) in self.plan.iter().enumerate() {
            let plain = |s: String| (s, Tone::Plain);
            let (from, to) = versions(item, self.op);
            t.row(vec![
                plain(item.bot.namespace.clone()),
                plain(item.bot.name.clone()),
                plain(item.chart.to_string()),
                plain(from),
                plain(to),
                self.result(i),
            ]);
        }
        t.render(!output.no_headers, output.color)
    }

    /// Per release with a safety plan, a guard or drift: its objects, what held it back, what
    /// was forced past and what it writes back. After a real run only those with guards or
    /// drift, whose reasons the table cannot hold.
    fn details(&self) -> String {
        let mut out = String::new();
        for (item, check) in self.plan.iter().zip(self.checks) {
            let guarded = !item.guards.is_empty() && item.action != Action::NoOp;
            let drifted = check
                .as_ref()
                .is_some_and(|c| !c.drift.drift.is_empty() || !c.drift.notes.is_empty());
            if !guarded && !drifted && (check.is_none() || self.results.is_some()) {
                continue;
            }
            out.push_str(&release_details(self.op, item, check.as_ref()));
        }
        if let Some(id) = self.run_id.filter(|_| self.ran_any()) {
            out.push_str(&format!(
                "\nrun {id}: undo it with `{} rollback --run {id}`\n",
                self.command
            ));
        }
        out
    }

    fn ran_any(&self) -> bool {
        self.results
            .is_some_and(|r| r.iter().any(|r| r == &Some(StepResult::Done)))
    }
}

/// FROM and TO: chart versions, with the revisions for a rollback ("0.1.9 (rev 5)").
fn versions(item: &PlanItem, op: Operation) -> (String, String) {
    let from = item.from.as_deref().unwrap_or("-");
    let to = item.to.as_deref().unwrap_or("-");
    let revision = |r: Option<u64>| r.map_or(String::new(), |r| format!(" (rev {r})"));
    match op {
        // A rollback's revisions say more than its versions (often the same chart).
        Operation::Rollback => (
            format!("{from}{}", revision(item.bot.release.revision)),
            format!("{to}{}", revision(item.to_revision)),
        ),
        Operation::Upgrade => (from.to_string(), to.to_string()),
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

fn release_details(op: Operation, item: &PlanItem, check: Option<&Checked>) -> String {
    let (from, to) = versions(item, op);
    let mut out = match check {
        Some(check) => {
            let s = &check.safety;
            let mut out = format!(
                "\n{}: {} {from} -> {to}: {} added, {} removed, {} changed, {} unchanged\n",
                check.key,
                item.chart,
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
            for d in &check.drift.drift {
                out.push_str(&format!(
                    "  drift: {}: the {} writes it back\n",
                    d.message(),
                    op.noun()
                ));
            }
            for n in &check.drift.notes {
                out.push_str(&format!("  note: {n}\n"));
            }
            out
        }
        None => format!("\n{}: {} {from} -> {to}\n", item.bot.key(), item.chart),
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

/// The same report as a `RollbackPlan` document.
pub struct RollbackReport<'a>(pub UpgradeReport<'a>);

impl Render for RollbackReport<'_> {
    const KIND: &'static str = "RollbackPlan";
    type Body<'b>
        = documents::PlanBody<'b>
    where
        Self: 'b;

    fn body(&self) -> Self::Body<'_> {
        self.0.body()
    }

    fn text(&self, output: &OutputOptions) -> Option<String> {
        self.0.text(output)
    }
}
