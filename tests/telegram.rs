//! The real binary against a Bot API server written for this test, on
//! 127.0.0.1: what a Telegram user would see for commands, questions, the
//! "More" button, groups, non-text messages, the allowlist, long replies,
//! a new article picked up live, a 429 with retry_after, and a clean
//! SIGTERM — with the token never in the logs.

use std::collections::VecDeque;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::post;
use serde_json::{Value, json};
use tokio::sync::Notify;

const TOKEN: &str = "4242424242:AAFakeTokenForTestsOnly_abcdefghijkl";
const BOT_ID: i64 = 4242424242;
const BOT_NAME: &str = "article_test_bot";
const OWNER: i64 = 1001;
const GROUP: i64 = -7007;
const STRANGER: i64 = 3003;
/// A second private chat, so no chat exceeds Telegram's 20 messages a minute.
const OTHER: i64 = 1002;

/// One Bot API call the bot made.
#[derive(Debug, Clone)]
struct Call {
    method: String,
    body: Value,
    at: Instant,
}

#[derive(Default)]
struct Inner {
    updates: VecDeque<Value>,
    next_update: i64,
    next_message: i64,
    calls: Vec<Call>,
    /// Answer the next sendMessage with a 429 and this retry_after.
    throttle_next_send: Option<u64>,
    rejected_at: Option<Instant>,
    /// Answer this many getUpdates with HTTP 500.
    fail_get_updates: usize,
    /// Then answer one getUpdates with a body that is not JSON.
    malformed_get_updates: bool,
    /// Answer sendMessage this late.
    send_delay: Duration,
}

