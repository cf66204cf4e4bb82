//! What admins do to the knowledge folder, and what the bot tells them:
//! adding an article file (vetted by the loader's own rules first, written
//! to a hidden temporary file and linked into place under a name made from
//! its title, never overwriting), composing a `.txt` article from pasted
//! text or a forwarded post, and moving an article's file to a `.trash`
//! folder beside it (nothing is ever deleted). Plain file I/O, no Telegram.
//! A bot on a store writes there instead ([`Library`]): an added article
//! is a new row under the same kind of name, a removal deletes its row,
//! and the store's follower brings either into the table.

use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::KnowledgeBase;
use crate::bot::live::KbHandle;
use crate::knowledge::{Format, MAX_FILE_BYTES, Metadata, SkipReason};

/// The subfolder of the knowledge folder that added articles go to.
pub const ADDED_DIR: &str = "added";
/// The folder, beside a removed file, that it is moved to. Hidden, so the
/// loader passes over it.
pub const TRASH_DIR: &str = ".trash";
/// Characters of the title kept in a file name.
const NAME_CHARS: usize = 60;

/// What an admin action came to, for the bot to word.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// An article was added and the table has it.
    Added {
        /// Its title.
        title: String,
        /// Its sentences in the table.
        sentences: usize,
    },
    /// Written, but the reload that followed does not have it.
    NotLoaded,
    /// The loader would skip the file, for this reason (in the loader's
    /// words): nothing was written.
    Skipped(String),
    /// Not a .txt, .md, .html or .htm file.
    WrongType,
    /// A file name holding a path.
    BadName,
    /// Writing into the folder failed (the log says why).
    SaveFailed,
    /// An address that was not fetched, and why.
    NotFetched(Refusal),
    /// /add without text or address.
    AddUsage,
    /// /remove without a number.
    RemoveUsage,
    /// No article has this number.
    NoSuchArticle(usize),
    /// An article's file went to the trash.
    Removed {
        /// Its title.
        title: String,
    },
    /// Moving it failed (the log says why).
    RemoveFailed,
    /// The folder was read again.
    Reloaded {
        /// Articles now known.
        articles: usize,
    },
    /// Reading it again failed; the previous articles still serve.
    ReloadFailed,
    /// The usage figures.
    Stats(super::stats::View),
}

/// Why an address was not fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not an http or https address.
    Scheme,
    /// It leads to a loopback, private, link-local or other non-public address.
    NotPublic,
    /// More than the allowed redirects.
    Redirects,
    /// No complete answer within the time allowed.
    Timeout,
    /// Larger than the size allowed.
    TooLarge,
    /// Neither text nor HTML: the content type given.
    Type(String),
    /// The server answered with this HTTP status.
    Status(u16),
    /// The connection failed.
    Unreachable,
}

/// An article file added to the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    /// Its id in the table (path under the folder, `/`-separated).
    pub id: String,
    /// Its title.
    pub title: String,
}

/// Why adding failed.
#[derive(Debug)]
pub enum AddError {
    /// The loader would skip it.
    Skipped(SkipReason),
    /// Writing failed.
    Io(std::io::Error),
}

/// The format of a file name's extension, if it is one articles come in.
pub fn format_of_name(name: &str) -> Option<Format> {
    let (_, ext) = name.rsplit_once('.')?;
    match ext.to_ascii_lowercase().as_str() {
        "txt" => Some(Format::Text),
        "md" => Some(Format::Markdown),
        "html" | "htm" => Some(Format::Html),
        _ => None,
    }
}

/// Whether a file name someone sent holds a path (`../x`, `a/b`, `C:\x`).
pub fn has_path(name: &str) -> bool {
    name.contains(['/', '\\', '\0']) || name.split('.').all(str::is_empty) || name.contains("..")
}

/// A file name from a title: its words, lower-cased, joined by hyphens.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if out.chars().count() >= NAME_CHARS {
            break;
        }
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "article".to_string()
    } else {
        out.to_string()
    }
}

fn extension(format: Format) -> &'static str {
    match format {
        Format::Text => "txt",
        Format::Markdown => "md",
        Format::Html => "html",
    }
}

