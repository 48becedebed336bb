//! `claw restore DIR [RELEASE…]`: re-creates what a `backup` directory describes on the
//! current cluster — the control plane first, then each bot, with its backed-up values and the
//! chart a chart source offers (embedded by default), as `install` would. Releases that exist
//! are skipped (`--upgrade`: upgraded, through the upgrade plan's protections). A secret the
//! backup redacted must be supplied again, or the release is refused: `<redacted>` is never
//! installed as a value. Volume data is not claw's to restore: bots that had data get the line
//! that restores it (Velero's, when Velero has a backup of their namespace).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use clap::Args;

use super::documents::{self, VolumeRestore};
use super::upgrade_report::UpgradeReport;
use crate::backup::format::{self, Backup};
use crate::backup::restore_plan::{self, RestoreAction, RestoreItem, RestoreOptions, Supplied};
use crate::backup::velero::{self, Phase, VeleroBackup};
use crate::charts::set::ChartSet;
use crate::charts::source::{ChartSource, ChartSourceArgs};
use crate::cluster::Connected;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::fleet::bot::Bot;
use crate::fleet::inventory::{self, Inventory};
use crate::fleet::selection;
use crate::fleet::volumes::Volume;
use crate::helm::files::{given_secrets, values_file};
use crate::helm::invocation::{self, Release, Values};
use crate::helm::{Helm, ValuesArgs, WaitArgs};
use crate::output::helm_steps::{self, StepResult};
use crate::output::progress::Progress;
use crate::output::{Io, OutputOptions, Render, Table, Tone, render};
use crate::redact;
use crate::upgrade::plan::PlanOptions;
use crate::upgrade::run::{self, ShowDiff, UpgradeOptions};
use crate::upgrade::safety::{self, ChartValues, Overrides};

#[derive(Debug, Args)]
#[command(after_help = "With -n, only the backup's releases in that namespace are restored.")]
pub struct RestoreArgs {
    /// A directory written by `claw backup`
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// Only these releases (NAME or NAMESPACE/NAME; default: all in the backup)
    #[arg(value_name = "RELEASE", value_parser = crate::fleet::selection::bot_name)]
    pub releases: Vec<String>,

    /// Upgrade releases that already exist to the backed-up values (default: skip them)
    #[arg(long)]
    pub upgrade: bool,

    /// Go past the version guards: a downgrade, bots past an older control plane (--upgrade)
    #[arg(long)]
    pub force: bool,

    /// Go past what the upgrade plan refuses for data, isolation, immutable fields, users and dropped values (--upgrade)
    #[arg(long = "unsafe")]
    pub unsafe_: bool,

    /// Print the plan; change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Per-release values files, laid out as the backup (NAMESPACE/RELEASE.values.yaml), read
    /// over the backed-up values: where to keep the secrets the backup redacted
    #[arg(long, value_name = "DIR")]
    pub values_dir: Option<PathBuf>,

    /// The namespace Velero runs in (for the volume restore lines)
    #[arg(long, value_name = "NS", default_value = velero::DEFAULT_NAMESPACE)]
    pub velero_namespace: String,

    #[command(flatten)]
    pub values: ValuesArgs,

    #[command(flatten)]
    pub wait: WaitArgs,

    #[command(flatten)]
    pub source: ChartSourceArgs,
}

