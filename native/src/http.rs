//! The login endpoint (docs/protocol.md §8) and the control endpoints, over HTTP/1.1 with
//! hyper's client connection: one request per connection, like `curl`.

use http_body_util::{BodyExt as _, Full};
use hyper::body::Bytes;
use hyper::Request;
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::net::TcpStream;

use crate::ClientError;

/// `POST {base}{path}` with a JSON body; the status and the JSON answer (Null if not JSON).
pub async fn post_json(base: &str, path: &str, body: &Value) -> Result<(u16, Value), ClientError> {
    let url = format!("{base}{path}");
    let fail = |message: String| ClientError::Http {
        url: url.clone(),
        message,
    };
    let authority = base
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let stream = TcpStream::connect(&authority)
        .await
        .map_err(|e| fail(e.to_string()))?;
    let _ = stream.set_nodelay(true);
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| fail(e.to_string()))?;
    tokio::spawn(conn);
    let request = Request::post(path)
        .header("host", &authority)
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body.to_string())))
        .map_err(|e| fail(e.to_string()))?;
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| fail(e.to_string()))?;
    let status = response.status().as_u16();
    let bytes = response
        .into_body()
        .collect()
        .await
        .map_err(|e| fail(e.to_string()))?
        .to_bytes();
    Ok((
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    ))
}

/// A session key from `POST {base}/api/login`.
pub async fn login(
    base: &str,
    tenant_id: &str,
    agent_no: &str,
    password: &str,
) -> Result<String, ClientError> {
    let body = json!({"tenantId": tenant_id, "agentNo": agent_no, "password": password});
    let (status, answer) = post_json(base, "/api/login", &body).await?;
    match answer.get("sessionKey").and_then(Value::as_str) {
        Some(key) if status == 200 => Ok(key.to_owned()),
        _ => Err(ClientError::LoginRefused {
            status,
            body: answer.to_string(),
        }),
    }
}
