//! The real binary against a Bot API server written for this test, on
//! 127.0.0.1: what a Telegram user would see for commands, questions, the
//! "More" button, groups, non-text messages, the allowlist, long replies,
//! a new article picked up live, a 429 with retry_after, API faults, rate
//! limits, a burst of questions, and a clean SIGTERM — with the token never
//! in the logs. Each test runs its own bot and its own fake API.
//!
//! `ARTICLEBOT_FULL_BURST=1` runs the burst test at full size (1,000
//! questions from 50 chats, ~35 s at Telegram's 30 messages a second)
//! instead of the default 160 from 40 chats; `BURST_CHATS` and
//! `BURST_PER_CHAT` set either count outright.
//!
//! Waits are on conditions (a call reaching the fake API, a line in the
//! bot's log); their deadlines only bound a hang. Where a test proves that
//! something is *not* sent, it anchors on a later event instead of a pause:
//! replies to one chat go out in order, so once the reply to a later
//! message has arrived, anything owed to the earlier ones has too.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

#[path = "../support/bot_api.rs"]
mod bot_api;
#[path = "../support/web.rs"]
mod web;

use bot_api::*;

mod admin;
mod browsing;
mod chat;
mod resilience;

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

/// Starts the bot on a fresh copy of the seed article and waits for polling.
async fn running_bot(env: &[(&str, &str)]) -> (Api, Child, tempfile::TempDir) {
    let (api, _url, bot, dir) = running_bot_with_articles(env, &[]).await;
    (api, bot, dir)
}

/// As [`running_bot`], with the fake API's address (to restart it on).
async fn running_bot_at(env: &[(&str, &str)]) -> (Api, String, Child, tempfile::TempDir) {
    running_bot_with_articles(env, &[]).await
}

/// As [`running_bot`], with `articles` (file name, content) beside the seed.
async fn running_bot_with_articles(
    env: &[(&str, &str)],
    articles: &[(String, String)],
) -> (Api, String, Child, tempfile::TempDir) {
    let (api, url) = Api::start().await;
    let dir = tempfile::tempdir().unwrap();
    let kdir = dir.path().join("knowledge");
    std::fs::create_dir(&kdir).unwrap();
    let seed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("knowledge/japan-foreign-minister-visits-ukraine-north-korean-troops.txt");
    std::fs::copy(&seed, kdir.join("seed.txt")).unwrap();
    for (name, text) in articles {
        std::fs::write(kdir.join(name), text).unwrap();
    }
    let bot = start_bot_with(&url, &kdir, &dir.path().join("bot.log"), env);
    wait_until("the bot's first poll", || {
        api.calls()
            .iter()
            .any(|c| c.method == "getUpdates")
            .then_some(())
    })
    .await;
    (api, url, bot, dir)
}

/// Sends SIGTERM and waits for the bot to exit.
async fn stop(mut bot: Child) -> std::process::ExitStatus {
    Command::new("kill")
        .args(["-TERM", &bot.id().to_string()])
        .status()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = bot.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            let _ = bot.kill();
            panic!("bot did not stop on SIGTERM");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Stops the bot and checks what every run must leave behind: a clean
/// exit, and a log (at trace level unless the test chose less) with
/// neither the token nor, at info level, what users wrote. Returns the log.
async fn stop_cleanly(bot: Child, dir: &Path) -> String {
    let status = stop(bot).await;
    assert!(status.success(), "exit status {status}");
    let logs = std::fs::read_to_string(dir.join("bot.log")).unwrap();
    assert!(
        !logs.contains(TOKEN) && !logs.contains(TOKEN.split_once(':').unwrap().1),
        "token leaked into logs"
    );
    let info_lines: Vec<&str> = logs.lines().filter(|l| l.contains("INFO")).collect();
    assert!(
        info_lines.iter().all(|l| !l.contains("foreign minister")),
        "no message text at info level"
    );
    logs
}

/// Asks the seed question and returns the bot's reply and the message id
/// the fake API gave it.
async fn ask_the_minister(api: &Api) -> (Value, i64) {
    let m = api.mark();
    api.message(OWNER, "Who is Japan's foreign minister?", json!({}));
    let r = api.wait(m, "sendMessage", OWNER, 1, HANG_SECS).await;
    let message_id = api.calls()[m..]
        .iter()
        .find(|c| c.method == "sendMessage" && c.body["chat_id"] == OWNER)
        .and_then(|c| c.message_id)
        .expect("the reply was sent");
    (r[0].clone(), message_id)
}

fn press(api: &Api, id: &str, data: &Value, message_id: i64) {
    api.push("callback_query", json!({
        "id": id, "from": {"id": OWNER, "is_bot": false, "first_name": "Ann"}, "chat_instance": "ci-1",
        "data": data,
        "message": {"message_id": message_id, "date": now(), "chat": chat_json(OWNER), "from": bot_user(), "text": "x"}
    }));
}

// What the tests of several modules send and check: users, documents,
// the files a folder holds, an article to add, the admins.

fn user(id: i64) -> Value {
    json!({"id": id, "is_bot": false, "first_name": "Ann"})
}

impl Api {
    /// Sends `chat` a document named `name` from user `from`, stated to
    /// be `size` bytes (by getFile too). `bytes` of `None` announces a file
    /// that cannot be fetched.
    fn document(&self, chat: i64, from: i64, name: &str, bytes: Option<Vec<u8>>, size: usize) {
        let id = {
            let mut inner = self.inner.lock().unwrap();
            let id = format!("doc{}", inner.files.len() + 1);
            let true_size = bytes.as_ref().map(Vec::len);
            inner.files.insert(id.clone(), bytes);
            // A size that is not the bytes' own is what Telegram says of them.
            if true_size.is_some_and(|n| n != size) {
                inner.stated_sizes.insert(id.clone(), size);
            }
            id
        };
        self.message(
            chat,
            "",
            json!({"from": user(from), "document": {"file_id": id, "file_unique_id": format!("u-{id}"), "file_name": name, "file_size": size}}),
        );
    }

    /// Sends `text` to `chat` from `from` and returns the bot's reply.
    async fn say(&self, chat: i64, from: i64, text: &str, extra: Value) -> String {
        let m = self.mark();
        let mut extra = extra;
        extra["from"] = user(from);
        self.message(chat, text, extra);
        let r = self.wait(m, "sendMessage", chat, 1, HANG_SECS).await;
        assert!(!r.is_empty(), "no reply to {text:?}");
        text_of(&r[0])
    }

    /// Sends a document and returns the bot's reply.
    async fn send_document(&self, name: &str, bytes: Option<Vec<u8>>, size: usize) -> String {
        let m = self.mark();
        self.document(OWNER, OWNER, name, bytes, size);
        let r = self.wait(m, "sendMessage", OWNER, 1, HANG_SECS).await;
        assert!(!r.is_empty(), "no reply to the document {name}");
        text_of(&r[0])
    }
}

/// Every file under `dir`, relative, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    out.sort();
    out
}

const VOLCANO: &str = "Volcano erupts near Grindavik\nsource: Test Wire\n\nThe Sundhnukur volcano erupted near Grindavik in Iceland on Tuesday, sending lava toward the town.";
const ADMINS: (&str, &str) = ("ARTICLEBOT_ADMINS", "1001");
