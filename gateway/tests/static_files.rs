//! Static files on the same port as the socket: `--www` at `/`, `--pkg` at `/pkg/`.

#![allow(clippy::unwrap_used)]

mod common;

use common::{config, header, http};

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("agentdesk-gw-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test]
async fn root_serves_index_html_and_pkg_serves_wasm_and_js_with_their_mime_types() {
    let www = temp_dir("www");
    let pkg = temp_dir("pkg");
    std::fs::write(
        www.join("index.html"),
        "<!doctype html><title>agentdesk demo</title>",
    )
    .unwrap();
    std::fs::write(www.join("app.js"), "export const x = 1;").unwrap();
    std::fs::write(pkg.join("agentdesk_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(
        pkg.join("agentdesk.js"),
        "export default function init() {}",
    )
    .unwrap();
    let mut cfg = config();
    cfg.www = www.clone();
    cfg.pkg = pkg.clone();
    let gw = agentdesk_gateway::start(cfg).await.unwrap();

    let (status, headers, body) = http(&gw, "GET", "/", &[], "").await;
    assert_eq!(status, 200);
    assert!(header(&headers, "content-type")
        .unwrap()
        .starts_with("text/html"));
    assert!(body.contains("agentdesk demo"));

    let (status, headers, _) = http(&gw, "GET", "/app.js", &[], "").await;
    assert_eq!(status, 200);
    assert!(header(&headers, "content-type")
        .unwrap()
        .contains("javascript"));

    let (status, headers, _) = http(&gw, "GET", "/pkg/agentdesk_bg.wasm", &[], "").await;
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "content-type"), Some("application/wasm"));

    let (status, headers, _) = http(&gw, "GET", "/pkg/agentdesk.js", &[], "").await;
    assert_eq!(status, 200);
    assert!(header(&headers, "content-type")
        .unwrap()
        .contains("javascript"));

    let (status, _, _) = http(&gw, "GET", "/pkg/missing.wasm", &[], "").await;
    assert_eq!(status, 404);
    let (status, _, _) = http(&gw, "GET", "/../Cargo.toml", &[], "").await;
    assert_ne!(status, 200);

    gw.shutdown().await;
    let _ = std::fs::remove_dir_all(www);
    let _ = std::fs::remove_dir_all(pkg);
}
