//! Webhook mode end to end on 127.0.0.1: the real binary sets its webhook
//! on the test Bot API server, then answers updates POSTed to it as
//! Telegram would push them, refuses updates without the secret, survives
//! junk and oversized bodies, and leaves the webhook set when it stops (a
//! replica stopping must not cut off the others). Two replicas with one
//! token agree on the secret without being told it.

use std::path::Path;
use std::process::{Child, Command, Stdio};

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[path = "support/bot_api.rs"]
mod bot_api;

use bot_api::*;

/// A loopback port nothing listens on now (the bot binds it next).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A bot in webhook mode on `port`, over a copy of the seed article.
fn start_webhook_bot(api_url: &str, port: u16, dir: &Path, log: &str) -> Child {
    let knowledge = dir.join("knowledge");
    if !knowledge.exists() {
        std::fs::create_dir(&knowledge).unwrap();
        let seed = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("knowledge/japan-foreign-minister-visits-ukraine-north-korean-troops.txt");
        std::fs::copy(&seed, knowledge.join("seed.txt")).unwrap();
    }
    Command::new(env!("CARGO_BIN_EXE_articlebot"))
        .arg("telegram")
        .env("TELOXIDE_TOKEN", TOKEN)
        .env("TELOXIDE_API_URL", api_url)
        .env("ARTICLEBOT_KNOWLEDGE", &knowledge)
        .env("ARTICLEBOT_NO_CACHE", "true")
        .env(
            "ARTICLEBOT_WEBHOOK_URL",
            format!("http://127.0.0.1:{port}/telegram/updates"),
        )
        .env("ARTICLEBOT_WEBHOOK_LISTEN", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "trace")
        .env("NO_PROXY", "127.0.0.1")
        .env_remove("TELOXIDE_PROXY")
        .env_remove("ARTICLEBOT_WEBHOOK_SECRET")
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.join(log)).unwrap())
        .spawn()
        .unwrap()
}

/// A private message from [`OWNER`], as Telegram pushes it.
fn update(id: i64, text: &str) -> String {
    json!({"update_id": id, "message": {
        "message_id": id, "date": 1_700_000_000, "text": text,
        "chat": {"id": OWNER, "type": "private", "first_name": "Ann"},
        "from": {"id": OWNER, "is_bot": false, "first_name": "Ann"}
    }})
    .to_string()
}

/// POSTs `body` to the bot's webhook with `secret` (none: no header) and
/// returns the HTTP status, or 0 when the connection broke off.
async fn post(port: u16, secret: Option<&str>, body: &[u8]) -> u16 {
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let secret = secret
        .map(|s| format!("X-Telegram-Bot-Api-Secret-Token: {s}\r\n"))
        .unwrap_or_default();
    let head = format!(
        "POST /telegram/updates HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n{secret}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    // A server refusing a large body may close before reading it all.
    let _ = stream.write_all(body).await;
    let mut reply = Vec::new();
    let _ = tokio::time::timeout(HANG, stream.read_to_end(&mut reply)).await;
    let reply = String::from_utf8_lossy(&reply);
    reply
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0)
}

/// The setWebhook call the bot made after `mark`, once it has.
async fn webhook_set(api: &Api, mark: usize) -> Value {
    wait_until("setWebhook", || {
        api.calls()[mark..]
            .iter()
            .find(|c| c.method == "setWebhook")
            .map(|c| c.body.clone())
    })
    .await
}

/// The replies to [`OWNER`] after `mark` once there are `n`.
async fn replies(api: &Api, mark: usize, n: usize) -> Vec<String> {
    wait_until(&format!("{n} replies"), || {
        let sent = api.sent(mark, OWNER);
        (sent.len() >= n).then(|| sent.iter().map(text_of).collect())
    })
    .await
}

