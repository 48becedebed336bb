//! Helm's release storage (driver `secrets`), read the cheap way.
//!
//! Helm writes one Secret per revision, `sh.helm.release.v1.<name>.v<N>`, labelled `owner=helm`,
//! `name`, `status`, `version`; its `data.release` is base64(gzip(JSON)). `helm list` fetches every
//! revision and decodes them all. We ask the API server only for revisions that are not
//! superseded (the latest, plus a failed or pending one where an upgrade went wrong), pick the
//! highest version per release, and decode just that one, and of it just the fields we show.
//! Helm 3 and Helm 4 write the same format (Helm 4 adds `apply_method`, which we ignore).

use std::collections::BTreeMap;
use std::io::Read;

use base64::Engine;
use serde::{Deserialize, Serialize};

pub use crate::cluster::Driver;

/// The label selector for the LIST: superseded revisions never matter to us.
pub const RELEASE_SELECTOR: &str = "owner=helm,status!=superseded";

/// What the read commands need of a release's values, and nothing secret: where the bot
/// answers health checks (`healthCheck.path`), and what infrastructure it asks for. Kept apart
/// from the values so status can cache it and never hold the values at all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BotSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_path: Option<String>,
    /// `networkPolicy.useCilium`: its egress policy is a CiliumNetworkPolicy.
    #[serde(default)]
    pub uses_cilium: bool,
    /// `secrets.external`: its secrets come through External Secrets.
    #[serde(default)]
    pub external_secrets: bool,
}

impl BotSettings {
    pub fn of(values: &serde_json::Value) -> BotSettings {
        let yes = |v: &serde_json::Value| *v == serde_json::Value::Bool(true);
        BotSettings {
            health_path: values["healthCheck"]["path"]
                .as_str()
                .filter(|p| p.starts_with('/'))
                .map(str::to_string),
            uses_cilium: yes(&values["networkPolicy"]["useCilium"]),
            external_secrets: yes(&values["secrets"]["external"]),
        }
    }
}

/// The name Helm gives the record of revision `revision` of release `release`:
/// `sh.helm.release.v1.NAME.vN` (the same for Secrets and ConfigMaps).
pub fn record_name(release: &str, revision: u64) -> String {
    format!("sh.helm.release.v1.{release}.v{revision}")
}

/// A release Secret with only what we read of it.
#[derive(Debug, Deserialize)]
pub struct ReleaseSecret {
    pub metadata: crate::cluster::ObjectMeta,
    #[serde(default)]
    pub data: BTreeMap<String, String>,
}

/// One revision of one release, decoded as far as the command needs.
#[derive(Debug, Clone)]
pub struct ReleaseRecord {
    pub namespace: String,
    pub name: String,
    pub revision: u64,
    /// From the Secret's `status` label: known even when the payload is not.
    pub status: String,
    /// The release object's identity, for the cache: a revision's Secret changes only with its
    /// resourceVersion.
    pub uid: String,
    pub resource_version: String,
    pub payload: Result<ReleasePayload, String>,
}

/// The fields of a decoded release that claw uses. `config` holds the user's values, kept only
/// when asked for (it may hold secrets and is never printed as is, see `redact`); `settings`
/// is the little the read commands need of it.
#[derive(Debug, Clone, serde::Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReleasePayload {
    pub status: String,
    pub chart_name: String,
    pub chart_version: String,
    #[serde(default)]
    pub app_version: Option<String>,
    #[serde(default)]
    pub first_deployed: Option<jiff::Timestamp>,
    #[serde(default)]
    pub last_deployed: Option<jiff::Timestamp>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub settings: BotSettings,
    #[serde(skip)]
    pub config: serde_json::Value,
    /// The rendered manifest, when asked for ([`Keep::Manifest`]); may hold Secret data.
    #[serde(skip)]
    pub manifest: Option<String>,
}

impl ReleaseRecord {
    pub fn chart_name(&self) -> Option<&str> {
        self.payload.as_ref().ok().map(|p| p.chart_name.as_str())
    }
}

