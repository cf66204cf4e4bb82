//! Admins adding articles (documents, pasted text, channel posts, URLs),
//! removing and reloading them, and everyone else refused.

use super::*;

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