#[derive(Clone, Default)]
struct Api {
    inner: Arc<Mutex<Inner>>,
    new_update: Arc<Notify>,
    /// Tells the running server to stop (for restart tests).
    shutdown: Arc<Notify>,
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn chat_json(id: i64) -> Value {
    if id < 0 {
        json!({"id": id, "type": "group", "title": "News fans"})
    } else {
        json!({"id": id, "type": "private", "first_name": "Ann", "username": "ann"})
    }
}

fn bot_user() -> Value {
    json!({"id": BOT_ID, "is_bot": true, "first_name": "Article Bot", "username": BOT_NAME})
}

fn ok(result: Value) -> axum::response::Response {
    axum::Json(json!({"ok": true, "result": result})).into_response()
}

async fn handle(
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
    let body: Value = serde_json::from_slice(&body).unwrap_or(json!({}));
    // Telegram matches method names without regard to case; teloxide sends "GetMe".
    let mut method = method.to_string();
    if let Some(first) = method.get(..1) {
        method = first.to_ascii_lowercase() + &method[1..];
    }
    // This call's place in the record: other calls (long polls) arrive
    // while a send waits, so the last entry need not be this one.
    let this_call = {
        let mut inner = api.inner.lock().unwrap();
        inner.calls.push(Call {
            method: method.clone(),
            body: body.clone(),
            at: Instant::now(),
        });
        inner.calls.len() - 1
    };
    match method.as_str() {
        "getMe" => ok(json!({
            "id": BOT_ID, "is_bot": true, "first_name": "Article Bot", "username": BOT_NAME,
            "can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": false,
            "can_connect_to_business": false, "has_main_web_app": false
        })),
        "getWebhookInfo" => ok(json!({"url": "", "has_custom_certificate": false, "pending_update_count": 0})),
        "deleteWebhook" | "setMyCommands" | "sendChatAction" | "answerCallbackQuery" => ok(json!(true)),
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
            let id = if method == "sendMessage" {
                inner.next_message += 1;
                inner.next_message + 1000
            } else {
                body["message_id"].as_i64().unwrap_or(0)
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

impl Api {
    async fn start() -> (Api, String) {
        let api = Api::default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        api.serve(listener);
        (api, url)
    }

    fn serve(&self, listener: tokio::net::TcpListener) {
        let app = Router::new()
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
    async fn restart(&self, url: &str, down: Duration) {
        let addr = url.trim_start_matches("http://").to_string();
        self.shutdown.notify_waiters();
        // End the long poll in flight so the graceful stop does not wait for it.
        self.new_update.notify_waiters();
        tokio::time::sleep(down).await;
        let listener = tokio::net::TcpListener::bind(&addr).await.unwrap();
        self.serve(listener);
    }

    fn push(&self, kind: &str, payload: Value) {
        let mut inner = self.inner.lock().unwrap();
        inner.next_update += 1;
        let id = inner.next_update;
        inner
            .updates
            .push_back(json!({"update_id": id, kind: payload}));
        drop(inner);
        self.new_update.notify_waiters();
    }

    fn message(&self, chat: i64, text: &str, extra: Value) -> i64 {
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

    fn calls(&self) -> Vec<Call> {
        self.inner.lock().unwrap().calls.clone()
    }

    fn mark(&self) -> usize {
        self.inner.lock().unwrap().calls.len()
    }

    /// Calls of `method` to `chat` after `mark`, waiting up to `secs` for at least `n`.
    async fn wait(&self, mark: usize, method: &str, chat: i64, n: usize, secs: u64) -> Vec<Value> {
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
}

fn start_bot_with(url: &str, knowledge: &Path, log: &Path, env: &[(&str, &str)]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_articlebot"))
        .arg("telegram")
        .env("TELOXIDE_TOKEN", TOKEN)
        .env("TELOXIDE_API_URL", url)
        .env("ARTICLEBOT_KNOWLEDGE", knowledge)
        .env(
            "ARTICLEBOT_ALLOWED_CHATS",
            format!("{OWNER},{OTHER},{GROUP}"),
        )
        .env("RUST_LOG", "trace")
        .env("NO_PROXY", "127.0.0.1")
        .env_remove("TELOXIDE_PROXY")
        .envs(env.iter().copied())
        .current_dir(knowledge)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(log).unwrap())
        .spawn()
        .unwrap()
}

fn text_of(v: &Value) -> String {
    v["text"].as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn telegram_end_to_end() {
    // The walk-through sends more than the default per-user limit allows;
    // the limit has its own test.
    let (api, _url, mut bot, dir) = running_bot_at(&[("ARTICLEBOT_RATE_LIMIT", "0")]).await;
    let kdir = dir.path().join("knowledge");
    let log = dir.path().join("bot.log");
    // Start-up: getMe, the command menu, then polling.
    let commands = api
        .calls()
        .into_iter()
        .find(|c| c.method == "setMyCommands")
        .expect("setMyCommands at start");
    let names: Vec<&str> = commands.body["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["command"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["start", "help", "articles", "about"]);

    // Commands.
    let m = api.mark();
    api.message(OWNER, "/start", json!({}));
    let r = api.wait(m, "sendMessage", OWNER, 1, 10).await;
    assert!(text_of(&r[0]).contains("1 news article"), "{r:?}");
    assert!(text_of(&r[0]).contains("Japan’s foreign minister visits Ukraine"));
    let m = api.mark();
    api.message(OWNER, "/help", json!({}));
    let r = api.wait(m, "sendMessage", OWNER, 1, 10).await;
    assert!(text_of(&r[0]).contains("/articles"), "{r:?}");
    let m = api.mark();
    api.message(OWNER, "/articles", json!({}));
    let r = api.wait(m, "sendMessage", OWNER, 1, 10).await;
    assert!(
        text_of(&r[0]).contains("1. Japan’s foreign minister visits Ukraine"),
        "{r:?}"
    );

    // A question: the sentence, the phrase in bold, the source, a More button.
    let m = api.mark();
    api.message(OWNER, "Who is Japan's foreign minister?", json!({}));
    let r = api.wait(m, "sendMessage", OWNER, 1, 10).await;
    let first = &r[0];
    assert_eq!(first["parse_mode"], "HTML");
    let t = text_of(first);
    assert!(t.contains("<b>Takeshi Iwaya</b>"), "{t}");
    assert!(
        t.contains("— <i>Japan’s foreign minister visits Ukraine"),
        "{t}"
    );
    let button = &first["reply_markup"]["inline_keyboard"][0][0];
    assert_eq!(button["text"], "More");

    // "More": the callback is answered and the message grows by the next sentence.
    let sent = api
        .calls()
        .into_iter()
        .rev()
        .find(|c| c.method == "sendMessage" && c.body["chat_id"] == OWNER)
        .unwrap();
    let message_id = 1000 + api.inner.lock().unwrap().next_message; // id given to the last bot message
    let _ = sent;
    let m = api.mark();
    api.push("callback_query", json!({
        "id": "cb-1", "from": {"id": OWNER, "is_bot": false, "first_name": "Ann"}, "chat_instance": "ci-1",
        "data": button["callback_data"],
        "message": {"message_id": message_id, "date": now(), "chat": chat_json(OWNER), "from": bot_user(), "text": "x"}
    }));
    let edits = api.wait(m, "editMessageText", OWNER, 1, 10).await;
    assert!(
        api.calls()[m..]
            .iter()
            .any(|c| c.method == "answerCallbackQuery" && c.body["callback_query_id"] == "cb-1")
    );
    let grown = text_of(&edits[0]);
    assert!(
        grown.starts_with(&t) && grown.len() > t.len() + 20,
        "{grown}"
    );
    assert_eq!(edits[0]["message_id"], message_id);

    // An expired button (another run's) is answered politely.
    let m = api.mark();
    api.push("callback_query", json!({
        "id": "cb-old", "from": {"id": OWNER, "is_bot": false, "first_name": "Ann"}, "chat_instance": "ci-1", "data": "more:1:1",
        "message": {"message_id": message_id, "date": now(), "chat": chat_json(OWNER), "from": bot_user(), "text": "x"}
    }));
    tokio::time::sleep(Duration::from_secs(1)).await;
    let answered = api.calls()[m..]
        .iter()
        .find(|c| c.method == "answerCallbackQuery")
        .cloned()
        .expect("expired callback answered");
    assert!(answered.body["text"].as_str().unwrap().contains("expired"));

    // Groups: silence unless addressed; mentions stripped; /cmd@bot answered.
    let m = api.mark();
    api.message(GROUP, "hello everyone, nice weather", json!({}));
    api.message(GROUP, "/help@some_other_bot", json!({}));
    api.message(
        GROUP,
        &format!("@{BOT_NAME} where did the foreign minister arrive?"),
        json!({}),
    );
    let r = api.wait(m, "sendMessage", GROUP, 1, 10).await;
    assert_eq!(r.len(), 1, "only the mention is answered: {r:?}");
    assert!(text_of(&r[0]).contains("<b>Kyiv</b>"), "{r:?}");
    let m = api.mark();
    api.message(GROUP, &format!("/help@{BOT_NAME}"), json!({}));
    let r = api.wait(m, "sendMessage", GROUP, 1, 10).await;
    assert!(text_of(&r[0]).contains("/articles"));
    let m = api.mark();
    let bot_msg = json!({"message_id": 1, "date": now(), "chat": chat_json(GROUP), "from": bot_user(), "text": "earlier answer"});
    api.message(
        GROUP,
        "and when did he arrive?",
        json!({"reply_to_message": bot_msg}),
    );
    let r = api.wait(m, "sendMessage", GROUP, 1, 10).await;
    assert!(
        text_of(&r[0]).contains("<b>Saturday</b>"),
        "a reply to the bot is a question: {r:?}"
    );

    // A photo is not text.
    let m = api.mark();
    api.message(
        OWNER,
        "",
        json!({"photo": [{"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}]}),
    );
    let r = api.wait(m, "sendMessage", OWNER, 1, 10).await;
    assert!(text_of(&r[0]).contains("as text"), "{r:?}");

    // Odd and hostile messages: each gets one short, safe reply; nothing echoed unescaped.
    let long = "why ".repeat(1024);
    let odd = [
        "   ",
        "🙂🙂🙂",
        long.as_str(),
        "<b>who</b> is <script>alert(1)</script> the minister?",
        "**who** is _the_ [minister](http://x)?",
        "\u{202E}\u{200B}who is the minister\u{0007}?",
        "Кто министр иностранных дел Японии?",
        "/articles ../../etc/passwd",
        "/<script>alert(1)</script>",
        "/start extra arguments here",
    ];
    for text in odd {
        let m = api.mark();
        api.message(OTHER, text, json!({}));
        let r = api.wait(m, "sendMessage", OTHER, 1, 10).await;
        assert_eq!(r.len(), 1, "one reply to {text:?}");
        let reply = text_of(&r[0]);
        assert!(reply.chars().count() <= 4096);
        assert!(
            !reply.contains("<script") && !reply.contains("etc/passwd"),
            "{reply}"
        );
        let stripped = ["<b>", "</b>", "<i>", "</i>", "</a>"]
            .iter()
            .fold(reply.clone(), |t, tag| t.replace(tag, ""));
        assert!(
            !stripped.replace("<a href=\"", "").contains('<'),
            "unescaped markup: {reply}"
        );
    }

    // The allowlist: one refusal, then silence.
    let m = api.mark();
    api.message(STRANGER, "Who is Japan's foreign minister?", json!({}));
    api.message(STRANGER, "Hello?", json!({}));
    tokio::time::sleep(Duration::from_secs(2)).await;
    let r = api.wait(m, "sendMessage", STRANGER, 1, 5).await;
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(text_of(&r[0]).contains("private"), "{r:?}");

    // A new article is picked up live.
    std::fs::write(kdir.join("volcano.txt"), "Volcano erupts near Grindavik\nsource: Test Wire\n\nThe Sundhnukur volcano erupted near Grindavik in Iceland on Tuesday, sending lava toward the town.").unwrap();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let m = api.mark();
        api.message(OWNER, "Which volcano erupted near Grindavik?", json!({}));
        let r = api.wait(m, "sendMessage", OWNER, 1, 10).await;
        if text_of(&r[0]).contains("Sundhnukur") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "new article not picked up: {r:?}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }

    // Replies over 4,096 characters are split: a page of long titles.
    for i in 0..20 {
        let title = format!(
            "Long headline number {i:02} {}",
            "about the harbour council budget debate and its consequences ".repeat(4)
        );
        std::fs::write(
            kdir.join(format!("long-{i:02}.txt")),
            format!("{title}\n\nThe council met on Monday {i}."),
        )
        .unwrap();
    }
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let m = api.mark();
        api.message(OWNER, "/articles", json!({}));
        let r = api.wait(m, "sendMessage", OWNER, 2, 5).await;
        if r.len() >= 2 {
            for part in &r {
                assert!(text_of(part).chars().count() <= 4096);
            }
            assert!(
                text_of(&r[0]).starts_with("I know 22 article(s)"),
                "{}",
                text_of(&r[0])
            );
            break;
        }
        assert!(Instant::now() < deadline, "no split reply: {r:?}");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }

    // A 429 with retry_after is honoured. First let every earlier reply
    // land, so the 429 meets this question's reply and no other.
    let mut calls = api.mark();
    loop {
        tokio::time::sleep(Duration::from_millis(1000)).await;
        let now = api.mark();
        if now == calls {
            break;
        }
        calls = now;
    }
    api.inner.lock().unwrap().throttle_next_send = Some(2);
    let m = api.mark();
    api.message(OWNER, "How many North Korean troops were sent?", json!({}));
    // A call is recorded when it arrives and renamed when it is refused, so
    // wait for the refusal before looking for the accepted retry.
    let deadline = Instant::now() + Duration::from_secs(20);
    let rejected = loop {
        let seen = api.inner.lock().unwrap().rejected_at;
        if let Some(at) = seen {
            break at;
        }
        assert!(Instant::now() < deadline, "the 429 was served");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let r = api.wait(m, "sendMessage", OWNER, 1, 20).await;
    assert!(text_of(&r[0]).contains("<b>up to 12,000</b>"), "{r:?}");
    let accepted = api.calls()[m..]
        .iter()
        .find(|c| c.method == "sendMessage" && c.body["chat_id"] == OWNER)
        .unwrap()
        .at;
    assert!(
        accepted.duration_since(rejected) >= Duration::from_millis(1900),
        "retried after {:?}",
        accepted.duration_since(rejected)
    );

    // SIGTERM: a clean exit.
    Command::new("kill")
        .args(["-TERM", &bot.id().to_string()])
        .status()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(s) = bot.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "bot did not stop on SIGTERM");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(status.success(), "exit status {status}");

    // The token never reached the logs, even at debug level.
    let logs = std::fs::read_to_string(&log).unwrap();
    assert!(
        logs.contains("question"),
        "the log has the per-question line"
    );
    assert!(
        !logs.contains(TOKEN) && !logs.contains(TOKEN.split_once(':').unwrap().1),
        "token leaked into logs"
    );
    let info_lines: Vec<&str> = logs.lines().filter(|l| l.contains("INFO")).collect();
    assert!(
        info_lines.iter().all(|l| !l.contains("foreign minister")),
        "no message text at info level"
    );
}

#[test]
fn no_token_gives_botfather_instructions() {
    let out = Command::new(env!("CARGO_BIN_EXE_articlebot"))
        .arg("telegram")
        .env_remove("TELOXIDE_TOKEN")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("@BotFather") && err.contains("TELOXIDE_TOKEN"),
        "{err}"
    );
}

/// Starts the bot on a fresh copy of the seed article and waits for polling.
async fn running_bot(env: &[(&str, &str)]) -> (Api, Child, tempfile::TempDir) {
    let (api, _url, bot, dir) = running_bot_at(env).await;
    (api, bot, dir)
}

async fn running_bot_at(env: &[(&str, &str)]) -> (Api, String, Child, tempfile::TempDir) {
    let (api, url) = Api::start().await;
    let dir = tempfile::tempdir().unwrap();
    let kdir = dir.path().join("knowledge");
    std::fs::create_dir(&kdir).unwrap();
    let seed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("knowledge/japan-foreign-minister-visits-ukraine-north-korean-troops.txt");
    std::fs::copy(&seed, kdir.join("seed.txt")).unwrap();
    let bot = start_bot_with(&url, &kdir, &dir.path().join("bot.log"), env);
    let deadline = Instant::now() + Duration::from_secs(30);
    while !api.calls().iter().any(|c| c.method == "getUpdates") {
        assert!(Instant::now() < deadline, "bot never polled");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (api, url, bot, dir)
}

fn stop(mut bot: Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &bot.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(20);
    while bot.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = bot.kill();
            panic!("bot did not stop");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn survives_api_faults_and_answers_each_update_once() {
    let (api, url, bot, _dir) = running_bot_at(&[]).await;
    // The server restarts: port closed and connections dropped for 3 s, and
    // a question waits in its queue meanwhile.
    let m = api.mark();
    api.restart(&url, Duration::from_secs(3)).await;
    api.message(
        OWNER,
        "When did the foreign minister arrive in Kyiv?",
        json!({}),
    );
    let r = api.wait(m, "sendMessage", OWNER, 1, 60).await;
    assert!(
        r.iter().any(|x| text_of(x).contains("<b>Saturday</b>")),
        "answered after the restart: {r:?}"
    );

    // 500s, then a malformed body: the bot backs off, then recovers. The
    // long poll in flight is ended first, so the faults come before the question.
    {
        let mut inner = api.inner.lock().unwrap();
        inner.fail_get_updates = 2;
        inner.malformed_get_updates = true;
    }
    api.message(OWNER, "/about", json!({}));
    let m = api.mark();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = Instant::now();
    api.message(OWNER, "Who is Japan's foreign minister?", json!({}));
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut r = Vec::new();
    while Instant::now() < deadline && !r.iter().any(|x| text_of(x).contains("Takeshi")) {
        r = api.wait(m, "sendMessage", OWNER, 99, 0).await;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let recovered = started.elapsed();
    assert!(
        r.iter()
            .any(|x| text_of(x).contains("<b>Takeshi Iwaya</b>")),
        "answered after the outage: {r:?}"
    );
    let polls = api.calls()[m..]
        .iter()
        .filter(|c| c.method == "getUpdates" && c.at < started + recovered)
        .count();
    assert!(
        polls <= 8,
        "no busy loop during the outage: {polls} getUpdates in {recovered:?}"
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    let answers = api
        .wait(m, "sendMessage", OWNER, 99, 0)
        .await
        .into_iter()
        .filter(|x| text_of(x).contains("Takeshi Iwaya"))
        .count();
    assert_eq!(answers, 1, "answered exactly once");

    // A slow Bot API (3 s per send) still gets every answer, once.
    api.inner.lock().unwrap().send_delay = Duration::from_secs(3);
    let m = api.mark();
    api.message(OWNER, "How many North Korean troops were sent?", json!({}));
    let r = api.wait(m, "sendMessage", OWNER, 1, 20).await;
    assert!(text_of(&r[0]).contains("<b>up to 12,000</b>"), "{r:?}");
    api.inner.lock().unwrap().send_delay = Duration::ZERO;
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(
        api.wait(m, "sendMessage", OWNER, 9, 0).await.len(),
        1,
        "a slow send is not sent twice"
    );

    // The same message delivered twice (a replay) gets one answer.
    let m = api.mark();
    let id = api.message(OWNER, "Where did the foreign minister arrive?", json!({}));
    let replay = json!({"message_id": id, "date": now(), "chat": chat_json(OWNER), "from": {"id": OWNER, "is_bot": false, "first_name": "Ann"}, "text": "Where did the foreign minister arrive?"});
    api.push("message", replay);
    tokio::time::sleep(Duration::from_secs(3)).await;
    let r = api.wait(m, "sendMessage", OWNER, 1, 5).await;
    if r.len() != 1 {
        let log = std::fs::read_to_string(_dir.path().join("bot.log")).unwrap();
        eprintln!(
            "{}",
            log.lines()
                .filter(|l| !l.contains("TRACE"))
                .collect::<Vec<_>>()
                .join("\n")
        );
        eprintln!(
            "{:?}",
            api.calls()[m..]
                .iter()
                .map(|c| (
                    &c.method,
                    c.body.to_string().chars().take(150).collect::<String>()
                ))
                .collect::<Vec<_>>()
        );
    }
    assert_eq!(r.len(), 1, "one answer for a repeated update: {r:?}");
    stop(bot);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flooding_user_gets_one_slow_down_then_silence() {
    let (api, bot, _dir) = running_bot(&[
        ("ARTICLEBOT_RATE_LIMIT", "3/60"),
        ("ARTICLEBOT_RATE_COOLDOWN", "60"),
    ])
    .await;
    let m = api.mark();
    for i in 0..8 {
        api.message(
            OWNER,
            &format!("Who is Japan's foreign minister? ({i})"),
            json!({}),
        );
    }
    tokio::time::sleep(Duration::from_secs(7)).await;
    let r = api.wait(m, "sendMessage", OWNER, 5, 5).await;
    assert_eq!(r.len(), 4, "three answers and one warning: {r:?}");
    assert_eq!(
        r.iter()
            .filter(|m| text_of(m).contains("slow down"))
            .count(),
        1,
        "{r:?}"
    );
    stop(bot);
}

/// A quiet bot keeps its long poll open as long as Telegram holds it:
/// no timeouts, no errors, and the next question is answered at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_bot_polls_quietly_and_answers_at_once() {
    let (api, bot, dir) = running_bot(&[]).await;
    // Longer than teloxide's default 17 s request timeout, under which
    // every idle poll failed and backed off.
    tokio::time::sleep(Duration::from_secs(19)).await;
    let m = api.mark();
    api.message(OWNER, "Who is Japan's foreign minister?", json!({}));
    let r = api.wait(m, "sendMessage", OWNER, 1, 3).await;
    assert_eq!(r.len(), 1, "answered after the quiet time: {r:?}");
    stop(bot);
    let logs = std::fs::read_to_string(dir.path().join("bot.log")).unwrap();
    assert!(
        !logs.contains("ERROR") && !logs.contains("failed"),
        "an idle bot logs no failure:\n{logs}"
    );
}

/// A flood from one chat: the "slow down" does not queue behind the
/// flood's own answers (Throttle's 20 a minute per chat), and a stop
/// signal ends the bot within seconds though answers are still queued.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_gets_its_warning_at_once_and_shutdown_does_not_wait_for_it() {
    let (api, mut bot, dir) = running_bot(&[]).await;
    let m = api.mark();
    for i in 0..25 {
        api.message(
            OWNER,
            &format!("Who is Japan's foreign minister? ({i})"),
            json!({}),
        );
    }
    let deadline = Instant::now() + Duration::from_secs(15);
    let warned_at = loop {
        let sent = api.wait(m, "sendMessage", OWNER, 1, 0).await;
        if let Some(i) = sent.iter().position(|s| text_of(s).contains("slow down")) {
            break i;
        }
        assert!(Instant::now() < deadline, "no slow-down reply: {sent:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    // Telegram allows one message a second per chat: 20 answers take 19 s
    // or more, so the warning jumping the queue shows as fewer before it.
    assert!(
        warned_at < 10,
        "the warning came after {warned_at} answers, behind the queue"
    );
    let _ = Command::new("kill")
        .args(["-TERM", &bot.id().to_string()])
        .status();
    let stopped_by = Instant::now() + Duration::from_secs(8);
    while bot.try_wait().unwrap().is_none() {
        if Instant::now() > stopped_by {
            let _ = bot.kill();
            panic!("the bot did not stop within seconds of SIGTERM");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let logs = std::fs::read_to_string(dir.path().join("bot.log")).unwrap();
    assert!(
        logs.contains("still queued"),
        "says what it gave up:\n{logs}"
    );
}

/// User text in the log cannot forge a line or hide characters.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_text_cannot_forge_log_lines() {
    let (api, bot, dir) = running_bot(&[("RUST_LOG", "debug")]).await;
    let m = api.mark();
    api.message(
        OWNER,
        "Who is the minister?\n2026-12-01T00:00:00Z  INFO forged log line\u{0}\u{202E}",
        json!({}),
    );
    let r = api.wait(m, "sendMessage", OWNER, 1, 10).await;
    assert_eq!(r.len(), 1, "{r:?}");
    stop(bot);
    let logs = std::fs::read_to_string(dir.path().join("bot.log")).unwrap();
    assert!(
        logs.contains("forged log line"),
        "the question is logged at debug"
    );
    assert!(
        logs.lines().all(|l| !l.starts_with("2026-12-01T00:00:00Z")),
        "a forged line:\n{logs}"
    );
    assert!(
        !logs.contains('\u{0}') && !logs.contains('\u{202E}'),
        "{logs}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn burst_of_questions_from_many_chats_all_answered_in_order() {
    let (api, bot, dir) = running_bot(&[
        ("ARTICLEBOT_RATE_LIMIT", "0"),
        ("RUST_LOG", "info"),
        ("ARTICLEBOT_ALLOWED_CHATS", ""),
    ])
    .await;
    let questions = [
        "Who is Japan's foreign minister?",
        "Where did the foreign minister arrive?",
        "How many North Korean troops were sent?",
        "When did Ukraine launch a surprise push?",
    ];
    let expect = [
        "<b>Takeshi Iwaya</b>",
        "<b>Kyiv</b>",
        "<b>up to 12,000</b>",
        "<b>August 6</b>",
    ];
    let chats: Vec<i64> = (0..std::env::var("BURST_CHATS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50))
        .map(|c| 500_000 + c)
        .collect();
    let per_chat = std::env::var("BURST_PER_CHAT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let m = api.mark();
    let started = Instant::now();
    for round in 0..per_chat {
        for &chat in &chats {
            api.message(
                chat,
                &format!("{} #{round}", questions[round % questions.len()]),
                json!({}),
            );
        }
    }
    let deadline = Instant::now() + Duration::from_secs(150);
    loop {
        let sent = api.calls()[m..]
            .iter()
            .filter(|c| c.method == "sendMessage")
            .count();
        if sent >= chats.len() * per_chat || Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let elapsed = started.elapsed();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let calls = api.calls()[m..].to_vec();
    let sends: Vec<&Call> = calls.iter().filter(|c| c.method == "sendMessage").collect();
    if sends.len() != chats.len() * per_chat {
        let log = std::fs::read_to_string(dir.path().join("bot.log")).unwrap();
        eprintln!(
            "{}",
            log.lines()
                .filter(|l| !l.contains("DEBUG") && !l.contains("TRACE"))
                .take(60)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    assert_eq!(
        sends.len(),
        chats.len() * per_chat,
        "every question answered once, none lost"
    );
    for &chat in &chats {
        let texts: Vec<String> = sends
            .iter()
            .filter(|c| c.body["chat_id"] == chat)
            .map(|c| text_of(&c.body))
            .collect();
        assert_eq!(texts.len(), per_chat);
        for (i, t) in texts.iter().enumerate() {
            assert!(
                t.contains(expect[i % expect.len()]),
                "chat {chat} reply {i} out of order: {t}"
            );
        }
    }
    // Within Telegram's limits: about 30 messages a second overall on
    // average, and no chat flooded (Throttle paces each chat).
    let times: Vec<Instant> = sends.iter().map(|c| c.at).collect();
    let span = (*times.iter().max().unwrap() - *times.iter().min().unwrap()).as_secs_f64();
    let rate = times.len() as f64 / span.max(1.0);
    assert!(rate <= 32.0, "{rate:.1} messages a second on average");
    for &chat in &chats {
        let t: Vec<Instant> = sends
            .iter()
            .filter(|c| c.body["chat_id"] == chat)
            .map(|c| c.at)
            .collect();
        let busiest = t
            .iter()
            .map(|&a| {
                t.iter()
                    .filter(|&&u| u >= a && u < a + Duration::from_secs(1))
                    .count()
            })
            .max()
            .unwrap();
        assert!(
            busiest <= 2,
            "chat {chat} got {busiest} messages within one second"
        );
    }
    stop(bot);
    // The bot's own processing time per question, from its log.
    let log = std::fs::read_to_string(dir.path().join("bot.log")).unwrap();
    let mut lat: Vec<f64> = log
        .lines()
        .filter_map(|l| l.split("latency_ms").nth(1))
        .filter_map(|r| {
            r.trim_start_matches(|c: char| !c.is_ascii_digit())
                .split(|c: char| !(c.is_ascii_digit() || c == '.'))
                .next()
        })
        .filter_map(|v| v.parse().ok())
        .collect();
    lat.sort_by(f64::total_cmp);
    assert_eq!(
        lat.len(),
        chats.len() * per_chat,
        "one log line per question"
    );
    let p = |q: f64| lat[((lat.len() - 1) as f64 * q) as usize];
    eprintln!(
        "burst: {} questions from {} chats answered in {:.1} s (Telegram rate limits included); bot processing p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        lat.len(),
        chats.len(),
        elapsed.as_secs_f64(),
        p(0.5),
        p(0.99),
        lat[lat.len() - 1]
    );
}