/// Whether a release's values are decoded and kept, or only what status shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Keep {
    /// Only what the read commands show (and [`BotSettings`]): nothing secret is held.
    #[default]
    Summary,
    /// The user's values too (upgrade, backup, restore).
    Values,
    /// The rendered manifest instead of the values (doctor's drift check).
    Manifest,
}

/// The (name, revision) a Secret's labels say it holds, if it is a release Secret at all.
pub fn release_of(meta: &crate::cluster::ObjectMeta) -> Option<(String, u64)> {
    let name = meta.labels.get("name")?;
    let version = meta.labels.get("version")?.parse::<u64>().ok()?;
    Some((name.clone(), version))
}

/// One release Secret decoded into a record (its data dropped); `None` when it is not one.
pub fn record_of(secret: ReleaseSecret, driver: Driver, keep: Keep) -> Option<ReleaseRecord> {
    let (name, revision) = release_of(&secret.metadata)?;
    let payload = secret
        .data
        .get("release")
        .ok_or_else(|| {
            format!(
                "the {} has no data.release",
                &driver.objects()[..driver.objects().len() - 1]
            )
        })
        .and_then(|data| decode_payload(data, driver, keep));
    Some(ReleaseRecord {
        namespace: secret.metadata.namespace,
        name,
        revision,
        status: secret
            .metadata
            .labels
            .get("status")
            .cloned()
            .unwrap_or_else(|| "unknown".to_string()),
        uid: secret.metadata.uid,
        resource_version: secret.metadata.resource_version,
        payload,
    })
}

/// The highest revision of each release (by namespace and name), sorted.
pub fn latest(records: Vec<ReleaseRecord>) -> Vec<ReleaseRecord> {
    let mut latest: BTreeMap<(String, String), ReleaseRecord> = BTreeMap::new();
    for r in records {
        let key = (r.namespace.clone(), r.name.clone());
        match latest.get(&key) {
            Some(have) if have.revision >= r.revision => {}
            _ => {
                latest.insert(key, r);
            }
        }
    }
    latest.into_values().collect()
}

/// Keeps the highest revision of each release and decodes those (values included). Secrets
/// that do not look like release Secrets (no name or version label) are skipped.
pub fn latest_revisions(secrets: Vec<ReleaseSecret>, driver: Driver) -> Vec<ReleaseRecord> {
    latest(
        secrets
            .into_iter()
            .filter_map(|s| record_of(s, driver, Keep::Values))
            .collect(),
    )
}

/// `data.release` as the API returns it: (for Secrets) base64, the API's encoding of Secret
/// bytes, of base64 (Helm's) of gzip (Helm's, skipped by Helm when absent) of JSON.
pub fn decode_payload(data: &str, driver: Driver, keep: Keep) -> Result<ReleasePayload, String> {
    let json = unpack(data, driver)?;
    let doc: ReleaseDoc =
        serde_json::from_slice(&json).map_err(|e| format!("release JSON does not decode: {e}"))?;
    let meta = doc
        .chart
        .and_then(|c| c.metadata)
        .ok_or_else(|| "release has no chart metadata".to_string())?;
    let config = doc.config.unwrap_or(serde_json::Value::Null);
    Ok(ReleasePayload {
        status: doc.info.status,
        chart_name: meta.name,
        chart_version: meta.version,
        app_version: meta.app_version.filter(|v| !v.is_empty()),
        first_deployed: parse_time(doc.info.first_deployed.as_deref()),
        last_deployed: parse_time(doc.info.last_deployed.as_deref()),
        description: doc.info.description,
        settings: BotSettings::of(&config),
        config: match keep {
            Keep::Values => config,
            Keep::Summary | Keep::Manifest => serde_json::Value::Null,
        },
        manifest: match keep {
            Keep::Manifest => Some(manifest_of(&json)?),
            Keep::Summary | Keep::Values => None,
        },
    })
}