pub async fn run(ctx: &Context, args: &RestoreArgs, io: &mut Io<'_>) -> Result<Exit> {
    args.values.check()?;
    // Everything read from disk is checked before the cluster is asked anything.
    let mut backup = format::read(&args.dir, ctx.host.command_name())?;
    select(&mut backup, &args.releases, ctx.named_namespace())?;
    let supplied = supplied(args, &backup)?;
    let source = ChartSource::from_args(&args.source)?;
    let c = ctx.connect().await?;
    let inventory = inventory::discover(&c, &Default::default()).await?;
    io.warn_all(&inventory.warnings);
    let needs_helm = !source.is_embedded() || !args.dry_run;
    let helm = needs_helm.then(|| ctx.helm()).transpose()?;
    let charts = ChartSet::fetch(&source, &backup.charts(), helm.as_ref()).await?;
    let opts = RestoreOptions {
        upgrade: args.upgrade,
        force: args.force,
    };
    let plan = restore_plan::plan(
        &backup,
        &existing(&inventory),
        &charts.offer,
        &supplied,
        opts,
    );
    values_for_one(args, &plan)?;
    warn_unknown_values(&plan, &charts, &args.values, io)?;
    let restores = volume_restores(&c, &backup, &plan, &args.velero_namespace).await;
    let mut results: Vec<Option<StepResult>> = vec![None; plan.len()];
    if !args.dry_run
        && let Some(helm) = &helm
    {
        install_all(helm, &charts, &plan, args, &mut results).await?;
    }
    let restored = restored_bots(&inventory, &plan);
    let targets: Vec<&Bot> = restored.iter().collect();
    let upgraded = match targets.is_empty() {
        true => None,
        false => {
            let helm = match &helm {
                Some(h) => h.clone(),
                None => ctx.helm()?,
            };
            let cp = inventory.control_planes.first();
            let options = upgrade_options(args, ctx.host.command_name());
            Some(run::plan_and_run(&c, &helm, &charts, &targets, cp, &options, io).await?)
        }
    };
    let report = RestoreReport {
        backup: &backup,
        source: source.describe(),
        plan: &plan,
        results: &results,
        dry_run: args.dry_run,
        volumes: &restores,
        upgrade: upgraded.as_ref().map(UpgradeReport::of),
    };
    render(&report, &ctx.output, io)?;
    Ok(report.finish(upgraded.as_ref(), io))
}

/// Values a release would be installed with that its chart does not know: the chart ignores
/// them, and every later upgrade refuses them until they are removed. Said, not refused: the
/// backup is what the cluster ran.
fn warn_unknown_values(
    plan: &[RestoreItem],
    charts: &ChartSet,
    given: &ValuesArgs,
    io: &mut Io<'_>,
) -> Result<()> {
    let given = given.given_tree()?;
    for item in plan.iter().filter(|i| i.action == RestoreAction::Install) {
        let Some(chart) = charts.get(&item.entry.chart) else {
            continue;
        };
        let mut values = item.values.clone();
        crate::helm::merge_values(&mut values, &given);
        let unknown = safety::unknown_values(&values, &ChartValues::of(&chart.info));
        if !unknown.is_empty() {
            io.warn(&format!(
                "{}: {} unknown to {}: the chart ignores {}, and upgrades refuse {} until removed (or --unsafe)",
                key(item),
                unknown.join(", "),
                chart.info.reference(),
                if unknown.len() == 1 { "it" } else { "them" },
                if unknown.len() == 1 { "it" } else { "them" },
            ));
        }
    }
    Ok(())
}

/// `-f`/`--set` go to every release Helm is given: with several, a secret meant for one would be
/// stored in all of them (and on every argv). So they need one release to go to; per-release
/// values go in `--values-dir`.
fn values_for_one(args: &RestoreArgs, plan: &[RestoreItem]) -> Result<()> {
    let acting: Vec<String> = plan
        .iter()
        .filter(|i| matches!(i.action, RestoreAction::Install | RestoreAction::Upgrade))
        .map(key)
        .collect();
    if args.values.is_empty() || acting.len() <= 1 {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "-f/--set would go to all {} releases this restore gives Helm ({}): name the one they are for (restore DIR NAMESPACE/NAME), or put each release's values in --values-dir DIR as NAMESPACE/NAME.values.yaml",
        acting.len(),
        acting.join(", ")
    )))
}

/// (namespace, name) of every release in the cluster.
fn existing(inventory: &Inventory) -> BTreeSet<(String, String)> {
    inventory
        .all()
        .iter()
        .map(|b| (b.namespace.clone(), b.name.clone()))
        .collect()
}

fn key(i: &RestoreItem) -> String {
    format!("{}/{}", i.entry.namespace, i.entry.name)
}

