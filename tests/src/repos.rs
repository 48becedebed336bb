//! Real chart repositories on loopback for the chart-source tests: the CNCF Distribution
//! registry (Debian's `docker-registry`, fetched into .tools/) as an OCI registry, and a static
//! HTTP server serving a `helm repo index` directory. Charts reach them through real Helm
//! (`helm package`, `helm push`, `helm repo index`).

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::bins;

/// How long a server may take to start listening.
const START_DEADLINE: Duration = Duration::from_secs(20);

/// A running OCI registry, stopped when dropped.
pub struct Registry {
    child: Child,
    pub addr: SocketAddr,
    _dir: tempfile::TempDir,
}

impl Registry {
    /// Starts a registry on a free loopback port and waits (bounded) until it listens.
    pub fn start() -> Registry {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.yml");
        std::fs::write(
            &config,
            format!(
                "version: 0.1\nlog:\n  level: info\nstorage:\n  filesystem:\n    rootdirectory: {}\nhttp:\n  addr: 127.0.0.1:0\n  secret: claw-tests\n",
                dir.path().join("data").display()
            ),
        )
        .unwrap();
        let mut child = Command::new(bins::tool("docker-registry"))
            .args(["serve"])
            .arg(&config)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start docker-registry");
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        // The registry says where it listens; the rest of its log is read and dropped.
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(at) = line.split("listening on ").nth(1) {
                    let addr = at.split('"').next().unwrap_or("").trim().to_string();
                    let _ = tx.send(addr);
                }
            }
        });
        let addr = match rx.recv_timeout(START_DEADLINE) {
            Ok(a) => a.parse().expect("the registry's address"),
            Err(_) => {
                let _ = child.kill();
                panic!("docker-registry did not listen within {START_DEADLINE:?}");
            }
        };
        Registry {
            child,
            addr,
            _dir: dir,
        }
    }

    /// `oci://127.0.0.1:PORT/PATH`.
    pub fn url(&self, path: &str) -> String {
        format!("oci://{}/{path}", self.addr)
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A static HTTP server on loopback, serving the files of a directory (a Helm repository made
/// by `helm repo index`, or release archives).
pub struct HttpRepo {
    pub url: String,
    pub dir: PathBuf,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl HttpRepo {
    pub fn start(dir: &Path) -> HttpRepo {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = tokio::sync::oneshot::channel();
        let root = dir.to_path_buf();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(serve_files(listener, root, rx));
        });
        HttpRepo {
            url,
            dir: dir.to_path_buf(),
            stop: Some(tx),
            thread: Some(thread),
        }
    }
}

impl Drop for HttpRepo {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

async fn serve_files(
    listener: std::net::TcpListener,
    root: PathBuf,
    mut stop: tokio::sync::oneshot::Receiver<()>,
) {
    use http_body_util::Full;
    use hyper::service::service_fn;
    let listener = tokio::net::TcpListener::from_std(listener).unwrap();
    loop {
        let stream = tokio::select! {
            s = listener.accept() => match s { Ok((s, _)) => s, Err(_) => continue },
            _ = &mut stop => return,
        };
        let root = root.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                let file = root.join(req.uri().path().trim_start_matches('/'));
                async move {
                    let (code, body) = match std::fs::read(&file) {
                        Ok(b) if file.is_file() => (200, b),
                        _ => (404, b"404 page not found\n".to_vec()),
                    };
                    // Helm 3 installs a plugin from a URL only when a HEAD request answers
                    // with a gzip media type.
                    let name = file.to_string_lossy();
                    let mut response = hyper::Response::builder().status(code);
                    if name.ends_with(".tgz") || name.ends_with(".tar.gz") {
                        response = response.header("content-type", "application/gzip");
                    }
                    Ok::<_, std::convert::Infallible>(
                        response.body(Full::new(bytes::Bytes::from(body))).unwrap(),
                    )
                }
            });
            let io = hyper_util::rt::TokioIo::new(stream);
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(io, service)
                .await;
        });
    }
}

/// Our chart `name` packaged by real Helm as version `version` into `dest`; its path.
pub fn package(name: &str, version: &str, dest: &Path) -> PathBuf {
    let work = tempfile::tempdir().unwrap();
    let src = bins::workspace_root().join("charts").join(name);
    let copy = work.path().join(name);
    copy_dir(&src, &copy);
    let chart_yaml = std::fs::read_to_string(copy.join("Chart.yaml")).unwrap();
    let rewritten: String = chart_yaml
        .lines()
        .map(|l| {
            if l.starts_with("version:") {
                format!("version: {version}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::write(copy.join("Chart.yaml"), rewritten).unwrap();
    std::fs::create_dir_all(dest).unwrap();
    let out = helm(
        work.path(),
        &[
            "package",
            copy.to_str().unwrap(),
            "-d",
            dest.to_str().unwrap(),
        ],
    );
    assert_eq!(out.code, 0, "helm package: {}", out.all());
    dest.join(format!("{name}-{version}.tgz"))
}

/// `helm push ARCHIVE oci://…` over plain HTTP.
pub fn push(archive: &Path, repo: &str) {
    let home = tempfile::tempdir().unwrap();
    let out = helm(
        home.path(),
        &["push", archive.to_str().unwrap(), repo, "--plain-http"],
    );
    assert_eq!(out.code, 0, "helm push: {}", out.all());
}

/// `helm repo index DIR --url URL`.
pub fn index(dir: &Path, url: &str) {
    let home = tempfile::tempdir().unwrap();
    let out = helm(
        home.path(),
        &["repo", "index", dir.to_str().unwrap(), "--url", url],
    );
    assert_eq!(out.code, 0, "helm repo index: {}", out.all());
}

fn helm(home: &Path, args: &[&str]) -> bins::Output {
    let mut c = bins::helm_command("helm4", home);
    c.args(args);
    bins::run(&mut c)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}