/// The rendered manifest of a release payload (for diffs; it may hold Secret data: redact it).
pub fn decode_manifest(data: &str, driver: Driver) -> Result<String, String> {
    manifest_of(&unpack(data, driver)?)
}

/// The `manifest` field of the release JSON.
fn manifest_of(json: &[u8]) -> Result<String, String> {
    #[derive(Deserialize)]
    struct ManifestDoc {
        #[serde(default)]
        manifest: String,
    }
    serde_json::from_slice::<ManifestDoc>(json)
        .map(|d| d.manifest)
        .map_err(|e| format!("release JSON does not decode: {e}"))
}

/// The release JSON inside `data.release`.
fn unpack(data: &str, driver: Driver) -> Result<Vec<u8>, String> {
    let b64 = base64::engine::general_purpose::STANDARD;
    let helm_b64 = match driver {
        Driver::Secrets => b64
            .decode(data.trim())
            .map_err(|e| format!("data.release is not base64: {e}"))?,
        Driver::ConfigMaps => data.as_bytes().to_vec(),
    };
    let packed = b64
        .decode(trim_ascii(&helm_b64))
        .map_err(|e| format!("release payload is not base64: {e}"))?;
    if packed.starts_with(&[0x1f, 0x8b, 0x08]) {
        let mut out = Vec::with_capacity(packed.len() * 4);
        flate2::read::GzDecoder::new(packed.as_slice())
            .read_to_end(&mut out)
            .map_err(|e| format!("release payload is not valid gzip: {e}"))?;
        Ok(out)
    } else {
        Ok(packed)
    }
}

fn trim_ascii(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |i| i + 1);
    &bytes[start..end]
}

fn parse_time(s: Option<&str>) -> Option<jiff::Timestamp> {
    s.filter(|s| !s.is_empty())?.parse().ok()
}

// The slice of Helm's release JSON we decode; serde skips the rest (templates, files, manifest)
// without building it.
#[derive(Deserialize)]
struct ReleaseDoc {
    info: InfoDoc,
    chart: Option<ChartDoc>,
    config: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct InfoDoc {
    #[serde(default)]
    status: String,
    first_deployed: Option<String>,
    last_deployed: Option<String>,
    #[serde(default)]
    description: String,
}

#[derive(Deserialize)]
struct ChartDoc {
    metadata: Option<ChartMetaDoc>,
}

#[derive(Deserialize)]
struct ChartMetaDoc {
    name: String,
    #[serde(default)]
    version: String,
    #[serde(rename = "appVersion")]
    app_version: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn encode(json: &str, gzip: bool) -> String {
        let b64 = base64::engine::general_purpose::STANDARD;
        let packed = if gzip {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            enc.write_all(json.as_bytes()).unwrap();
            enc.finish().unwrap()
        } else {
            json.as_bytes().to_vec()
        };
        b64.encode(b64.encode(packed))
    }

    fn secret(
        ns: &str,
        name: &str,
        version: u64,
        status: &str,
        data: Option<String>,
    ) -> ReleaseSecret {
        ReleaseSecret {
            metadata: crate::cluster::ObjectMeta {
                name: format!("sh.helm.release.v1.{name}.v{version}"),
                namespace: ns.into(),
                labels: [
                    ("name", name.to_string()),
                    ("owner", "helm".into()),
                    ("status", status.into()),
                    ("version", version.to_string()),
                ]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
                ..Default::default()
            },
            data: data
                .map(|d| [("release".to_string(), d)].into())
                .unwrap_or_default(),
        }
    }

    const DOC: &str = r#"{"name":"open","info":{"status":"failed","first_deployed":"2026-11-25T05:33:21.437678603Z","last_deployed":"2026-11-25T05:33:25.784601756Z","description":"Upgrade failed"},"chart":{"metadata":{"name":"openclaw","version":"0.1.0","appVersion":"2026.2.21"},"templates":[{"name":"x","data":"eA=="}]},"config":{"replicaCount":2},"manifest":"---","version":2,"namespace":"claw-machine"}"#;

