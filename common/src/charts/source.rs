//! Where charts come from, as ClawMachine resolves them: the charts embedded in claw (the
//! default, offline), a chart repository (`--chart-repo` or CLAWMACHINE_CHART_REPO, the variable
//! ClawMachine itself reads: an `oci://` registry or an HTTP Helm repository; the newest version
//! or `--version`), or a local chart (`--chart DIR|TGZ`). Repositories are read by Helm itself
//! (`helm pull`, `helm show chart`), so its TLS flags and `helm registry login` state apply.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::charts::archive::ChartInfo;
use crate::charts::embedded;
use crate::charts::offer::Offer;
use crate::error::{Error, Result};
use crate::helm::Helm;
use crate::helm::files::{StagedChart, stage_chart};
use crate::helm::invocation::{self, RepoChart, RepoTls};

/// The flags that choose where charts come from.
#[derive(Debug, Args, Clone, Default)]
pub struct ChartSourceArgs {
    /// Take charts from this repository: oci://REGISTRY/PATH or an HTTP Helm repository URL (default: the charts embedded in claw)
    #[arg(
        long,
        value_name = "URL",
        env = "CLAWMACHINE_CHART_REPO",
        conflicts_with = "local_chart"
    )]
    pub chart_repo: Option<String>,

    /// The chart version to take from the repository (default: the newest)
    #[arg(long = "version", value_name = "VERSION", requires = "chart_repo")]
    pub chart_version: Option<String>,

    /// Count pre-release versions as the newest too (as Helm's --devel)
    #[arg(long, requires = "chart_repo")]
    pub devel: bool,

    /// A local chart instead: a chart directory, a .tgz archive, or a directory holding one per chart
    #[arg(long = "chart", value_name = "DIR|TGZ", value_hint = clap::ValueHint::AnyPath)]
    pub local_chart: Option<PathBuf>,

    /// Reach the repository over plain HTTP (an OCI registry without TLS)
    #[arg(long, requires = "chart_repo")]
    pub plain_http: bool,

    /// Verify the repository's certificate with this CA bundle
    #[arg(long, value_name = "FILE", requires = "chart_repo", value_hint = clap::ValueHint::FilePath)]
    pub ca_file: Option<PathBuf>,

    /// Do not verify the repository's certificate (Helm's --insecure-skip-tls-verify; claw's
    /// own flag of that name is the API server's, as kubectl's)
    // An id of its own: sharing the field's name with the global flag would shadow that one.
    #[arg(
        id = "chart_repo_insecure_skip_tls_verify",
        long = "chart-repo-insecure-skip-tls-verify",
        requires = "chart_repo"
    )]
    pub insecure_skip_tls_verify: bool,
}

/// Where charts come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChartSource {
    Embedded,
    Repo(Repo),
    Local(PathBuf),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repo {
    pub url: String,
    pub version: Option<String>,
    pub devel: bool,
    pub tls: RepoTls,
}

/// A chart on disk for Helm to use, and what it declares.
pub struct FetchedChart {
    pub info: ChartInfo,
    pub path: PathBuf,
    /// Where it came from, for messages ("embedded", the repository, the path).
    pub origin: String,
    _staged: Option<Staged>,
}

/// Keeps a chart's temporary copy alive as long as the chart is used.
enum Staged {
    Embedded { _chart: StagedChart },
    Pulled { _dir: tempfile::TempDir },
}

impl ChartSource {
    pub fn from_args(args: &ChartSourceArgs) -> Result<ChartSource> {
        if let Some(path) = &args.local_chart {
            // A repository set in CLAWMACHINE_CHART_REPO lets clap take --version here.
            if let Some(v) = &args.chart_version {
                return Err(Error::Usage(format!(
                    "--version {v} picks from a repository (--chart-repo); the chart given with --chart is the version it is"
                )));
            }
            if !path.exists() {
                return Err(Error::Usage(format!(
                    "--chart {}: no such file or directory",
                    path.display()
                )));
            }
            return Ok(ChartSource::Local(path.clone()));
        }
        let Some(url) = args.chart_repo.as_deref().filter(|u| !u.trim().is_empty()) else {
            return Ok(ChartSource::Embedded);
        };
        if !["oci://", "http://", "https://"]
            .iter()
            .any(|s| url.starts_with(s))
        {
            return Err(Error::Usage(format!(
                "chart repository \"{url}\": use oci://REGISTRY/PATH or an http(s):// Helm repository URL"
            )));
        }
        Ok(ChartSource::Repo(Repo {
            url: url.trim_end_matches('/').to_string(),
            version: args.chart_version.clone(),
            devel: args.devel,
            tls: RepoTls {
                plain_http: args.plain_http,
                ca_file: args.ca_file.clone(),
                insecure_skip_tls_verify: args.insecure_skip_tls_verify,
            },
        }))
    }

    pub fn is_embedded(&self) -> bool {
        *self == ChartSource::Embedded
    }