/// Where admins' articles go: the knowledge folder, or the store when the
/// bot runs on one (every replica's follower then brings the change in).
#[derive(Debug, Clone)]
pub enum Library {
    /// Files in this knowledge folder.
    Folder(PathBuf),
    /// Rows of the store at this URL.
    #[cfg(feature = "store")]
    Store(String),
}

/// How long an admin's change may take to reach the table from the store
/// before the bot says it is not loaded (the follower takes well under a
/// second).
#[cfg(feature = "store")]
const FOLLOW_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

impl Library {
    /// [`add_file`] into this library.
    pub fn add_file(&self, format: Format, bytes: &[u8]) -> Result<Added, AddError> {
        match self {
            Library::Folder(dir) => add_file(dir, format, bytes),
            #[cfg(feature = "store")]
            Library::Store(url) => to_store(url, format, bytes),
        }
    }

    /// [`add_page`] into this library.
    pub fn add_page(&self, format: Format, bytes: &[u8], url: &str) -> Result<Added, AddError> {
        match self {
            Library::Folder(dir) => add_page(dir, format, bytes, url),
            #[cfg(feature = "store")]
            Library::Store(store) => {
                let (bytes, _) = linked(format, bytes, url)?;
                to_store(store, format, &bytes)
            }
        }
    }

    /// Removes article `id`: its file into the trash, or its row deleted.
    pub fn remove(&self, id: &str) -> std::io::Result<()> {
        match self {
            Library::Folder(dir) => remove(dir, id).map(drop),
            #[cfg(feature = "store")]
            Library::Store(url) => {
                let removed = crate::store::Store::connect(url)
                    .and_then(|mut store| store.remove(id))
                    .map_err(|e| std::io::Error::other(crate::error::chain(&e)))?;
                if removed {
                    Ok(())
                } else {
                    Err(std::io::ErrorKind::NotFound.into())
                }
            }
        }
    }

    /// Brings `handle`'s table up to the library after a change and says
    /// whether it then satisfies `done`: a folder is read again; a store's
    /// follower is waited for (up to 10 s).
    pub fn refresh(&self, handle: &KbHandle, done: impl Fn(&KnowledgeBase) -> bool) -> bool {
        match self {
            Library::Folder(dir) => handle.reload(dir) && done(&handle.current()),
            #[cfg(feature = "store")]
            Library::Store(_) => {
                let deadline = std::time::Instant::now() + FOLLOW_WAIT;
                while !done(&handle.current()) {
                    if std::time::Instant::now() >= deadline {
                        return false;
                    }
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                true
            }
        }
    }
}

/// Adds vetted-by-reading `bytes` as a new row of the store at `url`,
/// under [`ADDED_DIR`] and a name from its title, as [`save`] names a file.
#[cfg(feature = "store")]
fn to_store(url: &str, format: Format, bytes: &[u8]) -> Result<Added, AddError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(AddError::Skipped(SkipReason::TooLarge));
    }
    let doc = crate::knowledge::Document::read(String::new(), bytes, format)
        .map_err(AddError::Skipped)?;
    let stem = format!("{ADDED_DIR}/{}", slug(&doc.title));
    let id = crate::store::Store::connect(url)
        .and_then(|mut store| store.add(&stem, extension(format), &doc))
        .map_err(|e| AddError::Io(std::io::Error::other(crate::error::chain(&e))))?;
    Ok(Added {
        id,
        title: doc.title,
    })
}

/// Adds `bytes` as an article in `format` to `dir`'s [`ADDED_DIR`]:
/// vetted first (a file the loader would skip is refused, nothing
/// written), then written to a hidden temporary file there and linked
/// under the title's name, or the first free "name-2", "name-3"… (a
/// link never replaces a file, so two adds cannot overwrite each other).
pub fn add_file(dir: &Path, format: Format, bytes: &[u8]) -> Result<Added, AddError> {
    let vetted = KnowledgeBase::vet(bytes, format).map_err(AddError::Skipped)?;
    save(dir, format, bytes, vetted.title)
}

