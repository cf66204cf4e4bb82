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

#[path = "support/bot_api.rs"]
mod bot_api;
#[path = "support/web.rs"]
mod web;

use bot_api::*;

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_up_sets_the_command_menu() {
    // The helper returns once the bot polls, which it does after getMe and
    // the command menu.
    let (api, bot, dir) = running_bot(&[]).await;
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
    assert_eq!(
        names,
        vec!["start", "help", "articles", "latest", "summary", "about"]
    );
    stop_cleanly(bot, dir.path()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_help_articles_and_about_commands_reply() {
    let (api, bot, dir) = running_bot(&[]).await;
    let m = api.mark();
    for command in ["/start", "/help", "/articles", "/about"] {
        api.message(OWNER, command, json!({}));
    }
    // Replies to one chat keep the order of the messages.
    let r = api.wait(m, "sendMessage", OWNER, 4, HANG_SECS).await;
    assert_eq!(r.len(), 4, "{r:?}");
    assert!(text_of(&r[0]).contains("1 news article"), "{r:?}");
    assert!(text_of(&r[0]).contains("Japan’s foreign minister visits Ukraine"));
    assert!(text_of(&r[1]).contains("/articles"), "{r:?}");
    assert!(
        text_of(&r[2]).contains("1. Japan’s foreign minister visits Ukraine"),
        "{r:?}"
    );
    assert!(
        text_of(&r[3]).starts_with(&format!("articlebot {}", env!("CARGO_PKG_VERSION"))),
        "{r:?}"
    );
    stop_cleanly(bot, dir.path()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_speaks_each_users_language() {
    let (api, bot, dir) = running_bot(&[]).await;
    let menu_ru = api
        .calls()
        .into_iter()
        .find(|c| c.method == "setMyCommands" && c.body["language_code"] == "ru")
        .expect("a Russian command menu at start");
    assert_eq!(
        menu_ru.body["commands"][0]["description"],
        "Что я знаю и как спрашивать"
    );
    let speaking = |code: &str| json!({"from": {"id": OWNER, "is_bot": false, "first_name": "Ann", "language_code": code}});
    let m = api.mark();
    api.message(OWNER, "/start", speaking("ru"));
    api.message(OWNER, "What is the capital of France?", speaking("de"));
    api.message(OWNER, "What is the capital of France?", speaking("pt-br"));
    let r = api.wait(m, "sendMessage", OWNER, 3, HANG_SECS).await;
    assert_eq!(r.len(), 3, "{r:?}");
    assert!(text_of(&r[0]).starts_with("Здравствуйте!"), "{r:?}");
    assert!(
        text_of(&r[1]).starts_with("Das weiß ich leider nicht"),
        "{r:?}"
    );
    assert!(text_of(&r[2]).starts_with("Sorry, I don't know"), "{r:?}");
    // The "More" button is labelled in the asker's language.
    let m = api.mark();
    api.message(OWNER, "Who is Japan's foreign minister?", speaking("uk"));
    let r = api.wait(m, "sendMessage", OWNER, 1, HANG_SECS).await;
    assert_eq!(
        r[0]["reply_markup"]["inline_keyboard"][0][0]["text"], "Ще",
        "{r:?}"
    );
    stop_cleanly(bot, dir.path()).await;
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_question_gets_its_sentence_in_bold_and_more_adds_the_next() {
    let (api, bot, dir) = running_bot(&[]).await;
    // The sentence, the phrase in bold, the source, a More button.
    let (first, message_id) = ask_the_minister(&api).await;
    assert_eq!(first["parse_mode"], "HTML");
    let t = text_of(&first);
    assert!(t.contains("<b>Takeshi Iwaya</b>"), "{t}");
    assert!(
        t.contains("— <i>Japan’s foreign minister visits Ukraine"),
        "{t}"
    );
    let button = &first["reply_markup"]["inline_keyboard"][0][0];
    assert_eq!(button["text"], "More");

    // "More": the callback is answered and the message grows by the next sentence.
    let m = api.mark();
    press(&api, "cb-1", &button["callback_data"], message_id);
    let edits = api.wait(m, "editMessageText", OWNER, 1, HANG_SECS).await;
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

    // A typed /more goes on from the page the button reached, as a new
    // message: a sentence shown in neither before.
    let m = api.mark();
    api.message(OWNER, "/more", json!({}));
    let more = api.wait(m, "sendMessage", OWNER, 1, HANG_SECS).await;
    let next = text_of(&more[0]);
    let sentence = next.split('\n').next().unwrap_or_default();
    assert!(
        sentence.len() > 20 && !grown.contains(sentence),
        "{next}\n---\n{grown}"
    );
    stop_cleanly(bot, dir.path()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_more_button_from_an_earlier_run_has_expired() {
    let (api, bot, dir) = running_bot(&[]).await;
    let (first, message_id) = ask_the_minister(&api).await;
    // This run's button with an earlier run's number: the question it
    // names exists here, so only the run can make it expired.
    let data = first["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        .as_str()
        .expect("a More button")
        .to_string();
    let [more, run, key] = data.split(':').collect::<Vec<_>>()[..] else {
        panic!("callback data {data:?}");
    };
    let earlier = format!("{more}:{}:{key}", run.parse::<u32>().unwrap() - 1);
    let m = api.mark();
    press(&api, "cb-old", &json!(earlier), message_id);
    let answered = wait_until("the expired button's answer", || {
        api.calls()[m..]
            .iter()
            .find(|c| c.method == "answerCallbackQuery")
            .cloned()
    })
    .await;
    assert_eq!(answered.body["callback_query_id"], "cb-old");
    assert!(answered.body["text"].as_str().unwrap().contains("expired"));
    stop_cleanly(bot, dir.path()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn groups_get_answers_to_mentions_commands_and_replies_and_chatter_is_ignored() {
    let (api, bot, dir) = running_bot(&[]).await;
    // Silence unless addressed; mentions stripped. The chatter comes first,
    // so a reply to it would be the first one seen.
    let m = api.mark();
    api.message(GROUP, "hello everyone, nice weather", json!({}));
    api.message(GROUP, "/help@some_other_bot", json!({}));
    api.message(
        GROUP,
        &format!("@{BOT_NAME} where did the foreign minister arrive?"),
        json!({}),
    );
    let r = api.wait(m, "sendMessage", GROUP, 1, HANG_SECS).await;
    assert_eq!(r.len(), 1, "only the mention is answered: {r:?}");
    assert!(text_of(&r[0]).contains("<b>Kyiv</b>"), "{r:?}");
    // /cmd@bot is answered.
    let m = api.mark();
    api.message(GROUP, &format!("/help@{BOT_NAME}"), json!({}));
    let r = api.wait(m, "sendMessage", GROUP, 1, HANG_SECS).await;
    assert!(text_of(&r[0]).contains("/articles"));
    // A reply to the bot is a question.
    let m = api.mark();
    let bot_msg = json!({"message_id": 1, "date": now(), "chat": chat_json(GROUP), "from": bot_user(), "text": "earlier answer"});
    api.message(
        GROUP,
        "and when did he arrive?",
        json!({"reply_to_message": bot_msg}),
    );
    let r = api.wait(m, "sendMessage", GROUP, 1, HANG_SECS).await;
    assert!(
        text_of(&r[0]).contains("<b>Saturday</b>"),
        "a reply to the bot is a question: {r:?}"
    );
    stop_cleanly(bot, dir.path()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_and_odd_or_hostile_text_each_get_one_short_safe_reply() {
    // Each message in a chat of its own, so Telegram's one message a
    // second per chat does not pace them.
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
    let photo_chat = 2000;
    let chat_of = |i: usize| 2001 + i as i64;
    let allowed = std::iter::once(photo_chat)
        .chain((0..odd.len()).map(chat_of))
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let (api, bot, dir) = running_bot(&[("ARTICLEBOT_ALLOWED_CHATS", &allowed)]).await;
    let m = api.mark();
    // A photo is not text.
    api.message(
        photo_chat,
        "",
        json!({"photo": [{"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}]}),
    );
    for (i, text) in odd.iter().enumerate() {
        api.message(chat_of(i), text, json!({}));
    }
    let r = api.sent_before_anchor(m, photo_chat, photo_chat).await;
    assert_eq!(r.len(), 1, "one reply to a photo: {r:?}");
    assert!(text_of(&r[0]).contains("as text"), "{r:?}");
    // Nothing echoed unescaped.
    for (i, text) in odd.iter().enumerate() {
        let r = api.sent_before_anchor(m, chat_of(i), chat_of(i)).await;
        assert_eq!(r.len(), 1, "one reply to {text:?}: {r:?}");
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
    stop_cleanly(bot, dir.path()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chat_outside_the_allowlist_gets_one_refusal_then_silence() {
    let (api, bot, dir) = running_bot(&[]).await;
    let m = api.mark();
    api.message(STRANGER, "Who is Japan's foreign minister?", json!({}));
    api.message(STRANGER, "Hello?", json!({}));
    api.wait(m, "sendMessage", STRANGER, 1, HANG_SECS).await;
    // A refused chat gets nothing to anchor on; a stopping bot handles
    // every update it has taken, so after it exits the record is complete.
    api.wait_taken().await;
    stop_cleanly(bot, dir.path()).await;
    let r = api.sent(m, STRANGER);
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(text_of(&r[0]).contains("private"), "{r:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_article_is_answered_without_a_restart() {
    let (api, bot, dir) = running_bot(&[]).await;
    std::fs::write(dir.path().join("knowledge/volcano.txt"), "Volcano erupts near Grindavik\nsource: Test Wire\n\nThe Sundhnukur volcano erupted near Grindavik in Iceland on Tuesday, sending lava toward the town.").unwrap();
    wait_for_log(
        &dir.path().join("bot.log"),
        &["knowledge reloaded", "articles=2"],
    )
    .await;
    let m = api.mark();
    api.message(OWNER, "Which volcano erupted near Grindavik?", json!({}));
    let r = api.wait(m, "sendMessage", OWNER, 1, HANG_SECS).await;
    assert!(
        text_of(&r[0]).contains("Sundhnukur"),
        "new article not picked up: {r:?}"
    );
    stop_cleanly(bot, dir.path()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_over_4096_characters_is_split() {
    // A page of long titles.
    let articles: Vec<(String, String)> = (0..20)
        .map(|i| {
            let title = format!(
                "Long headline number {i:02} {}",
                "about the harbour council budget debate and its consequences ".repeat(4)
            );
            (
                format!("long-{i:02}.txt"),
                format!("{title}\n\nThe council met on Monday {i}."),
            )
        })
        .collect();
    let (api, _url, bot, dir) = running_bot_with_articles(&[], &articles).await;
    let m = api.mark();
    api.message(OWNER, "/articles", json!({}));
    let r = api.wait(m, "sendMessage", OWNER, 2, HANG_SECS).await;
    assert!(r.len() >= 2, "no split reply: {r:?}");
    for part in &r {
        assert!(text_of(part).chars().count() <= 4096);
    }
    assert!(
        text_of(&r[0]).starts_with("I know 21 article(s)"),
        "{}",
        text_of(&r[0])
    );
    stop_cleanly(bot, dir.path()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_is_retried_after_its_retry_after() {
    let (api, bot, dir) = running_bot(&[]).await;
    // A fresh bot has sent no message, so the 429 meets this question's
    // reply and no other.
    api.inner.lock().unwrap().throttle_next_send = Some(2);
    let m = api.mark();
    api.message(OWNER, "How many North Korean troops were sent?", json!({}));
    // A call is recorded when it arrives and renamed when it is refused, so
    // wait for the refusal before looking for the accepted retry.
    let rejected = wait_until("the 429 to be served", || {
        api.inner.lock().unwrap().rejected_at
    })
    .await;
    let r = api.wait(m, "sendMessage", OWNER, 1, HANG_SECS).await;
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
    stop_cleanly(bot, dir.path()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_stops_cleanly_and_the_log_keeps_no_token_or_message_text() {
    let (api, bot, dir) = running_bot(&[]).await;
    let (first, _) = ask_the_minister(&api).await;
    assert!(text_of(&first).contains("Takeshi Iwaya"), "{first:?}");
    // Exit status, token and text at info level: checked by stop_cleanly,
    // here after a question the log must hold a line about.
    let logs = stop_cleanly(bot, dir.path()).await;
    assert!(
        logs.lines()
            .any(|l| l.contains("INFO") && l.contains("question") && l.contains("latency_ms")),
        "the log has the per-question line"
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_question_asked_while_the_api_restarts_is_answered() {
    let (api, url, bot, dir) = running_bot_at(&[]).await;
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
    stop_cleanly(bot, dir.path()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_errors_and_a_malformed_reply_are_backed_off_then_answered_once() {
    let (api, bot, dir) = running_bot(&[]).await;
    // 500s, then a malformed body: the bot backs off, then recovers. The
    // long poll in flight is ended first (by the /about), so the faults
    // come before the question: it is pushed once the first is served.
    // (teloxide holds every 5xx for 10 s, so this test takes over 20 s.)
    {
        let mut inner = api.inner.lock().unwrap();
        inner.fail_get_updates = 2;
        inner.malformed_get_updates = true;
    }
    api.message(OWNER, "/about", json!({}));
    let m = api.mark();
    wait_until("the first fault to be served", || {
        (api.inner.lock().unwrap().fail_get_updates < 2).then_some(())
    })
    .await;
    let started = Instant::now();
    api.message(OWNER, "Who is Japan's foreign minister?", json!({}));
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut r = Vec::new();
    while Instant::now() < deadline && !r.iter().any(|x| text_of(x).contains("Takeshi")) {
        r = api.sent(m, OWNER);
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
    let answers = api
        .sent_before_anchor(m, OWNER, OWNER)
        .await
        .into_iter()
        .filter(|x| text_of(x).contains("Takeshi Iwaya"))
        .count();
    assert_eq!(answers, 1, "answered exactly once");
    stop_cleanly(bot, dir.path()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_api_gets_each_reply_once() {
    let (api, bot, dir) = running_bot(&[]).await;
    // A slow Bot API (3 s per send) still gets every answer, once.
    api.inner.lock().unwrap().send_delay = Duration::from_secs(3);
    let m = api.mark();
    api.message(OWNER, "How many North Korean troops were sent?", json!({}));
    let r = api.wait(m, "sendMessage", OWNER, 1, HANG_SECS).await;
    assert!(text_of(&r[0]).contains("<b>up to 12,000</b>"), "{r:?}");
    api.inner.lock().unwrap().send_delay = Duration::ZERO;
    // A resend (the client giving up on the slow reply) would come before
    // the anchor's reply, which waits for the slow one.
    assert_eq!(
        api.sent_before_anchor(m, OWNER, OWNER).await.len(),
        1,
        "a slow send is not sent twice"
    );
    stop_cleanly(bot, dir.path()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_update_delivered_twice_is_answered_once() {
    let (api, bot, dir) = running_bot(&[]).await;
    let m = api.mark();
    let id = api.message(OWNER, "Where did the foreign minister arrive?", json!({}));
    let replay = json!({"message_id": id, "date": now(), "chat": chat_json(OWNER), "from": {"id": OWNER, "is_bot": false, "first_name": "Ann"}, "text": "Where did the foreign minister arrive?"});
    api.push("message", replay);
    let r = api.sent_before_anchor(m, OWNER, OWNER).await;
    if r.len() != 1 {
        let log = std::fs::read_to_string(dir.path().join("bot.log")).unwrap();
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
    stop_cleanly(bot, dir.path()).await;
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
    // The anchor comes from another user in the same chat: the flooding
    // one is silenced, and the limit is per user.
    let r = api.sent_before_anchor(m, OWNER, OTHER).await;
    assert_eq!(r.len(), 4, "three answers and one warning: {r:?}");
    assert_eq!(
        r.iter()
            .filter(|m| text_of(m).contains("slow down"))
            .count(),
        1,
        "{r:?}"
    );
    stop(bot).await;
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
    stop(bot).await;
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
    let r = api.wait(m, "sendMessage", OWNER, 1, HANG_SECS).await;
    assert_eq!(r.len(), 1, "{r:?}");
    stop(bot).await;
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

/// Every question answered once, in order, within Telegram's limits. By
/// default 40 chats ask 4 questions each: more chats than the 30 messages
/// a second Telegram allows overall, and more than two questions a chat,
/// so both the overall and the per-chat pacing are put to the test.
/// `ARTICLEBOT_FULL_BURST=1` asks 1,000 (50 chats, 20 each).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn burst_of_questions_from_many_chats_all_answered_in_order() {
    let full = std::env::var("ARTICLEBOT_FULL_BURST").is_ok_and(|v| v == "1");
    let count = |var: &str, default: usize| {
        std::env::var(var)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let chats: Vec<i64> = (0..count("BURST_CHATS", if full { 50 } else { 40 }))
        .map(|c| 500_000 + c as i64)
        .collect();
    let per_chat = count("BURST_PER_CHAT", if full { 20 } else { 4 });
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
    // A stopped bot has sent all it was going to: any second answer is in
    // the record now.
    stop(bot).await;
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

// ---------------------------------------------------------------------
// Admins, follow-ups, summaries, lists, inline mode and /stats.

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admins_add_documents_and_everyone_else_is_refused() {
    let (api, bot, dir) = running_bot(&[ADMINS]).await;
    // Admins get the admin commands in their chat's menu; others do not.
    let menus: Vec<Value> = api
        .calls()
        .into_iter()
        .filter(|c| c.method == "setMyCommands")
        .map(|c| c.body)
        .collect();
    let names = |b: &Value| -> Vec<String> {
        b["commands"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["command"].as_str().unwrap().to_string())
            .collect()
    };
    let everyone = menus.iter().find(|b| b.get("scope").is_none()).unwrap();
    assert!(!names(everyone).contains(&"add".to_string()));
    let admin = menus
        .iter()
        .find(|b| b["scope"] == json!({"type": "chat", "chat_id": OWNER}))
        .expect("the admin's menu");
    for c in ["add", "remove", "reload", "stats", "summary", "latest"] {
        assert!(names(admin).contains(&c.to_string()), "{c}");
    }

    // Someone else: one polite refusal for each admin action, nothing written.
    let m = api.mark();
    api.message(
        OTHER,
        "/add Ferry news\nThe ferry sailed on Monday.",
        json!({}),
    );
    api.document(
        OTHER,
        OTHER,
        "volcano.txt",
        Some(VOLCANO.into()),
        VOLCANO.len(),
    );
    api.message(OTHER, "/remove 1", json!({}));
    api.message(OTHER, "/stats", json!({}));
    api.message(OTHER, "/reload", json!({}));
    api.message(
        OTHER,
        "Mine strike ends\nThe miners ended their strike on Friday.",
        json!({"forward_origin": {
            "type": "channel", "date": 1_731_715_200,
            "chat": {"id": -100_555, "type": "channel", "title": "Mining News", "username": "miningnews"},
            "message_id": 77
        }}),
    );
    api.message(OTHER, "/help", json!({}));
    let r = api.wait(m, "sendMessage", OTHER, 7, HANG_SECS).await;
    assert_eq!(r.len(), 7, "{r:?}");
    for refusal in &r[..6] {
        assert!(text_of(refusal).contains("only the bot's admins"), "{r:?}");
    }
    assert!(!text_of(&r[6]).contains("/remove"), "{r:?}");
    let kdir = dir.path().join("knowledge");
    assert_eq!(files_under(&kdir), ["seed.txt"]);

    // An admin's document is added under its title's name, answered from
    // at once, and a second copy gets a new name.
    let t = api
        .send_document("volcano.txt", Some(VOLCANO.into()), VOLCANO.len())
        .await;
    assert_eq!(t, "Added “Volcano erupts near Grindavik” — 1 sentence.");
    let t = api
        .say(
            OWNER,
            OWNER,
            "Which volcano erupted near Grindavik?",
            json!({}),
        )
        .await;
    assert!(t.contains("Sundhnukur"), "{t}");
    let t = api
        .send_document("copy.TXT", Some(VOLCANO.into()), VOLCANO.len())
        .await;
    assert!(t.starts_with("Added “Volcano erupts"), "{t}");

    // Refusals: over 10 MB (announced, never fetched), binary, a path in
    // the name, another type, a file with a title only.
    let t = api.send_document("big.txt", None, 11 * 1024 * 1024).await;
    assert!(
        t.contains("larger than 10 MB") && t.contains("Nothing was written"),
        "{t}"
    );
    // A file whose bytes outgrow the size Telegram stated is cut off at
    // the limit and refused as too large.
    let t = api
        .send_document("liar.txt", Some(vec![b'a'; 11 * 1024 * 1024]), 100)
        .await;
    assert!(
        t.contains("larger than 10 MB") && t.contains("Nothing was written"),
        "{t}"
    );
    let t = api
        .send_document("data.txt", Some(b"Title\n\nab\0cd".to_vec()), 12)
        .await;
    assert!(t.contains("binary file"), "{t}");
    let t = api
        .send_document("../../escape.txt", Some(VOLCANO.into()), VOLCANO.len())
        .await;
    assert!(t.contains("holds a path"), "{t}");
    let t = api
        .send_document("notes.pdf", Some(b"%PDF-1.4".to_vec()), 8)
        .await;
    assert!(t.contains(".txt, .md, .html"), "{t}");
    let t = api
        .send_document("empty.md", Some(b"# Only a title\n".to_vec()), 15)
        .await;
    assert!(t.contains("a title but no body text"), "{t}");
    assert_eq!(
        files_under(&kdir),
        [
            "added/volcano-erupts-near-grindavik-2.txt",
            "added/volcano-erupts-near-grindavik.txt",
            "seed.txt"
        ]
    );
    assert!(
        files_under(dir.path())
            .iter()
            .all(|f| !f.contains("escape")),
        "{:?}",
        files_under(dir.path())
    );

    // Admins see their commands in /help.
    let t = api.say(OWNER, OWNER, "/help", json!({})).await;
    assert!(t.contains("/remove") && t.contains("/stats"), "{t}");
    let logs = stop_cleanly(bot, dir.path()).await;
    assert!(
        logs.lines()
            .any(|l| l.contains("admin added an article") && l.contains("user=1001")),
        "admin actions are logged with the user id"
    );
    assert!(
        logs.lines()
            .any(|l| l.contains("refused: admin action") && l.contains("user=1002")),
        "refusals are logged with the user id"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admins_add_pasted_text_and_channel_posts_remove_and_reload() {
    let (api, bot, dir) = running_bot(&[ADMINS]).await;
    let kdir = dir.path().join("knowledge");
    let t = api
        .say(
            OWNER,
            OWNER,
            "/add Harbour ferry returns\nThe old harbour ferry returned to service on Thursday after a refit.",
            json!({}),
        )
        .await;
    assert_eq!(t, "Added “Harbour ferry returns” — 1 sentence.");
    let pasted = std::fs::read_to_string(kdir.join("added/harbour-ferry-returns.txt")).unwrap();
    assert!(
        pasted.starts_with("Harbour ferry returns\ndate: "),
        "{pasted}"
    );

    // A post forwarded from a public channel: its channel, link and date.
    let post = json!({
        "forward_origin": {
            "type": "channel", "date": 1_731_715_200,
            "chat": {"id": -100_555, "type": "channel", "title": "Mining News", "username": "miningnews"},
            "message_id": 77
        }
    });
    let t = api
        .say(
            OWNER,
            OWNER,
            "Mine strike ends\nThe miners at the Kolwezi mine ended their strike on Friday after a pay deal.",
            post,
        )
        .await;
    assert_eq!(t, "Added “Mine strike ends” — 1 sentence.");
    let saved = std::fs::read_to_string(kdir.join("added/mine-strike-ends.txt")).unwrap();
    for line in [
        "source: Mining News",
        "url: https://t.me/miningnews/77",
        "date: 2024-11-16",
    ] {
        assert!(saved.contains(line), "{saved}");
    }
    let t = api
        .say(
            OWNER,
            OWNER,
            "When did the Kolwezi miners end their strike?",
            json!({}),
        )
        .await;
    assert!(
        t.contains("Friday") && t.contains("https://t.me/miningnews/77"),
        "{t}"
    );

    // /remove N moves the file to the trash beside it.
    let list = api.say(OWNER, OWNER, "/articles", json!({})).await;
    let number = list
        .lines()
        .find(|l| l.contains("Harbour ferry returns"))
        .and_then(|l| l.split('.').next())
        .expect("listed")
        .to_string();
    let t = api
        .say(OWNER, OWNER, &format!("/remove {number}"), json!({}))
        .await;
    assert!(t.starts_with("Removed “Harbour ferry returns”"), "{t}");
    assert!(kdir.join("added/.trash/harbour-ferry-returns.txt").exists());
    assert!(!kdir.join("added/harbour-ferry-returns.txt").exists());
    let list = api.say(OWNER, OWNER, "/articles", json!({})).await;
    assert!(!list.contains("Harbour ferry"), "{list}");
    let t = api.say(OWNER, OWNER, "/remove 99", json!({})).await;
    assert!(t.contains("no article number 99"), "{t}");

    // /reload reads a file copied in by hand now.
    std::fs::write(kdir.join("extra.txt"), VOLCANO).unwrap();
    let t = api.say(OWNER, OWNER, "/reload", json!({})).await;
    assert_eq!(t, "Reloaded: I know 3 article(s) now.");
    let logs = stop_cleanly(bot, dir.path()).await;
    for action in [
        "add pasted text",
        "add a forwarded post",
        "remove an article",
        "reload",
    ] {
        assert!(
            logs.lines()
                .any(|l| l.contains(&format!("admin action: {action}")) && l.contains("user=1001")),
            "{action} logged"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_url_refuses_loopback_addresses_by_default() {
    let base = web::start().await;
    let (api, bot, dir) = running_bot(&[ADMINS]).await;
    let port = base.rsplit(':').next().unwrap();
    for address in [
        format!("{base}/page"),
        format!("http://localhost:{port}/page"),
        format!("http://[::1]:{port}/page"),
        "http://169.254.169.254/latest/meta-data/".to_string(),
        "http://10.0.0.1/".to_string(),
    ] {
        let t = api
            .say(OWNER, OWNER, &format!("/add {address}"), json!({}))
            .await;
        assert!(t.contains("local or private network"), "{address}: {t}");
    }
    let t = api
        .say(OWNER, OWNER, "/add ftp://example.com/a.txt", json!({}))
        .await;
    assert!(t.contains("only http and https"), "{t}");
    assert!(!dir.path().join("knowledge/added").exists());
    stop_cleanly(bot, dir.path()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_url_with_private_addresses_allowed_keeps_every_other_limit() {
    let base = web::start().await;
    let (api, bot, dir) = running_bot(&[ADMINS, ("ARTICLEBOT_FETCH_PRIVATE", "true")]).await;
    let t = api
        .say(OWNER, OWNER, &format!("/add {base}/page"), json!({}))
        .await;
    assert_eq!(t, "Added “Harbour ferry returns” — 1 sentence.");
    let saved = std::fs::read_to_string(
        dir.path()
            .join("knowledge/added/harbour-ferry-returns.html"),
    )
    .unwrap();
    assert!(saved.contains(&format!("href=\"{base}/page\"")), "{saved}");
    let t = api
        .say(
            OWNER,
            OWNER,
            "Where did the harbour ferry return?",
            json!({}),
        )
        .await;
    assert!(t.contains(&format!("<a href=\"{base}/page\">")), "{t}");
    // Five redirects are followed; six are not.
    let t = api
        .say(OWNER, OWNER, &format!("/add {base}/hop/5"), json!({}))
        .await;
    assert!(t.starts_with("Added “Harbour ferry returns”"), "{t}");
    let t = api
        .say(OWNER, OWNER, &format!("/add {base}/hop/6"), json!({}))
        .await;
    assert!(t.contains("redirects more than 5 times"), "{t}");
    let t = api
        .say(OWNER, OWNER, &format!("/add {base}/huge"), json!({}))
        .await;
    assert!(t.contains("larger than 10 MB"), "{t}");
    let t = api
        .say(OWNER, OWNER, &format!("/add {base}/image"), json!({}))
        .await;
    assert!(t.contains("“image/png”"), "{t}");
    let t = api
        .say(OWNER, OWNER, &format!("/add {base}/missing"), json!({}))
        .await;
    assert!(t.contains("HTTP status 404"), "{t}");
    // A server that never answers is given up after 15 seconds.
    let t = api
        .say(OWNER, OWNER, &format!("/add {base}/slow"), json!({}))
        .await;
    assert!(t.contains("within 15 seconds"), "{t}");
    assert_eq!(
        files_under(&dir.path().join("knowledge/added")),
        ["harbour-ferry-returns-2.html", "harbour-ferry-returns.html"]
    );
    stop_cleanly(bot, dir.path()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn summaries_title_search_and_latest_with_page_buttons() {
    // 24 dated reports beside the seed: lists of more than one page.
    let reports: Vec<(String, String)> = (1..=24)
        .map(|i| {
            (
                format!("report-{i:02}.txt"),
                format!("Council report number {i}\ndate: 2024-01-{i:02}\n\nThe council met on day {i} and approved the harbour budget."),
            )
        })
        .collect();
    let (api, _url, bot, dir) = running_bot_with_articles(&[], &reports).await;
    // The seed sorts last: article 25.
    let t = api.say(OWNER, OWNER, "/summary 25", json!({})).await;
    assert!(
        t.starts_with("<b>Japan’s foreign minister visits Ukraine"),
        "{t}"
    );
    assert!(t.contains("<i>— South China Morning Post</i>"), "{t}");
    assert!(t.contains("arrived in Kyiv on Saturday"), "the lead: {t}");
    assert!(!t.contains("holds a press conference"), "no caption: {t}");
    let body = t.split("\n\n").nth(1).unwrap_or_default();
    let sentences = body.matches(". ").count() + 1;
    assert!((3..=5).contains(&sentences), "{sentences} sentences: {t}");
    assert_eq!(t.matches("Rustem Umerov").count(), 0, "no caption: {t}");
    let t = api.say(OTHER, OTHER, "/summary", json!({})).await;
    assert!(t.contains("Ask me a question first"), "{t}");
    let t = api.say(OWNER, OWNER, "/summary 99", json!({})).await;
    assert!(t.contains("no article number 99"), "{t}");
    // After an answer, "this article" is the answer's.
    api.say(OTHER, OTHER, "Who is Japan's foreign minister?", json!({}))
        .await;
    let t = api
        .say(OTHER, OTHER, "What is this article about?", json!({}))
        .await;
    assert!(t.starts_with("<b>Japan’s foreign minister"), "{t}");

    // Title search.
    let t = api.say(OWNER, OWNER, "/articles ukraine", json!({})).await;
    assert!(
        t.starts_with("1 article(s) with those words in the title:\n25. Japan’s foreign minister"),
        "{t}"
    );
    let t = api
        .say(OWNER, OWNER, "/articles volcanoes", json!({}))
        .await;
    assert!(t.contains("No article has those words"), "{t}");

    // /latest: newest first, paged with a Next button that edits the message.
    let m = api.mark();
    api.message(OWNER, "/latest", json!({}));
    let r = api.wait(m, "sendMessage", OWNER, 1, HANG_SECS).await;
    let t = text_of(&r[0]);
    assert!(
        t.starts_with("The newest articles:\n24. Council report number 24 (2024-01-24)\n23. Council report number 23"),
        "{t}"
    );
    assert!(t.ends_with("Page 1 of 2."), "{t}");
    let button = &r[0]["reply_markup"]["inline_keyboard"][0][0];
    assert_eq!(button["text"], "Next ›");
    let message_id = api.calls()[m..]
        .iter()
        .find(|c| c.method == "sendMessage" && c.body["chat_id"] == OWNER)
        .and_then(|c| c.message_id)
        .unwrap();
    let m = api.mark();
    press(&api, "cb-page", &button["callback_data"], message_id);
    let edits = api.wait(m, "editMessageText", OWNER, 1, HANG_SECS).await;
    let page2 = text_of(&edits[0]);
    assert!(
        page2.contains("\n4. Council report number 4 (2024-01-04)")
            && page2.ends_with("Page 2 of 2."),
        "{page2}"
    );
    assert_eq!(
        edits[0]["reply_markup"]["inline_keyboard"][0][0]["text"],
        "‹ Previous"
    );
    stop_cleanly(bot, dir.path()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inline_queries_offer_up_to_three_answers_and_respect_the_allowlist() {
    let (api, bot, dir) = running_bot(&[]).await;
    let inline = |id: &str, from: i64, query: &str| {
        api.push(
            "inline_query",
            json!({"id": id, "from": user(from), "query": query, "offset": ""}),
        );
    };
    let answered = |id: &'static str| {
        let api = api.clone();
        async move {
            wait_until("the inline answer", move || {
                api.calls()
                    .into_iter()
                    .find(|c| c.method == "answerInlineQuery" && c.body["inline_query_id"] == id)
                    .map(|c| c.body)
            })
            .await
        }
    };
    inline("iq-1", OWNER, "Who is Japan's foreign minister?");
    let body = answered("iq-1").await;
    let results = body["results"].as_array().unwrap();
    assert!((1..=3).contains(&results.len()), "{body}");
    let first = &results[0];
    assert_eq!(first["type"], "article");
    assert_eq!(first["title"], "Takeshi Iwaya");
    let content = &first["input_message_content"];
    assert_eq!(content["parse_mode"], "HTML");
    let text = content["message_text"].as_str().unwrap();
    assert!(
        text.contains("<b>Takeshi Iwaya</b>") && text.contains("— <i>Japan’s foreign minister"),
        "{text}"
    );
    assert!(
        body["cache_time"]
            .as_u64()
            .is_some_and(|s| s > 0 && s <= 60),
        "{body}"
    );
    assert_eq!(body["is_personal"], true);
    // Outside the allowlist: one result that says so, and no answer.
    inline("iq-2", STRANGER, "Who is Japan's foreign minister?");
    let body = answered("iq-2").await;
    let results = body["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{body}");
    assert!(
        results[0]["title"].as_str().unwrap().contains("private"),
        "{body}"
    );
    // An empty query gets no results.
    inline("iq-3", OWNER, "  ");
    let body = answered("iq-3").await;
    assert_eq!(body["results"], json!([]));
    stop_cleanly(bot, dir.path()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inline_queries_count_against_the_rate_limit() {
    let (api, bot, dir) = running_bot(&[
        ("ARTICLEBOT_RATE_LIMIT", "3/60"),
        ("ARTICLEBOT_RATE_COOLDOWN", "60"),
    ])
    .await;
    // Distinct queries, so none is answered from the cache.
    let ids: Vec<String> = (0..5).map(|i| format!("iq-flood-{i}")).collect();
    for (i, id) in ids.iter().enumerate() {
        api.push(
            "inline_query",
            json!({"id": id, "from": user(OWNER), "query": format!("Who is Japan's foreign minister? ({i})"), "offset": ""}),
        );
    }
    let bodies = wait_until("every inline answer", || {
        let found: Vec<Value> = api
            .calls()
            .into_iter()
            .filter(|c| {
                c.method == "answerInlineQuery"
                    && ids
                        .iter()
                        .any(|id| c.body["inline_query_id"] == id.as_str())
            })
            .map(|c| c.body)
            .collect();
        (found.len() == ids.len()).then_some(found)
    })
    .await;
    // Queries may be handled in any order: three answered, two limited,
    // and a limited one is not kept by Telegram past the limit.
    let (limited, answered): (Vec<&Value>, Vec<&Value>) = bodies
        .iter()
        .partition(|b| b["results"].as_array().is_some_and(Vec::is_empty));
    let counts: Vec<String> = bodies
        .iter()
        .map(|b| format!("{}: {}", b["inline_query_id"], b["results"]))
        .map(|s| s.chars().take(60).collect())
        .collect();
    assert_eq!((answered.len(), limited.len()), (3, 2), "{counts:?}");
    for b in limited {
        assert_eq!(b["cache_time"], 0, "{b}");
    }
    stop_cleanly(bot, dir.path()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stats_count_questions_and_keep_no_ids() {
    let (api, bot, dir) = running_bot(&[ADMINS]).await;
    for q in [
        "Who is Japan's foreign minister?",
        "What is the capital of Mongolia?",
        "Where did the foreign minister arrive?",
        "what is the capital of   MONGOLIA?",
    ] {
        api.say(OTHER, OTHER, q, json!({})).await;
    }
    let t = api.say(OWNER, OWNER, "/stats", json!({})).await;
    assert!(
        t.starts_with("Questions today: 4. In all: 4, of which 50% answered."),
        "{t}"
    );
    assert!(
        t.contains("Asked most often without an answer:\n2× what is the capital of mongolia?"),
        "{t}"
    );
    stop_cleanly(bot, dir.path()).await;
    let saved = std::fs::read_to_string(dir.path().join("knowledge.stats.json")).unwrap();
    assert!(saved.contains("capital of mongolia"), "{saved}");
    for id in [OWNER, OTHER] {
        assert!(!saved.contains(&id.to_string()), "no ids stored: {saved}");
    }
    // The file holds the figures themselves.
    let stats: Value = serde_json::from_str(&saved).unwrap();
    assert_eq!(stats["total"], 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn follow_ups_are_read_against_the_last_answer_until_it_expires() {
    // A second article that also has a foreign minister arriving.
    let volcano = "Volcano erupts near Grindavik\n\nThe Sundhnukur volcano erupted near Grindavik in Iceland on Tuesday.\n\nIceland's foreign minister arrived in Grindavik on Wednesday to see the lava.".to_string();
    let (api, _url, bot, dir) = running_bot_with_articles(
        &[("ARTICLEBOT_FOLLOW_UP_SECONDS", "8")],
        &[("volcano.txt".to_string(), volcano)],
    )
    .await;
    let ask = |q: &'static str| api.say(OWNER, OWNER, q, json!({}));
    let t = ask("Who is Japan's foreign minister?").await;
    assert!(t.contains("<b>Takeshi Iwaya</b>"), "{t}");
    // A pronoun: the person of the last answer, by the role it gives.
    let t = ask("When did he arrive?").await;
    assert!(
        t.starts_with("<i>(I read that as: “When did the foreign minister arrive?”)</i>"),
        "{t}"
    );
    assert!(
        t.contains("<b>Saturday</b>") && t.contains("Japan’s foreign minister visits"),
        "{t}"
    );
    let t = ask("Where did he arrive?").await;
    assert!(t.contains("<b>Kyiv</b>"), "{t}");
    // No subject at all: the last question's.
    ask("Were North Korean troops sent to Russia?").await;
    let t = ask("How many?").await;
    assert!(
        t.contains("“How many North Korean troops sent to Russia?”")
            && t.contains("<b>up to 12,000</b>"),
        "{t}"
    );
    // A reply to an answer asks about that answer's article first.
    let m = api.mark();
    api.message(OTHER, "Which volcano erupted near Grindavik?", json!({}));
    api.wait(m, "sendMessage", OTHER, 1, HANG_SECS).await;
    let volcano_answer = api.calls()[m..]
        .iter()
        .find(|c| c.method == "sendMessage" && c.body["chat_id"] == OTHER)
        .and_then(|c| c.message_id)
        .unwrap();
    let m = api.mark();
    api.message(OTHER, "Who is Japan's foreign minister?", json!({}));
    api.wait(m, "sendMessage", OTHER, 1, HANG_SECS).await;
    let seed_answer = api.calls()[m..]
        .iter()
        .find(|c| c.method == "sendMessage" && c.body["chat_id"] == OTHER)
        .and_then(|c| c.message_id)
        .unwrap();
    let replying = |id: i64| json!({"reply_to_message": {"message_id": id, "date": now(), "chat": chat_json(OTHER), "from": bot_user(), "text": "an answer"}});
    let q = "When did the foreign minister arrive?";
    let t = api.say(OTHER, OTHER, q, replying(volcano_answer)).await;
    assert!(
        t.contains("<b>Wednesday</b>"),
        "about the volcano article: {t}"
    );
    let t = api.say(OTHER, OTHER, q, replying(seed_answer)).await;
    assert!(t.contains("<b>Saturday</b>"), "about the seed article: {t}");

    // The context expires.
    tokio::time::sleep(Duration::from_secs(9)).await;
    let t = ask("How many?").await;
    assert!(
        !t.contains("I read that as") && !t.contains("12,000"),
        "{t}"
    );
    let t = ask("What is this article about?").await;
    assert!(t.contains("Ask me a question first"), "{t}");
    stop_cleanly(bot, dir.path()).await;
}
