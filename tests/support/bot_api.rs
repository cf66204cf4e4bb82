//! A Bot API server written for the tests, on 127.0.0.1: it records every
//! call the bot makes, hands out queued updates to long polls as Telegram
//! does, and misbehaves on request (a 429, server errors, a malformed
//! reply, slow sends, a restart). Shared by the polling tests
//! (`telegram/`) and the webhook tests (`webhook.rs`).

#![allow(dead_code)]

use std::collections::VecDeque;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use serde_json::{Value, json};
use tokio::sync::Notify;

pub const TOKEN: &str = "4242424242:AAFakeTokenForTestsOnly_abcdefghijkl";
pub const BOT_ID: i64 = 4242424242;
pub const BOT_NAME: &str = "article_test_bot";
pub const OWNER: i64 = 1001;
pub const GROUP: i64 = -7007;
pub const STRANGER: i64 = 3003;
/// A second private chat, so no chat exceeds Telegram's 20 messages a minute.
pub const OTHER: i64 = 1002;

/// One Bot API call the bot made.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    pub body: Value,
    pub at: Instant,
    /// The id a sendMessage is given, known on arrival so a test can
    /// press a button under the message before the reply is back.
    pub message_id: Option<i64>,
}

#[derive(Default)]
pub struct Inner {
    pub updates: VecDeque<Value>,
    pub next_update: i64,
    pub next_message: i64,
    pub calls: Vec<Call>,
    /// Answer the next sendMessage with a 429 and this retry_after.
    pub throttle_next_send: Option<u64>,
    pub rejected_at: Option<Instant>,
    /// Answer this many getUpdates with HTTP 500.
    pub fail_get_updates: usize,
    /// Then answer one getUpdates with a body that is not JSON.
    pub malformed_get_updates: bool,
    /// Answer sendMessage this late.
    pub send_delay: Duration,
    /// Anchors sent so far (each one's command is unique).
    pub anchors: usize,
    /// Files the bot may download, by file id: their bytes, or none for a
    /// file that is only announced (too large to be fetched).
    pub files: std::collections::HashMap<String, Option<Vec<u8>>>,
    /// The size getFile states for a file, when it is not the truth.
    pub stated_sizes: std::collections::HashMap<String, usize>,
}

#[derive(Clone, Default)]
pub struct Api {
    pub inner: Arc<Mutex<Inner>>,
    pub new_update: Arc<Notify>,
    /// Tells the running server to stop (for restart tests).
    pub shutdown: Arc<Notify>,
}

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

pub fn chat_json(id: i64) -> Value {
    if id < 0 {
        json!({"id": id, "type": "group", "title": "News fans"})
    } else {
        json!({"id": id, "type": "private", "first_name": "Ann", "username": "ann"})
    }
}

pub fn bot_user() -> Value {
    json!({"id": BOT_ID, "is_bot": true, "first_name": "Article Bot", "username": BOT_NAME})
}

/// The text fields of a multipart form, as a JSON object.
pub fn form_fields(body: &[u8]) -> Value {
    let body = String::from_utf8_lossy(body);
    let mut fields = serde_json::Map::new();
    for part in body
        .split("Content-Disposition: form-data; name=\"")
        .skip(1)
    {
        let Some((name, rest)) = part.split_once('"') else {
            continue;
        };
        let Some((_, value)) = rest.split_once("\r\n\r\n") else {
            continue;
        };
        let value = value.split("\r\n--").next().unwrap_or_default();
        fields.insert(name.to_string(), json!(value));
    }
    Value::Object(fields)
}

pub fn ok(result: Value) -> axum::response::Response {
    axum::Json(json!({"ok": true, "result": result})).into_response()
}