/// Narrows the backup to `namespace` (`-n`) and to the releases named (NAME or
/// NAMESPACE/NAME). Usage errors: a name the backup does not hold (naming what it holds), a
/// bare name it holds in several namespaces (naming each), a namespace other than `-n`'s.
fn select(backup: &mut Backup, names: &[String], namespace: Option<&str>) -> Result<()> {
    if let Some(ns) = namespace {
        if let Some(other) = names
            .iter()
            .find(|n| n.split_once('/').is_some_and(|(their, _)| their != ns))
        {
            return Err(Error::Usage(format!(
                "\"{other}\" names another namespace than -n \"{ns}\": give one of them"
            )));
        }
        backup.index.releases.retain(|r| r.namespace == ns);
    }
    if names.is_empty() {
        return Ok(());
    }
    let matches = |r: &format::ReleaseEntry, n: &str| selection::names(n, &r.namespace, &r.name);
    for n in names {
        let found: Vec<String> = backup
            .index
            .releases
            .iter()
            .filter(|r| matches(r, n))
            .map(|r| format!("{}/{}", r.namespace, r.name))
            .collect();
        if found.len() > 1 {
            return Err(Error::Usage(format!(
                "\"{n}\" names releases in {} namespaces of the backup: {}; say which as NAMESPACE/NAME, or narrow with -n",
                found.len(),
                found.join(", ")
            )));
        }
        if found.is_empty() {
            let known: Vec<String> = backup
                .index
                .releases
                .iter()
                .map(|r| format!("{}/{}", r.namespace, r.name))
                .collect();
            return Err(Error::Usage(format!(
                "the backup in {} holds no release {n} (it holds: {})",
                backup.dir.display(),
                known.join(", ")
            )));
        }
    }
    backup
        .index
        .releases
        .retain(|r| names.iter().any(|n| matches(r, n)));
    Ok(())
}

/// What the user gives besides the backup: `--values-dir` files, `-f` files, `--set` keys.
fn supplied(args: &RestoreArgs, backup: &Backup) -> Result<Supplied> {
    let read = crate::helm::read_values_file;
    let mut per_release = BTreeMap::new();
    if let Some(dir) = &args.values_dir {
        if !dir.is_dir() {
            return Err(Error::Usage(format!(
                "--values-dir {}: no such directory",
                dir.display()
            )));
        }
        for r in &backup.index.releases {
            let path = dir.join(format::values_path(&r.namespace, &r.name));
            if path.is_file() {
                per_release.insert((r.namespace.clone(), r.name.clone()), read(&path)?);
            }
        }
    }
    Ok(Supplied {
        per_release,
        files: args
            .values
            .files
            .iter()
            .map(|f| read(f))
            .collect::<Result<_>>()?,
        set_paths: args
            .values
            .set
            .iter()
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, _)| restore_plan::parse_set_key(k))
            .collect(),
    })
}

async fn install_all(
    helm: &Helm,
    charts: &ChartSet,
    plan: &[RestoreItem],
    args: &RestoreArgs,
    results: &mut [Option<StepResult>],
) -> Result<()> {
    let progress = Progress::start();
    for (item, result) in plan.iter().zip(results.iter_mut()) {
        if item.action != RestoreAction::Install {
            continue;
        }
        let Some(chart) = charts.get(&item.entry.chart) else {
            continue; // refused by the plan: nothing offers it
        };
        progress.say(format!(
            "installing {} ({}-{}) …",
            key(item),
            chart.info.name,
            chart.info.version
        ));
        let carried = values_file(&item.values)?;
        let argv = invocation::install(
            Release {
                name: &item.entry.name,
                namespace: &item.entry.namespace,
            },
            &chart.path,
            Values {
                carried: Some(carried.path()),
                given: &args.values,
            },
            args.wait,
            // A restore brings the namespaces back too.
            true,
        );
        let mut secrets = redact::secret_strings(&item.values);
        secrets.extend(given_secrets(&args.values));
        let (r, _) = helm_steps::run(helm, &argv, &secrets).await?;
        *result = Some(r);
    }
    Ok(())
}