/// Adds a page fetched from `url` as [`add_file`] does, vetted once: an
/// HTML page that does not name its own address gets `url` as its
/// canonical link (the loader reads it as the article's address).
pub fn add_page(dir: &Path, format: Format, bytes: &[u8], url: &str) -> Result<Added, AddError> {
    let (bytes, title) = linked(format, bytes, url)?;
    save(dir, format, &bytes, title)
}

/// A fetched page's bytes, vetted, with `url` as its canonical link when
/// it is HTML naming no address of its own; and its title.
fn linked<'a>(
    format: Format,
    bytes: &'a [u8],
    url: &str,
) -> Result<(std::borrow::Cow<'a, [u8]>, String), AddError> {
    let vetted = KnowledgeBase::vet(bytes, format).map_err(AddError::Skipped)?;
    if format != Format::Html || vetted.meta.url.is_some() {
        return Ok((bytes.into(), vetted.title));
    }
    // A link in front of the document goes to its head: the title and
    // text the vetting saw are unchanged, only the size grows.
    let link = format!(
        "<link rel=\"canonical\" href=\"{}\">\n",
        super::render::escape_html(url)
    );
    if (link.len() + bytes.len()) as u64 > MAX_FILE_BYTES {
        return Err(AddError::Skipped(SkipReason::TooLarge));
    }
    let mut with_link = link.into_bytes();
    with_link.extend_from_slice(bytes);
    Ok((with_link.into(), vetted.title))
}