pub async fn handle(
    State(api): State<Api>,
    UrlPath(path): UrlPath<String>,
    body: Bytes,
) -> axum::response::Response {
    let Some((token, method)) = path.strip_prefix("bot").and_then(|p| p.split_once('/')) else {
        return (
            StatusCode::NOT_FOUND,
            axum::Json(json!({"ok": false, "error_code": 404, "description": "Not Found"})),
        )
            .into_response();
    };
    if token != TOKEN {
        return (
            StatusCode::UNAUTHORIZED,
            axum::Json(json!({"ok": false, "error_code": 401, "description": "Unauthorized"})),
        )
            .into_response();
    }
    // Calls that may carry a file (setWebhook) come as multipart forms.
    let body: Value = serde_json::from_slice(&body).unwrap_or_else(|_| form_fields(&body));
    // Telegram matches method names without regard to case; teloxide sends "GetMe".
    let mut method = method.to_string();
    if let Some(first) = method.get(..1) {
        method = first.to_ascii_lowercase() + &method[1..];
    }
    // This call's place in the record: other calls (long polls) arrive
    // while a send waits, so the last entry need not be this one.
    let this_call = {
        let mut inner = api.inner.lock().unwrap();
        let message_id = (method == "sendMessage").then(|| {
            inner.next_message += 1;
            inner.next_message + 1000
        });
        inner.calls.push(Call {
            method: method.clone(),
            body: body.clone(),
            at: Instant::now(),
            message_id,
        });
        inner.calls.len() - 1
    };
    match method.as_str() {
        "getMe" => ok(json!({
            "id": BOT_ID, "is_bot": true, "first_name": "Article Bot", "username": BOT_NAME,
            "can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": true,
            "can_connect_to_business": false, "has_main_web_app": false
        })),
        "getWebhookInfo" => ok(json!({"url": "", "has_custom_certificate": false, "pending_update_count": 0})),
        "deleteWebhook" | "setWebhook" | "setMyCommands" | "sendChatAction" | "answerCallbackQuery" | "answerInlineQuery" => ok(json!(true)),
        "getFile" => {
            let id = body["file_id"].as_str().unwrap_or_default().to_string();
            let inner = api.inner.lock().unwrap();
            match inner.files.get(&id) {
                Some(Some(bytes)) => {
                    let size = inner.stated_sizes.get(&id).copied().unwrap_or(bytes.len());
                    ok(json!({"file_id": id, "file_unique_id": format!("u-{id}"), "file_size": size, "file_path": format!("documents/{id}")}))
                }
                // Telegram does not hand out files over 20 MB.
                _ => (StatusCode::BAD_REQUEST, axum::Json(json!({"ok": false, "error_code": 400, "description": "Bad Request: file is too big"}))).into_response(),
            }
        }
        "getUpdates" if api.inner.lock().unwrap().fail_get_updates > 0 => {
            api.inner.lock().unwrap().fail_get_updates -= 1;
            (StatusCode::INTERNAL_SERVER_ERROR, axum::Json(json!({"ok": false, "error_code": 500, "description": "Internal Server Error"}))).into_response()
        }
        "getUpdates" if std::mem::take(&mut api.inner.lock().unwrap().malformed_get_updates) => {
            (StatusCode::OK, "{\"ok\": true, \"result\": [ this is not json").into_response()
        }
        "getUpdates" => {
            let offset = body["offset"].as_i64().unwrap_or(0);
            // Held as long as asked, as Telegram does: a client that gives
            // up sooner must show here.
            let timeout = body["timeout"].as_u64().unwrap_or(0);
            let deadline = Instant::now() + Duration::from_secs(timeout);
            loop {
                let notified = api.new_update.notified();
                {
                    let mut inner = api.inner.lock().unwrap();
                    while inner.updates.front().is_some_and(|u| u["update_id"].as_i64().unwrap() < offset) {
                        inner.updates.pop_front();
                    }
                    if !inner.updates.is_empty() || Instant::now() >= deadline {
                        return ok(Value::Array(inner.updates.iter().cloned().collect()));
                    }
                }
                let _ = tokio::time::timeout(deadline.saturating_duration_since(Instant::now()), notified).await;
            }
        }
        "sendMessage" | "editMessageText" => {
            let delay = api.inner.lock().unwrap().send_delay;
            tokio::time::sleep(delay).await;
            let mut inner = api.inner.lock().unwrap();
            if method == "sendMessage"
                && let Some(after) = inner.throttle_next_send.take()
            {
                inner.rejected_at = Some(Instant::now());
                inner.calls[this_call].method = "sendMessage(429)".into();
                return (
                    StatusCode::TOO_MANY_REQUESTS,
                    axum::Json(json!({"ok": false, "error_code": 429, "description": format!("Too Many Requests: retry after {after}"), "parameters": {"retry_after": after}})),
                )
                    .into_response();
            }
            let chat = body["chat_id"].as_i64().unwrap_or(0);
            let id = match inner.calls[this_call].message_id {
                Some(id) => id,
                None => body["message_id"].as_i64().unwrap_or(0),
            };
            let mut msg = json!({"message_id": id, "date": now(), "chat": chat_json(chat), "from": bot_user(), "text": body["text"]});
            if let Some(markup) = body.get("reply_markup") {
                msg["reply_markup"] = markup.clone();
            }
            ok(msg)
        }
        _ => (StatusCode::NOT_FOUND, axum::Json(json!({"ok": false, "error_code": 404, "description": "Not Found: method not found"}))).into_response(),
    }
}