    /// "embedded", the repository URL, or the local path.
    pub fn describe(&self) -> String {
        match self {
            ChartSource::Embedded => "embedded".to_string(),
            ChartSource::Repo(r) => r.url.clone(),
            ChartSource::Local(p) => p.display().to_string(),
        }
    }

    /// The chart `name` from this source, on disk for Helm, with what it declares. `helm` is
    /// needed for repositories only.
    pub async fn fetch(&self, name: &str, helm: Option<&Helm>) -> Result<FetchedChart> {
        match self {
            ChartSource::Embedded => embedded(name),
            ChartSource::Local(path) => local(path, name),
            ChartSource::Repo(repo) => pull(repo, name, need(helm)?).await,
        }
    }

    /// The version of chart `name` an upgrade from this source would install.
    pub async fn version_of(&self, name: &str, helm: Option<&Helm>) -> Result<String> {
        match self {
            ChartSource::Repo(repo) => show_version(repo, name, need(helm)?).await,
            other => Ok(other.fetch(name, helm).await?.info.version),
        }
    }
}

/// What `source` offers for `charts` (status's UPGRADE column, doctor's drift): the embedded
/// versions at once; from elsewhere one lookup per chart, all at once. A chart that cannot be
/// looked up is left out and said in the warnings: the cluster's state is still worth showing.
pub async fn offer(
    source: &ChartSource,
    charts: &[&str],
    helm: impl FnOnce() -> Result<Helm>,
) -> (Offer, Vec<String>) {
    if source.is_embedded() {
        return (Offer::embedded(), vec![]);
    }
    let helm = match source {
        ChartSource::Repo(_) => match helm() {
            Ok(h) => Some(h),
            Err(e) => {
                return (
                    Offer::default(),
                    vec![format!("{e}; upgrades are not shown")],
                );
            }
        },
        _ => None,
    };
    let lookups = charts.iter().map(|c| source.version_of(c, helm.as_ref()));
    let found = futures::future::join_all(lookups).await;
    let mut offer = Offer {
        origin: Some(source.describe()),
        ..Default::default()
    };
    let mut warnings = Vec::new();
    for (chart, version) in charts.iter().zip(found) {
        match version {
            Ok(v) => {
                offer.versions.insert(chart.to_string(), v);
            }
            Err(e) => warnings.push(format!("{e} (upgrades of {chart} are not shown)")),
        }
    }
    (offer, warnings)
}

fn need(helm: Option<&Helm>) -> Result<&Helm> {
    helm.ok_or_else(|| Error::Other("a chart repository needs Helm, and none was found".into()))
}

fn embedded(name: &str) -> Result<FetchedChart> {
    let chart =
        embedded::find(name).ok_or_else(|| Error::Usage(format!("claw embeds no chart {name}")))?;
    let staged = stage_chart(&chart.file_name(), chart.archive)?;
    let info = ChartInfo::from_archive(chart.archive)
        .map_err(|e| Error::Other(format!("the embedded chart {name}: {e}")))?;
    Ok(FetchedChart {
        info,
        path: staged.path.clone(),
        origin: "embedded".into(),
        _staged: Some(Staged::Embedded { _chart: staged }),
    })
}

/// A chart directory, an archive, or a directory holding `NAME/` or `NAME-VERSION.tgz`.
fn local(path: &Path, name: &str) -> Result<FetchedChart> {
    let chart_path = if path.is_dir() && !path.join("Chart.yaml").is_file() {
        find_in_dir(path, name)?
    } else {
        path.to_path_buf()
    };
    let info = ChartInfo::from_path(&chart_path)
        .map_err(|e| Error::Usage(format!("--chart {}: {e}", chart_path.display())))?;
    if info.name != name {
        return Err(Error::Usage(format!(
            "--chart {} is chart {}, not {name}",
            chart_path.display(),
            info.name
        )));
    }
    Ok(FetchedChart {
        info,
        origin: chart_path.display().to_string(),
        path: chart_path,
        _staged: None,
    })
}

