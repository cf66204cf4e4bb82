//! One test per way saved pages used to go wrong, each on a page written
//! for the test: the article must come back whole, and only the article.

use super::parse;

/// Five paragraphs of a made-up story, long enough to be an article.
const STORY: [&str; 5] = [
    "The harbour authority of Port Alder closed the northern pier on Monday after a storm damaged its wooden pilings, officials said.",
    "Engineers found cracks in more than forty of the pilings, and the authority's director, Mara Quinn, said repairs would take at least six weeks.",
    "Fishing boats that used the pier have moved to the southern basin, where the authority has set up temporary moorings and a fuel barge.",
    "The storm brought winds of 120 kilometres an hour to the coast on Saturday night and flooded several streets near the fish market.",
    "Local traders said the closure would cost them business during the autumn festival, which usually draws thousands of visitors to the waterfront.",
];

fn story_html() -> String {
    STORY.iter().map(|p| format!("<p>{p}</p>\n")).collect()
}

fn page(head: &str, body: &str) -> String {
    format!("<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>")
}

/// The paragraphs hold the whole story, in order, and nothing that
/// mentions any of `absent`.
fn assert_story(html: &str, absent: &[&str]) {
    let a = parse(html);
    let kept = a.paragraphs.join("\n");
    for p in STORY {
        assert!(kept.contains(p), "missing {p:?} in {:#?}", a.paragraphs);
    }
    for word in absent {
        assert!(!kept.contains(word), "kept {word:?}: {:#?}", a.paragraphs);
    }
    let first = kept.find(STORY[0]).unwrap();
    let last = kept.find(STORY[4]).unwrap();
    assert!(first < last, "out of order: {:#?}", a.paragraphs);
}

const MENU: &str = r#"<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
    <li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav>"#;

