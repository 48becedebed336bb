//! Cluster access resolved the way kubectl resolves it: kubeconfig lists, contexts, TLS as the
//! kubeconfig says, bearer tokens, client certificates, exec credential plugins; and the plugin
//! reached through a real kubectl's plugin dispatch.

use std::os::unix::fs::PermissionsExt;

use claw_tests::bins::{self, Output};
use claw_tests::harness::TOKEN;
use claw_tests::tls::b64;
use claw_tests::{Harness, json_of};

fn write(h: &Harness, name: &str, text: &str) -> String {
    let p = h.dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

fn status_with(h: &Harness, kubeconfig: &str, extra: &[&str]) -> Output {
    let mut args = vec!["bots", "-o", "json", "--kubeconfig", kubeconfig];
    args.extend_from_slice(extra);
    h.kubectl_claw(&args)
}

fn bot_count(out: &Output) -> usize {
    assert_eq!(out.code, 0, "{}", out.stderr);
    json_of(out)["items"].as_array().unwrap().len()
}

#[test]
fn client_certificates_authenticate() {
    let h = Harness::recorded();
    let pki = h.api.pki();
    let user = format!(
        "client-certificate-data: {}\nclient-key-data: {}",
        b64(&pki.client_cert_pem),
        b64(&pki.client_key_pem)
    );
    let kc = write(&h, "cert", &h.api.kubeconfig_yaml("fake", "default", &user));
    assert_eq!(bot_count(&status_with(&h, &kc, &[])), 4);

    // A certificate from a CA the server does not trust is refused in the handshake.
    let rogue = format!(
        "client-certificate-data: {}\nclient-key-data: {}",
        b64(&pki.rogue_client_cert_pem),
        b64(&pki.rogue_client_key_pem)
    );
    let kc = write(
        &h,
        "rogue",
        &h.api.kubeconfig_yaml("fake", "default", &rogue),
    );
    let out = status_with(&h, &kc, &[]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
}

#[test]
fn the_server_certificate_is_verified_against_the_kubeconfig_ca() {
    let h = Harness::recorded();
    let other_ca = claw_tests::tls::Pki::generate().ca_pem;
    let yaml = h
        .api
        .kubeconfig_yaml("fake", "default", &format!("token: {TOKEN}"))
        .replace(&b64(&h.api.pki().ca_pem), &b64(&other_ca));
    let kc = write(&h, "wrong-ca", &yaml);
    let out = status_with(&h, &kc, &[]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("cannot reach the Kubernetes API server"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.to_lowercase().contains("certificate"),
        "names the TLS problem: {}",
        out.stderr
    );
    assert!(h.api.requests().is_empty(), "no request got through");

    // insecure-skip-tls-verify is honoured when the kubeconfig asks for it.
    let insecure = yaml.replace(
        &format!("certificate-authority-data: {}", b64(&other_ca)),
        "insecure-skip-tls-verify: true",
    );
    let kc = write(&h, "insecure", &insecure);
    assert_eq!(bot_count(&status_with(&h, &kc, &[])), 4);
}

#[test]
fn exec_credential_plugins_supply_the_token() {
    let h = Harness::recorded();
    let script = h.dir.path().join("get-token");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\ncat <<EOF\n{{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{{\"token\":\"{TOKEN}\"}}}}\nEOF\n"
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let user = format!(
        "exec:\n  apiVersion: client.authentication.k8s.io/v1\n  command: {}\n  interactiveMode: Never",
        script.display()
    );
    let kc = write(&h, "exec", &h.api.kubeconfig_yaml("fake", "default", &user));
    assert_eq!(bot_count(&status_with(&h, &kc, &[])), 4);

    // A credential plugin that fails is a credentials problem: exit 3, one line.
    std::fs::write(&script, "#!/bin/sh\necho 'login expired' >&2\nexit 1\n").unwrap();
    let out = status_with(&h, &kc, &[]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(out.stderr.contains("context \"fake\""), "{}", out.stderr);
}

#[test]
fn kubeconfig_lists_merge_first_wins_and_context_selects() {
    let h = Harness::recorded();
    // First file: only current-context, and a context of the same name pointing nowhere that
    // must lose to... nothing: first file wins, so its `fake` context is the one used.
    let good = h
        .api
        .kubeconfig_yaml("fake", "default", &format!("token: {TOKEN}"));
    let first = write(
        &h,
        "first",
        "apiVersion: v1\nkind: Config\ncurrent-context: fake\n",
    );
    let second = write(&h, "second", &good);
    let dead = good
        .replace(&h.api.url(), "https://127.0.0.1:1")
        .replace("name: fake", "name: dead")
        .replace("cluster: fake", "cluster: dead")
        .replace("user: fake", "user: dead")
        .replace("current-context: fake", "current-context: dead");
    let third = write(&h, "third", &dead);
    let list = format!("{first}:{second}:{third}");
    let run = |extra: &[&str]| {
        let mut args = vec!["bots", "-o", "json"];
        args.extend_from_slice(extra);
        h.kubectl_claw_env(&args, &[("KUBECONFIG", &list)])
    };
    assert_eq!(
        bot_count(&run(&[])),
        4,
        "current-context from the first file, cluster from the second"
    );
    let out = run(&["--context", "dead"]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("https://127.0.0.1:1 (context \"dead\")"),
        "{}",
        out.stderr
    );
    // --kubeconfig replaces the KUBECONFIG list entirely.
    let out = h.kubectl_claw_env(&["bots", "--kubeconfig", &third], &[("KUBECONFIG", &list)]);
    assert_eq!(out.code, 3, "{}", out.stderr);
}

#[test]
fn kubectl_dispatches_to_the_plugin() {
    let h = Harness::recorded();
    for kubectl in ["kubectl", "kubectl-1.32"] {
        let mut c = bins::clean_command(bins::tool(kubectl), h.dir.path());
        c.env("KUBECONFIG", &h.kubeconfig)
            .args(["claw", "status", "-n", "claw-machine"]);
        let out = bins::run(&mut c);
        assert_eq!(out.code, 0, "{kubectl}: {}", out.all());
        assert!(out.stdout.starts_with("NAME "), "{}", out.stdout);
        assert!(
            out.stdout
                .lines()
                .any(|l| l.starts_with("open ") && l.contains("failed/CrashLoopBackOff")),
            "{}",
            out.stdout
        );

        // Exit codes pass through kubectl unchanged.
        let mut c = bins::clean_command(bins::tool(kubectl), h.dir.path());
        c.env("KUBECONFIG", &h.kubeconfig)
            .args(["claw", "bots", "nope"]);
        let out = bins::run(&mut c);
        assert_eq!(out.code, 1, "{kubectl}: {}", out.all());
        assert!(
            out.stderr.contains("unknown bot \"nope\""),
            "{}",
            out.stderr
        );
    }
}

#[test]
fn verbose_logs_each_request_but_never_the_credentials() {
    let h = Harness::recorded();
    let out = h.kubectl_claw(&["status", "-v", "--no-probe"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("claw: GET "))
        .collect();
    assert_eq!(
        lines.len(),
        6,
        "one line per request (releases, pods, deployments, three infrastructure lists):\n{}",
        out.stderr
    );
    assert!(
        lines.iter().all(|l| !l.contains("?&")),
        "clean URLs:\n{}",
        out.stderr
    );
    assert!(
        lines.iter().any(
            |l| l.contains(&format!("{}/api/v1/secrets?", h.api.url())) && l.contains("200 OK")
        ),
        "{}",
        out.stderr
    );
    assert!(
        !out.all().contains(TOKEN),
        "the bearer token is never logged"
    );
    assert!(!out.all().contains(claw_tests::recorded::PICO_SECRET));
    // Without -v, nothing of it.
    assert!(
        !h.kubectl_claw(&["status", "--no-probe"])
            .stderr
            .contains("claw: GET")
    );
}

#[test]
fn a_proxy_in_the_kubeconfig_or_the_environment_is_used() {
    let h = Harness::recorded();
    let proxy = claw_tests::connect_proxy::ConnectProxy::start();
    let server = h.api.url().trim_start_matches("https://").to_string();
    let yaml = h
        .api
        .kubeconfig_yaml("fake", "default", &format!("token: {TOKEN}"))
        .replace(
            "      certificate-authority-data:",
            &format!(
                "      proxy-url: {}\n      certificate-authority-data:",
                proxy.url
            ),
        );
    let kc = write(&h, "proxied", &yaml);
    assert_eq!(bot_count(&status_with(&h, &kc, &[])), 4);
    assert!(
        proxy.targets().contains(&server),
        "tunnelled through the proxy: {:?}",
        proxy.targets()
    );

    // HTTPS_PROXY as corporate machines set it; NO_PROXY exempts the server.
    let proxy = claw_tests::connect_proxy::ConnectProxy::start();
    let out = h.kubectl_claw_env(&["bots", "-o", "json"], &[("HTTPS_PROXY", &proxy.url)]);
    assert_eq!(bot_count(&out), 4);
    assert!(!proxy.targets().is_empty(), "HTTPS_PROXY honoured");
    let proxy = claw_tests::connect_proxy::ConnectProxy::start();
    let out = h.kubectl_claw_env(
        &["bots", "-o", "json"],
        &[("HTTPS_PROXY", &proxy.url), ("NO_PROXY", "127.0.0.1")],
    );
    assert_eq!(bot_count(&out), 4);
    assert!(
        proxy.targets().is_empty(),
        "NO_PROXY honoured: {:?}",
        proxy.targets()
    );
}

#[test]
fn no_kubeconfig_at_all_says_so_plainly() {
    let h = Harness::recorded();
    // A clean environment: no KUBECONFIG, and a HOME without ~/.kube/config.
    let mut c = bins::clean_command(bins::plugin("kubectl-claw"), h.dir.path());
    c.arg("status");
    let out = bins::run(&mut c);
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert_eq!(
        out.stderr.trim(),
        "error: kubeconfig: none found: KUBECONFIG is not set and ~/.kube/config does not exist; pass --kubeconfig or set KUBECONFIG"
    );
}