    #[test]
    fn decodes_gzipped_and_plain_payloads() {
        for gzip in [true, false] {
            let p = decode_payload(&encode(DOC, gzip), Driver::Secrets, Keep::Values).unwrap();
            assert_eq!(p.status, "failed");
            assert_eq!(p.chart_name, "openclaw");
            assert_eq!(p.chart_version, "0.1.0");
            assert_eq!(p.app_version.as_deref(), Some("2026.2.21"));
            assert_eq!(p.config["replicaCount"], 2);
            assert!(p.first_deployed.unwrap() < p.last_deployed.unwrap());
        }
    }

    #[test]
    fn corrupt_payloads_say_what_is_wrong() {
        assert!(
            decode_payload("!!!", Driver::Secrets, Keep::Values)
                .unwrap_err()
                .contains("not base64")
        );
        let b64 = base64::engine::general_purpose::STANDARD;
        let truncated_gzip = b64.encode(b64.encode([0x1f, 0x8b, 0x08, 0, 1, 2]));
        assert!(
            decode_payload(&truncated_gzip, Driver::Secrets, Keep::Values)
                .unwrap_err()
                .contains("gzip")
        );
        assert!(
            decode_payload(&encode("{\"info\":", true), Driver::Secrets, Keep::Values)
                .unwrap_err()
                .contains("JSON")
        );
    }

    #[test]
    fn keeps_the_highest_revision_and_decodes_only_it() {
        let records = latest_revisions(
            vec![
                secret("claw-machine", "open", 2, "failed", Some(encode(DOC, true))),
                // revision 1 is corrupt: had we decoded it, the record would say so
                secret(
                    "claw-machine",
                    "open",
                    1,
                    "deployed",
                    Some("corrupt".into()),
                ),
                secret("bots", "open", 1, "deployed", None),
            ],
            Driver::Secrets,
        );
        assert_eq!(
            records.len(),
            2,
            "same name in two namespaces is two releases"
        );
        let open = records
            .iter()
            .find(|r| r.namespace == "claw-machine")
            .unwrap();
        assert_eq!(open.revision, 2);
        assert_eq!(open.status, "failed");
        assert_eq!(open.chart_name(), Some("openclaw"));
        let other = records.iter().find(|r| r.namespace == "bots").unwrap();
        assert!(
            other
                .payload
                .as_ref()
                .unwrap_err()
                .contains("no data.release")
        );
    }

    #[test]
    fn configmap_payloads_skip_the_secrets_extra_base64() {
        let b64 = base64::engine::general_purpose::STANDARD;
        let secret_form = encode(DOC, true);
        let configmap_form = String::from_utf8(b64.decode(&secret_form).unwrap()).unwrap();
        let p = decode_payload(&configmap_form, Driver::ConfigMaps, Keep::Values).unwrap();
        assert_eq!(p.chart_name, "openclaw");
        assert!(decode_payload(&configmap_form, Driver::Secrets, Keep::Values).is_err());
        assert_eq!(Driver::parse("configmap"), Ok(Driver::ConfigMaps));
        assert_eq!(Driver::parse(""), Ok(Driver::Secrets));
        assert!(Driver::parse("sql").unwrap_err().contains("not supported"));
    }

    #[test]
    fn revision_order_is_numeric_not_lexical() {
        let mut doc10: serde_json::Value = serde_json::from_str(DOC).unwrap();
        doc10["info"]["status"] = "deployed".into();
        let records = latest_revisions(
            vec![
                secret("ns", "open", 9, "failed", Some(encode(DOC, true))),
                secret(
                    "ns",
                    "open",
                    10,
                    "deployed",
                    Some(encode(&doc10.to_string(), true)),
                ),
            ],
            Driver::Secrets,
        );
        assert_eq!(records[0].revision, 10);
        assert_eq!(records[0].payload.as_ref().unwrap().status, "deployed");
    }
}
