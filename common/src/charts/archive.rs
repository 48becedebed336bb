//! What claw reads of a chart itself (it never renders one): its name and versions from
//! Chart.yaml, its default values, and its values schema, from a chart archive (`.tgz`, as
//! `helm package` and `helm pull` write them) or a chart directory.

use std::io::Read;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

/// A chart's metadata and the values it declares.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartInfo {
    pub name: String,
    pub version: String,
    pub app_version: String,
    /// values.yaml (`{}` when the chart has none).
    pub defaults: Value,
    /// values.schema.json, when the chart has one.
    pub schema: Option<Value>,
}

impl ChartInfo {
    /// "picoclaw-0.1.9-claw.4": the chart as Helm names it (`helm.sh/chart`, `helm list`).
    pub fn reference(&self) -> String {
        format!("{}-{}", self.name, self.version)
    }
}

#[derive(Deserialize)]
struct ChartYaml {
    name: String,
    version: String,
    #[serde(rename = "appVersion", default)]
    app_version: Option<serde_json::Value>,
}

impl ChartInfo {
    /// Reads a chart archive's bytes.
    pub fn from_archive(bytes: &[u8]) -> Result<ChartInfo, String> {
        let mut files = Files::default();
        let gz = flate2::read::GzDecoder::new(bytes);
        let mut tar = tar::Archive::new(gz);
        let entries = tar
            .entries()
            .map_err(|e| format!("not a chart archive: {e}"))?;
        for entry in entries {
            let mut entry = entry.map_err(|e| format!("not a chart archive: {e}"))?;
            let path = entry.path().map_err(|e| e.to_string())?.into_owned();
            // `<chart>/Chart.yaml`: only the chart's own files, not its subcharts'.
            let mut parts = path.components();
            let (Some(_), Some(file), None) = (parts.next(), parts.next(), parts.next()) else {
                continue;
            };
            let slot = match file.as_os_str().to_str() {
                Some("Chart.yaml") => &mut files.chart,
                Some("values.yaml") => &mut files.values,
                Some("values.schema.json") => &mut files.schema,
                _ => continue,
            };
            let mut text = String::new();
            entry
                .read_to_string(&mut text)
                .map_err(|e| format!("reading {}: {e}", path.display()))?;
            *slot = Some(text);
        }
        files.parse()
    }

    /// Reads a chart directory.
    pub fn from_dir(dir: &Path) -> Result<ChartInfo, String> {
        let read = |name: &str| std::fs::read_to_string(dir.join(name)).ok();
        Files {
            chart: read("Chart.yaml"),
            values: read("values.yaml"),
            schema: read("values.schema.json"),
        }
        .parse()
    }

    /// Reads a chart from a path: an archive, or a directory.
    pub fn from_path(path: &Path) -> Result<ChartInfo, String> {
        if path.is_dir() {
            Self::from_dir(path)
        } else {
            let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
            Self::from_archive(&bytes)
        }
    }
}

#[derive(Default)]
struct Files {
    chart: Option<String>,
    values: Option<String>,
    schema: Option<String>,
}

impl Files {
    fn parse(self) -> Result<ChartInfo, String> {
        let chart = self.chart.ok_or("no Chart.yaml: not a Helm chart")?;
        let meta: ChartYaml =
            serde_saphyr::from_str(&chart).map_err(|e| format!("Chart.yaml: {e}"))?;
        let defaults = match self.values.as_deref().map(serde_saphyr::from_str::<Value>) {
            None => Value::Object(Default::default()),
            Some(Ok(Value::Null)) => Value::Object(Default::default()),
            Some(Ok(v)) => v,
            Some(Err(e)) => return Err(format!("values.yaml: {e}")),
        };
        let schema = match self.schema.as_deref().map(serde_json::from_str::<Value>) {
            None => None,
            Some(Ok(v)) => Some(v),
            Some(Err(e)) => return Err(format!("values.schema.json: {e}")),
        };
        let app_version = match meta.app_version {
            Some(Value::String(s)) => s,
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        };
        Ok(ChartInfo {
            name: meta.name,
            version: meta.version,
            app_version,
            defaults,
            schema,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_embedded_archives_and_their_sources_alike() {
        let embedded = crate::charts::embedded::find("picoclaw").unwrap();
        let from_archive = ChartInfo::from_archive(embedded.archive).unwrap();
        assert_eq!(from_archive.name, "picoclaw");
        assert_eq!(from_archive.version, embedded.version);
        assert_eq!(from_archive.app_version, embedded.app_version);
        assert_eq!(from_archive.defaults["service"]["port"], 18790);
        assert!(from_archive.schema.is_some());
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../charts/picoclaw");
        assert_eq!(ChartInfo::from_dir(&dir).unwrap(), from_archive);
    }

    #[test]
    fn what_is_not_a_chart_says_so() {
        assert!(
            ChartInfo::from_archive(b"not gzip")
                .unwrap_err()
                .contains("not a chart archive")
        );
        let empty = tempfile::tempdir().unwrap();
        assert!(
            ChartInfo::from_dir(empty.path())
                .unwrap_err()
                .contains("no Chart.yaml")
        );
    }
}
