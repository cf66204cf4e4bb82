//! The bot against a misbehaving world: 429s, API restarts, server
//! errors, slow and duplicate updates, floods, an idle poll, forged log
//! lines, a clean SIGTERM, and a burst of questions from many chats.

use super::*;

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