/// `--upgrade`: the releases that exist, as they run but with the values the backup brings
/// instead of their own, for the upgrade plan (and its refusals).
fn restored_bots(inventory: &Inventory, plan: &[RestoreItem]) -> Vec<Bot> {
    plan.iter()
        .filter(|i| i.action == RestoreAction::Upgrade)
        .filter_map(|i| {
            let running = inventory
                .all()
                .into_iter()
                .find(|b| b.namespace == i.entry.namespace && b.name == i.entry.name)?;
            let mut b = running.clone();
            b.values = i.values.clone();
            Some(b)
        })
        .collect()
}

/// The upgrade engine's options for `--upgrade`: the backed-up values are the change asked for.
fn upgrade_options<'a>(args: &'a RestoreArgs, command: &'static str) -> UpgradeOptions<'a> {
    UpgradeOptions {
        run_id: None,
        plan: PlanOptions {
            overrides: Overrides {
                force: args.force,
                unsafe_: args.unsafe_,
            },
            changes_requested: true,
            command,
        },
        dry_run: args.dry_run,
        diff: ShowDiff::No,
        rollback_on_failure: false,
        values: &args.values,
        wait: args.wait,
    }
}

async fn volume_restores(
    c: &Connected,
    backup: &Backup,
    plan: &[RestoreItem],
    velero_namespace: &str,
) -> Vec<VolumeRestore> {
    let with_data: Vec<(&RestoreItem, Vec<&Volume>)> = plan
        .iter()
        .filter(|i| i.action != RestoreAction::Skip)
        .map(|i| {
            let claims = backup
                .index
                .volumes
                .iter()
                .filter(|v| v.namespace == i.entry.namespace && v.release == i.entry.name)
                .collect();
            (i, claims)
        })
        .filter(|(_, claims): &(_, Vec<&Volume>)| !claims.is_empty())
        .collect();
    if with_data.is_empty() {
        return vec![];
    }
    // Velero's backups, when it is there; restore goes on without (the line says what to do).
    let backups: Vec<VeleroBackup> = match velero::installed(&c.cluster).await {
        Ok(true) => velero::list(&c.cluster, velero_namespace)
            .await
            .unwrap_or_default()
            .into_iter()
            .filter(|b| matches!(b.phase(), Phase::Completed | Phase::PartiallyFailed))
            .collect(),
        _ => vec![],
    };
    let namespaces: Vec<String> = with_data
        .iter()
        .map(|(i, _)| i.entry.namespace.clone())
        .collect();
    let newest = velero::newest_covering(&backups, &namespaces);
    with_data
        .into_iter()
        .map(|(i, claims)| {
            let found = newest.get(&i.entry.namespace).copied().flatten();
            VolumeRestore {
                namespace: i.entry.namespace.clone(),
                name: i.entry.name.clone(),
                claims: claims
                    .iter()
                    .map(|v| format!("{} ({})", v.name, v.size))
                    .collect(),
                velero_restore: found.map(|b| {
                    velero::restore_command(&b.metadata.name, &i.entry.namespace, &i.entry.name)
                }),
                velero_backup_phase: found.map(|b| b.phase().to_string()),
            }
        })
        .collect()
}

struct RestoreReport<'a> {
    backup: &'a Backup,
    source: String,
    plan: &'a [RestoreItem],
    results: &'a [Option<StepResult>],
    dry_run: bool,
    volumes: &'a [VolumeRestore],
    upgrade: Option<UpgradeReport<'a>>,
}

