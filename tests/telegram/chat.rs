//! What a user meets in a chat: the commands, replies in their language,
//! a question's bold answer and "More", groups, odd and hostile input, the
//! allowlist, a new article picked up live, and long replies split.

use super::*;

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