/// A file download: `/file/bot<token>/documents/<file id>`.
pub async fn download(
    State(api): State<Api>,
    UrlPath(path): UrlPath<String>,
) -> axum::response::Response {
    let Some(id) = path
        .strip_prefix(&format!("bot{TOKEN}/documents/"))
        .map(str::to_string)
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let inner = api.inner.lock().unwrap();
    match inner.files.get(&id) {
        Some(Some(bytes)) => bytes.clone().into_response(),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

impl Api {
    pub async fn start() -> (Api, String) {
        let api = Api::default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        api.serve(listener);
        (api, url)
    }

    pub fn serve(&self, listener: tokio::net::TcpListener) {
        let app = Router::new()
            .route("/file/{*path}", get(download))
            .route("/{*path}", post(handle))
            .with_state(self.clone());
        let stop = self.shutdown.clone();
        tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async move { stop.notified().await })
                .await
                .unwrap()
        });
    }

    /// Stops the server (closing its port and idle connections), waits
    /// `down`, and starts it again on the same address with the same state.
    pub async fn restart(&self, url: &str, down: Duration) {
        let addr = url.trim_start_matches("http://").to_string();
        self.shutdown.notify_waiters();
        // End the long poll in flight so the graceful stop does not wait for it.
        self.new_update.notify_waiters();
        tokio::time::sleep(down).await;
        let listener = tokio::net::TcpListener::bind(&addr).await.unwrap();
        self.serve(listener);
    }

    pub fn push(&self, kind: &str, payload: Value) {
        let mut inner = self.inner.lock().unwrap();
        inner.next_update += 1;
        let id = inner.next_update;
        inner
            .updates
            .push_back(json!({"update_id": id, kind: payload}));
        drop(inner);
        self.new_update.notify_waiters();
    }

    pub fn message(&self, chat: i64, text: &str, extra: Value) -> i64 {
        let id = {
            let mut inner = self.inner.lock().unwrap();
            inner.next_message += 1;
            inner.next_message
        };
        let mut m = json!({"message_id": id, "date": now(), "chat": chat_json(chat), "from": {"id": chat.abs(), "is_bot": false, "first_name": "Ann"}});
        if !text.is_empty() {
            m["text"] = json!(text);
            if text.starts_with('/') {
                let len = text
                    .split_whitespace()
                    .next()
                    .unwrap()
                    .encode_utf16()
                    .count();
                m["entities"] = json!([{"type": "bot_command", "offset": 0, "length": len}]);
            }
        }
        if let Value::Object(extra) = extra {
            for (k, v) in extra {
                m[k] = v;
            }
        }
        self.push("message", m);
        id
    }

    pub fn calls(&self) -> Vec<Call> {
        self.inner.lock().unwrap().calls.clone()
    }

    pub fn mark(&self) -> usize {
        self.inner.lock().unwrap().calls.len()
    }

    /// Calls of `method` to `chat` after `mark`, waiting up to `secs` for at least `n`.
    pub async fn wait(
        &self,
        mark: usize,
        method: &str,
        chat: i64,
        n: usize,
        secs: u64,
    ) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let found: Vec<Value> = self.calls()[mark..]
                .iter()
                .filter(|c| c.method == method && c.body["chat_id"].as_i64() == Some(chat))
                .map(|c| c.body.clone())
                .collect();
            if found.len() >= n || Instant::now() >= deadline {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The messages sent to `chat` after `mark`, as of now.
    pub fn sent(&self, mark: usize, chat: i64) -> Vec<Value> {
        self.calls()[mark..]
            .iter()
            .filter(|c| c.method == "sendMessage" && c.body["chat_id"].as_i64() == Some(chat))
            .map(|c| c.body.clone())
            .collect()
    }

    /// Sends `chat` a message of its own from user `from` and returns what
    /// the bot sent to `chat` after `mark` and before replying to it.
    /// Replies to a chat go out in order, so this is everything the earlier
    /// messages will ever get: an absence proven without a pause.
    pub async fn sent_before_anchor(&self, mark: usize, chat: i64, from: i64) -> Vec<Value> {
        let n = {
            let mut inner = self.inner.lock().unwrap();
            inner.anchors += 1;
            inner.anchors
        };
        // An unknown command, because its reply names it: no other reply can
        // be taken for it.
        let command = format!("/anchor{n}");
        self.message(
            chat,
            &command,
            json!({"from": {"id": from, "is_bot": false, "first_name": "Bo"}}),
        );
        let named = format!("{command}.");
        wait_until(&format!("the reply to {command}"), || {
            let sent = self.sent(mark, chat);
            sent.iter()
                .position(|m| text_of(m).contains(&named))
                .map(|i| sent[..i].to_vec())
        })
        .await
    }

    /// Waits until the bot has taken every update pushed so far (it asks
    /// for updates past them). A stopping bot still handles what it took,
    /// so a test that stops it next sees every reply those updates get.
    pub async fn wait_taken(&self) {
        let last = self.inner.lock().unwrap().next_update;
        wait_until("the bot to take every update", || {
            self.calls()
                .iter()
                .any(|c| c.method == "getUpdates" && c.body["offset"].as_i64() > Some(last))
                .then_some(())
        })
        .await;
    }
}

/// Bounds a wait for something that should happen: reached only if the
/// bot hangs or breaks, so generous for a loaded machine.
pub const HANG: Duration = Duration::from_secs(30);
pub const HANG_SECS: u64 = HANG.as_secs();

/// Polls `ready` until it gives a value; panics naming `what` after [`HANG`].
pub async fn wait_until<T>(what: &str, mut ready: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + HANG;
    loop {
        if let Some(v) = ready() {
            return v;
        }
        assert!(Instant::now() < deadline, "waited {HANG:?} for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits for a line of the bot's log holding every one of `parts`.
pub async fn wait_for_log(log: &Path, parts: &[&str]) {
    wait_until(&format!("a log line with {parts:?}"), || {
        let logs = std::fs::read_to_string(log).unwrap_or_default();
        logs.lines()
            .any(|l| parts.iter().all(|p| l.contains(p)))
            .then_some(())
    })
    .await;
}

pub fn text_of(v: &Value) -> String {
    v["text"].as_str().unwrap_or_default().to_string()
}