/// Sends SIGTERM and waits for the exit.
async fn stop(mut bot: Child) -> std::process::ExitStatus {
    Command::new("kill")
        .args(["-TERM", &bot.id().to_string()])
        .status()
        .unwrap();
    wait_until("the bot to stop", || bot.try_wait().unwrap()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pushed_updates_are_answered_and_forged_or_junk_ones_are_not() {
    let (api, url) = Api::start().await;
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let bot = start_webhook_bot(&url, port, dir.path(), "bot.log");

    let set = webhook_set(&api, 0).await;
    assert_eq!(
        set["url"],
        format!("http://127.0.0.1:{port}/telegram/updates")
    );
    let secret = set["secret_token"]
        .as_str()
        .expect("a secret is always set")
        .to_string();
    assert!(secret.len() >= 32, "a guessable secret: {secret}");

    let mark = api.mark();
    let ok = post(
        port,
        Some(&secret),
        update(1, "Who is Japan's foreign minister?").as_bytes(),
    )
    .await;
    assert_eq!(ok, 200);
    let first = replies(&api, mark, 1).await;
    assert!(first[0].contains("Iwaya"), "{first:?}");

    // Without the secret, or with another, nothing reaches the bot.
    assert_eq!(post(port, None, update(2, "/help").as_bytes()).await, 401);
    assert_eq!(
        post(port, Some("not-the-secret"), update(3, "/help").as_bytes()).await,
        401
    );
    // Junk and an oversized body (beyond any update Telegram sends) are
    // turned away without harm.
    post(port, Some(&secret), b"{ this is not an update").await;
    let huge = vec![b'x'; 3 << 20];
    assert_ne!(post(port, Some(&secret), &huge).await, 200);

    // Still answering, and only what carried the secret was answered.
    let mark = api.mark();
    assert_eq!(
        post(
            port,
            Some(&secret),
            update(4, "How many troops were sent to Russia?").as_bytes()
        )
        .await,
        200
    );
    let second = replies(&api, mark, 1).await;
    assert!(second[0].contains("12,000"), "{second:?}");
    assert_eq!(
        api.sent(0, OWNER).len(),
        2,
        "the refused /help got no reply"
    );
    assert!(
        api.calls().iter().all(|c| c.method != "getUpdates"),
        "a webhook bot must not poll"
    );

    let status = stop(bot).await;
    assert!(status.success(), "exit status {status}");
    assert!(
        api.calls().iter().all(|c| c.method != "deleteWebhook"),
        "a stopping replica must leave the webhook to the others"
    );
    let logs = std::fs::read_to_string(dir.path().join("bot.log")).unwrap();
    assert!(
        !logs.contains(TOKEN.split_once(':').unwrap().1),
        "token leaked"
    );
    assert!(!logs.contains(&secret), "webhook secret leaked");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replicas_with_one_token_agree_on_the_secret() {
    let (api, url) = Api::start().await;
    let dir = tempfile::tempdir().unwrap();
    let (port_a, port_b) = (free_port(), free_port());
    let a = start_webhook_bot(&url, port_a, dir.path(), "a.log");
    let set_a = webhook_set(&api, 0).await;
    let mark = api.mark();
    let b = start_webhook_bot(&url, port_b, dir.path(), "b.log");
    let set_b = webhook_set(&api, mark).await;
    assert_eq!(set_a["secret_token"], set_b["secret_token"]);
    let secret = set_a["secret_token"].as_str().unwrap().to_string();

    // A load balancer may hand either replica any update.
    let mark = api.mark();
    for (id, port) in [(10, port_a), (11, port_b)] {
        let question = update(id, "Who is Japan's foreign minister?");
        assert_eq!(post(port, Some(&secret), question.as_bytes()).await, 200);
    }
    let answers = replies(&api, mark, 2).await;
    assert!(answers.iter().all(|a| a.contains("Iwaya")), "{answers:?}");

    for bot in [a, b] {
        let status = stop(bot).await;
        assert!(status.success(), "exit status {status}");
    }
}