impl RestoreReport<'_> {
    /// Says each Helm failure; exit 1 when any release failed or was refused.
    fn finish(&self, upgraded: Option<&run::OperationRun>, io: &mut Io) -> Exit {
        let mut exit = helm_steps::report(
            "install",
            self.plan
                .iter()
                .zip(self.results)
                .filter_map(|(i, r)| r.as_ref().map(|r| (key(i), r))),
            io,
        );
        if let Some(u) = upgraded {
            exit = exit.max(u.finish(io));
        }
        let refused = self
            .plan
            .iter()
            .any(|i| matches!(i.action, RestoreAction::Refused(_)));
        exit.max(Exit::failed_if(refused))
    }

    fn result(&self, i: usize) -> (String, Tone) {
        let item = &self.plan[i];
        match (&item.action, &self.results[i]) {
            (RestoreAction::Refused(why), _) => (format!("refused: {}", why.message()), Tone::Bad),
            (RestoreAction::Skip, _) => (
                "skipped: exists (--upgrade to bring it to the backed-up values)".into(),
                Tone::Plain,
            ),
            (RestoreAction::Upgrade, _) => ("upgrade: see the upgrade plan".into(), Tone::Plain),
            (RestoreAction::Install, _) if self.dry_run => ("will install".into(), Tone::Plain),
            (RestoreAction::Install, Some(StepResult::Done)) => ("installed".into(), Tone::Good),
            (RestoreAction::Install, Some(StepResult::Failed(r))) => {
                (format!("failed: {r}"), Tone::Bad)
            }
            (RestoreAction::Install, None) => ("not run".into(), Tone::Warn),
        }
    }

    fn volume_lines(&self) -> String {
        let mut out = String::new();
        for v in self.volumes {
            out.push_str(&format!(
                "\n{}/{} had data: {}\n",
                v.namespace,
                v.name,
                v.claims.join(", ")
            ));
            match &v.velero_restore {
                Some(cmd) => out.push_str(&format!(
                    "  restore it with Velero (best before the release is installed; Helm adopts what Velero restored):\n    {cmd}\n"
                )),
                None => out.push_str(
                    "  restore the volumes with your backup tool (no finished Velero backup of this namespace was found); claw copies no volume data\n",
                ),
            }
        }
        out
    }
}

impl Render for RestoreReport<'_> {
    const KIND: &'static str = "RestoreReport";
    type Body<'a>
        = documents::RestoreBody<'a>
    where
        Self: 'a;

    fn body(&self) -> Self::Body<'_> {
        let items = self
            .plan
            .iter()
            .enumerate()
            .map(|(i, item)| documents::RestoreEntry {
                namespace: &item.entry.namespace,
                name: &item.entry.name,
                type_name: &item.entry.type_name,
                chart: &item.entry.chart,
                backed_up_version: &item.entry.chart_version,
                version: item.version.as_deref(),
                action: match item.action {
                    RestoreAction::Install => "install",
                    RestoreAction::Skip => "skip",
                    RestoreAction::Upgrade => "upgrade",
                    RestoreAction::Refused(_) => "refused",
                },
                result: self.result(i).0,
                refusal: match &item.action {
                    RestoreAction::Refused(r) => Some(documents::Guard::of(r)),
                    _ => None,
                },
                missing_values: &item.missing,
                from_external_secret: &item.from_external_secret,
            })
            .collect();
        documents::RestoreBody {
            dry_run: self.dry_run,
            backup: documents::RestoreBackup {
                dir: self.backup.dir.display().to_string(),
                claw_version: &self.backup.index.claw_version,
                cluster: &self.backup.index.cluster,
            },
            chart_source: &self.source,
            items,
            volumes: self.volumes,
            upgrade: self.upgrade.as_ref().map(UpgradeReport::body),
        }
    }

    fn text(&self, output: &OutputOptions) -> Option<String> {
        let mut t = Table::new(vec![
            "NAMESPACE",
            "NAME",
            "CHART",
            "BACKED UP",
            "VERSION",
            "RESULT",
        ]);
        for (i, item) in self.plan.iter().enumerate() {
            let plain = |s: &str| (s.to_string(), Tone::Plain);
            t.row(vec![
                plain(&item.entry.namespace),
                plain(&item.entry.name),
                plain(&item.entry.chart),
                plain(&item.entry.chart_version),
                plain(item.version.as_deref().unwrap_or("-")),
                self.result(i),
            ]);
        }
        let mut out = t.render_nonempty(!output.no_headers, output.color)?;
        out.push_str(&self.volume_lines());
        if let Some(u) = &self.upgrade
            && let Some(text) = u.text(output)
        {
            out.push_str("\nExisting releases (--upgrade):\n");
            out.push_str(&text);
        }
        Some(out)
    }

    fn nothing_found(&self) -> String {
        "the backup holds no releases to restore".into()
    }
}