#[test]
fn a_clutter_word_in_an_ancestors_class_keeps_the_story() {
    let html = page(
        "<title>Storm closes harbour pier</title>",
        &format!(
            r#"{MENU}<div class="page one-sidebar sidebar-second">
            <div class="content f_ads_a9_wrapper"><div class="story paywall ad_body">
            <h1>Storm closes harbour pier</h1>{}</div></div>
            <div class="sidebar"><h3>Popular</h3><ul><li><a href="/a">Pier closure explained in pictures</a></li>
            <li><a href="/b">Festival line-up announced</a></li></ul></div></div>"#,
            story_html()
        ),
    );
    let html = html.replace("<body>", r#"<body class="one-sidebar sidebar-second">"#);
    assert_story(&html, &["Festival line-up", "Weather"]);
}

#[test]
fn a_page_inside_a_form_is_read() {
    let html = page(
        "<title>Storm closes harbour pier</title>",
        &format!(
            r#"<form method="post" action="./article.aspx?id=7" id="aspnetForm">
            <input type="hidden" name="__VIEWSTATE" value="dDwtMTA4MzE0MjEwNTs7Pg==">
            {MENU}<div id="ctl00_ContentMain"><h1>Storm closes harbour pier</h1>{}</div>
            </form>"#,
            story_html()
        ),
    );
    assert_story(&html, &["VIEWSTATE", "Sport"]);
}

#[test]
fn a_thumbnail_article_does_not_hide_the_story() {
    let html = page(
        "<title>Storm closes harbour pier</title>",
        &format!(
            r#"{MENU}<article class="teaser"><a href="/other"><img src="t.jpg" alt="">
            <h3>Lighthouse keeper retires after forty years</h3></a></article>
            <div class="story-body"><h1>Storm closes harbour pier</h1>{}</div>
            <article class="comment"><p>Great pier, sad to see it go.</p></article>"#,
            story_html()
        ),
    );
    assert_story(&html, &["Lighthouse keeper"]);
}

#[test]
fn text_between_br_and_in_divs_is_kept_and_menus_are_not() {
    let br = STORY[..3].join("<br><br>\n");
    let divs: String = STORY[3..]
        .iter()
        .map(|p| format!(r#"<div class="zn-body__paragraph">{p}</div>"#))
        .collect();
    let html = page(
        "<title>Storm closes harbour pier</title>",
        &format!(
            r#"{MENU}<div id="story"><h1>Storm closes harbour pier</h1>
            <div class="text">{br}</div>{divs}</div>"#
        ),
    );
    assert_story(&html, &["Home", "Weather"]);
    let a = parse(&html);
    assert!(
        a.paragraphs.iter().any(|p| p == STORY[0]),
        "a <br><br> parts paragraphs: {:#?}",
        a.paragraphs
    );
}

#[test]
fn script_text_never_leaks() {
    let mut body = story_html();
    body.insert_str(
        body.find("</p>").unwrap() + 4,
        r#"<script>(adsbygoogle = window.adsbygoogle || []).push({});</script>
        <noscript><img src="https://pixel.example/p.gif?id=1" width="1"></noscript>
        <template><p>Template text never shown</p></template>
        <style>.story p { color: black }</style>"#,
    );
    let html = page(
        "<title>Storm closes harbour pier</title><script>var dataLayer = [];</script>",
        &format!(r#"<div class="story"><h1>Storm closes harbour pier</h1>{body}</div>"#),
    );
    assert_story(
        &html,
        &[
            "adsbygoogle",
            "<img",
            "Template text",
            "color:",
            "dataLayer",
        ],
    );
}

#[test]
fn link_lists_are_not_paragraphs() {
    let more: String = (1..=6)
        .map(|i| {
            format!(r#"<li><a href="/s{i}">Another story number {i} about the coast</a></li>"#)
        })
        .collect();
    let html = page(
        "<title>Storm closes harbour pier</title>",
        &format!(
            r#"{MENU}<div class="story"><h1>Storm closes harbour pier</h1>{}
            <div class="more"><h4>More stories</h4><ul>{more}</ul></div>
            <div class="OUTBRAIN"><p>You may also like: <a href="/x">Lower your electricity bill with this trick</a></p></div>
            </div>"#,
            story_html()
        ),
    );
    assert_story(
        &html,
        &["Another story number", "electricity bill", "Sport"],
    );
}

#[test]
fn the_title_loses_the_site_name() {
    let site = r#"<meta property="og:site_name" content="Coast Daily">"#;
    for title in [
        "Storm closes harbour pier - Coast Daily",
        "Storm closes harbour pier | Coast Daily",
        "Coast Daily | Storm closes harbour pier",
    ] {
        let html = page(
            &format!("<title>{title}</title>{site}"),
            &format!(r#"<div class="story">{}</div>"#, story_html()),
        );
        assert_eq!(parse(&html).title, "Storm closes harbour pier", "{title}");
    }
    // Without og:site_name the reader's own rule takes the longer side.
    let html = page(
        "<title>Opinion | Why the harbour pier should be rebuilt in stone</title>",
        &format!(r#"<div class="story">{}</div>"#, story_html()),
    );
    assert_eq!(
        parse(&html).title,
        "Why the harbour pier should be rebuilt in stone"
    );
}

#[test]
fn page_metadata_is_read() {
    let head = r#"<title>Storm closes harbour pier</title>
        <link rel="canonical" href="https://coast.example/news/pier">
        <meta property="og:url" content="https://coast.example/amp/pier">
        <meta property="og:site_name" content="Coast Daily">
        <meta property="article:published_time" content="2024-10-21T08:30:00Z">"#;
    let html = page(head, &format!("<article>{}</article>", story_html()))
        .replace("<html>", r#"<html lang="en-GB">"#);
    let a = parse(&html);
    assert_eq!(
        a.meta.url.as_deref(),
        Some("https://coast.example/news/pier")
    );
    assert_eq!(a.meta.source.as_deref(), Some("Coast Daily"));
    assert_eq!(a.meta.date.as_deref(), Some("2024-10-21T08:30:00Z"));
    assert_eq!(a.meta.lang.as_deref(), Some("en-GB"));

    // JSON-LD, then a <time> on the page, give the date when no tag does.
    let ld = r#"<script type="application/ld+json">{"@context":"https://schema.org",
        "@type":"NewsArticle","headline":"Storm closes harbour pier",
        "datePublished":"2024-10-20T19:00:00+02:00","publisher":{"@type":"Organization","name":"Coast Daily"}}</script>"#;
    let time = r#"<time datetime="2024-10-19">Saturday</time>"#;
    let a = parse(&page(
        ld,
        &format!("<article>{time}{}</article>", story_html()),
    ));
    assert_eq!(a.meta.date.as_deref(), Some("2024-10-20T19:00:00+02:00"));
    let a = parse(&page(
        "",
        &format!("<article>{time}{}</article>", story_html()),
    ));
    assert_eq!(a.meta.date.as_deref(), Some("2024-10-19"));
    assert_eq!(a.meta.lang, None);
}

#[test]
fn a_repeated_caption_is_kept_once_and_credits_go() {
    let cap = "Engineers inspect the damaged pilings of the northern pier in Port Alder on Monday.";
    let html = page(
        "<title>Storm closes harbour pier</title>",
        &format!(
            r#"<div class="story"><figure><img src="a.jpg"><figcaption>{cap} Photo: AFP</figcaption></figure>
            {}<p>{cap}</p></div>"#,
            story_html()
        ),
    );
    let a = parse(&html);
    let n = a.paragraphs.iter().filter(|p| p.contains(cap)).count();
    assert_eq!(n, 1, "{:#?}", a.paragraphs);
    assert!(!a.paragraphs.join(" ").contains("AFP"));
}

#[test]
fn a_page_without_an_article_keeps_its_text() {
    let a = parse("<html><head><title>Only Title</title></head><body><p>Text.</p></body></html>");
    assert_eq!(a.title, "Only Title");
    assert_eq!(a.paragraphs, vec!["Text."]);
}