/// Writes vetted `bytes` titled `title` into `dir`'s [`ADDED_DIR`].
fn save(dir: &Path, format: Format, bytes: &[u8], title: String) -> Result<Added, AddError> {
    let folder = dir.join(ADDED_DIR);
    std::fs::create_dir_all(&folder).map_err(AddError::Io)?;
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let temp = folder.join(format!(
        ".incoming-{}-{}.part",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let written = std::fs::File::create(&temp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(AddError::Io(e));
    }
    let result = place(&temp, &folder, &slug(&title), extension(format));
    let _ = std::fs::remove_file(&temp);
    let name = result.map_err(AddError::Io)?;
    Ok(Added {
        id: format!("{ADDED_DIR}/{name}"),
        title,
    })
}

/// Links `temp` into `folder` under the first free name; returns the name.
fn place(temp: &Path, folder: &Path, stem: &str, ext: &str) -> std::io::Result<String> {
    place_with(temp, folder, stem, ext, |from, to| {
        std::fs::hard_link(from, to)
    })
}

/// [`place`] with the linking made by `link` (a test stands in for a
/// file system without hard links).
fn place_with(
    temp: &Path,
    folder: &Path,
    stem: &str,
    ext: &str,
    link: impl Fn(&Path, &Path) -> std::io::Result<()>,
) -> std::io::Result<String> {
    for n in 1..=1000 {
        let name = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{n}.{ext}")
        };
        let target = folder.join(&name);
        let placed = match link(temp, &target) {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
            // A file system without hard links: a copy into a file this
            // call creates, so it never replaces one either.
            Err(_) => copy_new(temp, &target),
            Ok(()) => Ok(()),
        };
        match placed {
            Ok(()) => return Ok(name),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("no free file name"))
}

/// Copies `from` into a new file `to`; fails with `AlreadyExists` when
/// `to` exists, and leaves no partial file behind on other failures.
fn copy_new(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut out = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(to)?;
    let copied = std::fs::File::open(from)
        .and_then(|mut input| std::io::copy(&mut input, &mut out))
        .and_then(|_| out.sync_all());
    if copied.is_err() {
        let _ = std::fs::remove_file(to);
    }
    copied
}

/// A `.txt` article: the title line, its metadata lines, then the body's
/// paragraphs. Metadata that the loader would not read as such (too long,
/// not an address) is left out rather than landing in the body.
pub fn text_article(title: &str, meta: &Metadata, body: &str) -> String {
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = one_line(title);
    if let Some(source) = &meta.source {
        let source: String = one_line(source).chars().take(100).collect();
        let source = source.trim_end_matches('.');
        if !source.is_empty() {
            out.push_str(&format!("\nsource: {source}"));
        }
    }
    if let Some(url) = &meta.url
        && (url.starts_with("https://") || url.starts_with("http://"))
        && !url.contains(char::is_whitespace)
    {
        out.push_str(&format!("\nurl: {url}"));
    }
    if let Some(date) = &meta.date {
        out.push_str(&format!("\ndate: {}", one_line(date)));
    }
    out.push_str("\n\n");
    out.push_str(body.trim());
    out.push('\n');
    out
}

/// Splits pasted text into a title and a body: the first line when more
/// follows it, else the first words of the only paragraph (which is then
/// the whole body).
pub fn title_and_body(text: &str) -> (String, String) {
    let text = text.trim();
    match text.split_once('\n') {
        Some((first, rest)) if !rest.trim().is_empty() && first.chars().count() <= 200 => {
            (first.trim().to_string(), rest.trim().to_string())
        }
        _ => {
            let words: Vec<&str> = text.split_whitespace().take(10).collect();
            let mut title = words.join(" ");
            if text.split_whitespace().count() > words.len() {
                title.push('…');
            }
            (title, text.to_string())
        }
    }
}

/// Moves the file of article `id` (its path under `dir`) into a
/// [`TRASH_DIR`] folder beside it, under a free name.
pub fn remove(dir: &Path, id: &str) -> std::io::Result<PathBuf> {
    let relative = Path::new(id);
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Err(std::io::Error::other("not a path under the folder"));
    }
    let from = dir.join(relative);
    let trash = from.parent().unwrap_or(dir).join(TRASH_DIR);
    std::fs::create_dir_all(&trash)?;
    let name = from
        .file_name()
        .ok_or_else(|| std::io::Error::other("no file name"))?
        .to_string_lossy()
        .into_owned();
    for n in 1..=1000 {
        let target = trash.join(if n == 1 {
            name.clone()
        } else {
            format!("{n}-{name}")
        });
        // A hard link fails on a taken name where a rename would replace
        // it: nothing in the trash is ever overwritten, even by a race.
        match std::fs::hard_link(&from, &target) {
            Ok(()) => {
                std::fs::remove_file(&from)?;
                return Ok(target);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            // No hard links here: the check-then-rename of old.
            Err(_) if !target.exists() => {
                std::fs::rename(&from, &target)?;
                return Ok(target);
            }
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("no free name in the trash"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_titles() {
        assert_eq!(
            slug("Japan’s minister visits Kyiv!"),
            "japan-s-minister-visits-kyiv"
        );
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("???"), "article");
        assert!(slug(&"word ".repeat(40)).chars().count() <= NAME_CHARS);
        assert!(
            has_path("../x.txt") && has_path("a/b.txt") && has_path("..") && !has_path("a.txt")
        );
        assert_eq!(format_of_name("A.HTM"), Some(Format::Html));
        assert_eq!(format_of_name("a.pdf"), None);
    }

    #[test]
    fn adds_without_overwriting_and_refuses_what_the_loader_skips() {
        let dir = tempfile::tempdir().unwrap();
        let text = b"Bridge reopens\n\nThe bridge reopened on Monday.";
        let a = add_file(dir.path(), Format::Text, text).unwrap();
        let b = add_file(dir.path(), Format::Text, text).unwrap();
        assert_eq!(a.id, "added/bridge-reopens.txt");
        assert_eq!(b.id, "added/bridge-reopens-2.txt");
        assert_eq!(a.title, "Bridge reopens");
        assert!(matches!(
            add_file(dir.path(), Format::Text, b"bin\0ary"),
            Err(AddError::Skipped(SkipReason::Binary))
        ));
        assert!(matches!(
            add_file(dir.path(), Format::Text, b"Only a title"),
            Err(AddError::Skipped(SkipReason::TitleOnly))
        ));
        let names: Vec<_> = std::fs::read_dir(dir.path().join(ADDED_DIR))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
        let (kb, _) = KnowledgeBase::load(dir.path()).unwrap();
        assert_eq!(kb.articles().len(), 2);
        let moved = remove(dir.path(), &a.id).unwrap();
        assert!(moved.ends_with(".trash/bridge-reopens.txt"));
        let (kb, _) = KnowledgeBase::load(dir.path()).unwrap();
        assert_eq!(kb.articles().len(), 1, "the trash is not read");
        assert!(remove(dir.path(), "../x.txt").is_err());
    }

    #[test]
    fn the_trash_never_overwrites_what_it_holds() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "first").unwrap();
        let one = remove(dir.path(), "a.txt").unwrap();
        std::fs::write(&file, "second").unwrap();
        let two = remove(dir.path(), "a.txt").unwrap();
        assert_ne!(one, two);
        assert_eq!(std::fs::read_to_string(one).unwrap(), "first");
        assert_eq!(std::fs::read_to_string(two).unwrap(), "second");
        assert!(!file.exists());
    }

    #[test]
    fn without_hard_links_a_copy_takes_the_next_free_name() {
        let dir = tempfile::tempdir().unwrap();
        let temp = dir.path().join(".incoming");
        std::fs::write(&temp, "Bridge\n\nIt opened.").unwrap();
        std::fs::write(dir.path().join("bridge.txt"), "kept").unwrap();
        let no_links = |_: &Path, _: &Path| Err(std::io::ErrorKind::Unsupported.into());
        let name = place_with(&temp, dir.path(), "bridge", "txt", no_links).unwrap();
        assert_eq!(name, "bridge-2.txt");
        let read = |n: &str| std::fs::read_to_string(dir.path().join(n)).unwrap();
        assert_eq!(read("bridge.txt"), "kept", "never replaced");
        assert_eq!(read("bridge-2.txt"), "Bridge\n\nIt opened.");
    }

    #[test]
    fn a_page_names_its_address_once() {
        let dir = tempfile::tempdir().unwrap();
        let page = b"<html><head><title>Ferry</title></head><body><p>The ferry sailed on Monday.</p></body></html>";
        let a = add_page(dir.path(), Format::Html, page, "https://x.test/a?b=1&c=2").unwrap();
        let saved = std::fs::read_to_string(dir.path().join(&a.id)).unwrap();
        assert!(
            saved.starts_with("<link rel=\"canonical\" href=\"https://x.test/a?b=1&amp;c=2\">"),
            "{saved}"
        );
        let vetted = KnowledgeBase::vet(saved.as_bytes(), Format::Html).unwrap();
        assert_eq!(vetted.meta.url.as_deref(), Some("https://x.test/a?b=1&c=2"));
        // A page that names itself, or plain text, is kept as it came.
        let b = add_page(
            dir.path(),
            Format::Html,
            saved.as_bytes(),
            "https://y.test/",
        )
        .unwrap();
        let again = std::fs::read_to_string(dir.path().join(&b.id)).unwrap();
        assert_eq!(again, saved);
        let text = b"Ferry\n\nThe ferry sailed.";
        let c = add_page(dir.path(), Format::Text, text, "https://x.test/t").unwrap();
        assert_eq!(std::fs::read(dir.path().join(&c.id)).unwrap(), text);
    }

    #[test]
    fn pasted_text_becomes_a_text_article() {
        let (title, body) =
            title_and_body("Volcano erupts\nLava flowed toward the town on Tuesday.");
        let meta = Metadata {
            url: Some("https://t.me/news/5".into()),
            date: Some("2024-11-16".into()),
            source: Some("News channel.".into()),
            lang: None,
        };
        let text = text_article(&title, &meta, &body);
        let vetted = KnowledgeBase::vet(text.as_bytes(), Format::Text).unwrap();
        assert_eq!(vetted.title, "Volcano erupts");
        assert_eq!(vetted.meta.source.as_deref(), Some("News channel"));
        assert_eq!(vetted.meta.url.as_deref(), Some("https://t.me/news/5"));
        assert_eq!(vetted.meta.date.as_deref(), Some("2024-11-16"));
        let (title, body) = title_and_body(
            "One paragraph only, with more than ten words in it for the title to end.",
        );
        assert!(title.ends_with('…') && body.starts_with("One paragraph"));
    }
}