fn find_in_dir(dir: &Path, name: &str) -> Result<PathBuf> {
    if dir.join(name).join("Chart.yaml").is_file() {
        return Ok(dir.join(name));
    }
    let mut archives: Vec<(semver::Version, PathBuf)> = std::fs::read_dir(dir)
        .map_err(|e| Error::Usage(format!("--chart {}: {e}", dir.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter_map(|p| {
            let file = p.file_name()?.to_str()?;
            let version = file
                .strip_prefix(&format!("{name}-"))?
                .strip_suffix(".tgz")?;
            Some((semver::Version::parse(version).ok()?, p.clone()))
        })
        .collect();
    archives.sort();
    archives.pop().map(|(_, p)| p).ok_or_else(|| {
        Error::Usage(format!(
            "--chart {}: holds no chart {name} (a {name}/ directory or {name}-VERSION.tgz)",
            dir.display()
        ))
    })
}

async fn pull(repo: &Repo, name: &str, helm: &Helm) -> Result<FetchedChart> {
    let dir = tempfile::Builder::new()
        .prefix("claw-pull-")
        .tempdir()
        .map_err(|e| Error::Other(format!("cannot create a temporary directory: {e}")))?;
    let out = helm
        .run(&invocation::pull(repo.chart(name), dir.path()))
        .await?;
    if !out.success {
        return Err(repo.error(name, &out.reason()));
    }
    let archive = std::fs::read_dir(dir.path())
        .ok()
        .and_then(|mut entries| entries.find_map(|e| e.ok().map(|e| e.path())))
        .ok_or_else(|| repo.error(name, "helm pull wrote no chart"))?;
    let info = ChartInfo::from_path(&archive).map_err(|e| repo.error(name, &e))?;
    Ok(FetchedChart {
        info,
        path: archive,
        origin: repo.url.clone(),
        _staged: Some(Staged::Pulled { _dir: dir }),
    })
}

async fn show_version(repo: &Repo, name: &str, helm: &Helm) -> Result<String> {
    let out = helm.run(&invocation::show_chart(repo.chart(name))).await?;
    if !out.success {
        return Err(repo.error(name, &out.reason()));
    }
    #[derive(serde::Deserialize)]
    struct Meta {
        version: String,
    }
    serde_saphyr::from_str::<Meta>(&out.stdout)
        .map(|m| m.version)
        .map_err(|e| repo.error(name, &format!("its Chart.yaml does not read: {e}")))
}

impl Repo {
    fn chart<'a>(&'a self, name: &'a str) -> RepoChart<'a> {
        RepoChart {
            repo: &self.url,
            chart: name,
            version: self.version.as_deref(),
            devel: self.devel,
            tls: &self.tls,
        }
    }

    /// One line: which repository, which chart, Helm's reason, and how to do without it.
    fn error(&self, name: &str, reason: &str) -> Error {
        Error::ChartSource {
            repo: self.url.clone(),
            chart: name.to_string(),
            version: self.version.clone(),
            reason: reason.trim_start_matches("Error: ").to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(repo: Option<&str>) -> ChartSourceArgs {
        ChartSourceArgs {
            chart_repo: repo.map(str::to_string),
            ..Default::default()
        }
    }

    #[test]
    fn embedded_unless_a_repository_or_a_chart_is_named() {
        assert_eq!(
            ChartSource::from_args(&args(None)).unwrap(),
            ChartSource::Embedded
        );
        assert_eq!(
            ChartSource::from_args(&args(Some(""))).unwrap(),
            ChartSource::Embedded,
            "an empty CLAWMACHINE_CHART_REPO is unset"
        );
        let ChartSource::Repo(r) = ChartSource::from_args(&args(Some(
            "oci://ghcr.io/zackerydev/theclawmachine/charts/",
        )))
        .unwrap() else {
            panic!("a repository")
        };
        assert_eq!(r.url, "oci://ghcr.io/zackerydev/theclawmachine/charts");
        let err = ChartSource::from_args(&args(Some("ghcr.io/x"))).unwrap_err();
        assert!(matches!(err, Error::Usage(_)), "{err}");
        let missing = ChartSourceArgs {
            local_chart: Some("/no/such/chart".into()),
            ..Default::default()
        };
        assert!(matches!(
            ChartSource::from_args(&missing).unwrap_err(),
            Error::Usage(_)
        ));
    }

    #[tokio::test]
    async fn local_charts_by_directory_archive_or_a_directory_of_charts() {
        let charts = Path::new(env!("CARGO_MANIFEST_DIR")).join("../charts");
        let by_dir = ChartSource::Local(charts.join("picoclaw"));
        assert_eq!(
            by_dir.fetch("picoclaw", None).await.unwrap().info.name,
            "picoclaw"
        );
        let Err(err) = by_dir.fetch("ironclaw", None).await else {
            panic!("a picoclaw chart is no ironclaw chart")
        };
        assert!(
            err.to_string().contains("is chart picoclaw, not ironclaw"),
            "{err}"
        );
        let of_charts = ChartSource::Local(charts.clone());
        let iron = of_charts.fetch("ironclaw", None).await.unwrap();
        assert_eq!(iron.path, charts.join("ironclaw"));
        let dir = tempfile::tempdir().unwrap();
        let pico = embedded::find("picoclaw").unwrap();
        std::fs::write(dir.path().join("picoclaw-0.0.1.tgz"), pico.archive).unwrap();
        std::fs::write(dir.path().join(pico.file_name()), pico.archive).unwrap();
        let archives = ChartSource::Local(dir.path().to_path_buf());
        let newest = archives.fetch("picoclaw", None).await.unwrap();
        assert_eq!(newest.path, dir.path().join(pico.file_name()));
        assert!(archives.fetch("ironclaw", None).await.is_err());
    }

    #[tokio::test]
    async fn the_embedded_chart_is_staged_for_helm() {
        let fetched = ChartSource::Embedded.fetch("openclaw", None).await.unwrap();
        assert!(fetched.path.is_file());
        assert_eq!(fetched.origin, "embedded");
        let path = fetched.path.clone();
        drop(fetched);
        assert!(!path.exists(), "the staged copy goes with it");
    }
}
