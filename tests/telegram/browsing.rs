//! Finding one's way around the articles: summaries, title search, the
//! latest articles with page buttons, inline queries, /stats, and
//! follow-up questions read against the last answer.

use super::*;

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
