//! Bounds how deeply a saved web page nests before html5ever builds its
//! tree. html5ever answers "is this element in scope?" by walking its stack
//! of open elements, so each tag costs it up to the current depth: a page
//! of 200,000 nested `<div>`s (2.2 MB) took minutes to load. A linear scan
//! here keeps a model of that stack and removes the tags that would open an
//! element past [`MAX_DEPTH`], with their end tags; the text inside them
//! stays, so a pathological page is still read, only flatter at the bottom.
//!
//! Where html5ever's rules are involved (formatting elements, tables,
//! foreign content) the model errs towards counting more than html5ever
//! builds, and html5ever's tree stays within a small factor of the limit
//! (the tests build pages meant to slip past it). Counting more costs a
//! page past the limit some structure, never time. This module does not
//! parse the page: [`super::article`] does.

use std::borrow::Cow;
use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap as HashMap, FxHasher};

mod tags;

use tags::{Markup, Tag};

/// Open elements kept in a page's tree. Real pages nest well under 100;
/// html5ever's cost per tag grows with this, so it stays far from the
/// 200,000 a hostile file can reach.
pub(crate) const MAX_DEPTH: usize = 512;

/// `html` as it is, or without the tags that would nest past [`MAX_DEPTH`].
pub(crate) fn bound_depth(html: &str) -> Cow<'_, str> {
    let b = html.as_bytes();
    let mut model = Model::default();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut cut = |range: std::ops::Range<usize>| {
        let out = out.get_or_insert_with(|| String::with_capacity(html.len()));
        out.push_str(&html[copied..range.start]);
        copied = range.end;
    };
    let mut i = 0;
    while let Some(found) = html[i..].find('<') {
        let at = i + found;
        match tags::markup(b, at) {
            Markup::Text => i = at + 1,
            Markup::Other { end } => i = end,
            Markup::Start(tag) => {
                i = tag.end;
                let id = model.id(&b[tag.name.clone()]);
                if model.holds_text(id) {
                    if model.kind(id) & PLAINTEXT != 0 {
                        break;
                    }
                    i = tags::raw_text_end(b, i, &b[tag.name]);
                    continue;
                }
                let hash = (model.kind(id) & FORMATTING != 0).then(|| {
                    let mut h = FxHasher::default();
                    b[at..tag.end].hash(&mut h);
                    h.finish()
                });
                if !model.start(id, &tag, hash.unwrap_or(0)) {
                    cut(at..tag.end);
                }
            }
            Markup::End(tag) => {
                i = tag.end;
                let id = model.id(&b[tag.name]);
                if !model.end(id) {
                    cut(at..tag.end);
                }
            }
        }
    }
    match out {
        Some(mut out) => {
            out.push_str(&html[copied..]);
            Cow::Owned(out)
        }
        None => Cow::Borrowed(html),
    }
}

// What a tag name does to the stack, as bits.
/// Never opens an element: `<br>`, `<img>`...
const VOID: u32 = 1;
/// Not counted: closed by its next sibling (`<tr>`, `<option>`), or there
/// once (`<body>`); the element holding it is what nests.
const UNTRACKED: u32 = 1 << 1;
/// Part of a table: clears the stack back to the table.
const TABLE_PART: u32 = 1 << 2;
/// Holds text only, up to its end tag.
const RAW: u32 = 1 << 3;
/// Holds text only, to the end of the page.
const PLAINTEXT: u32 = 1 << 4;
/// Reopened by html5ever when closed by another element's end tag.
const FORMATTING: u32 = 1 << 5;
/// `<font>`: leaves foreign content only with a presentational attribute.
const FONT: u32 = 1 << 6;
/// Leaves SVG or MathML content.
const BREAKOUT: u32 = 1 << 7;
/// Closes an open `<p>`.
const CLOSES_P: u32 = 1 << 8;
/// Stops html5ever's scope walks: an end tag cannot close what is below.
const BOUNDARY: u32 = 1 << 9;
/// Stops the walk of an end tag of an ordinary element (`</span>`).
const SPECIAL: u32 = 1 << 10;
/// Stops the walk of `<li>`, `<dd>` and `<dt>` for one to close.
const LI_STOP: u32 = 1 << 11;
/// Starts SVG or MathML content.
const FOREIGN: u32 = 1 << 12;
/// Holds HTML again inside SVG or MathML.
const INTEGRATION: u32 = 1 << 13;
/// Formatting elements reopened inside it are forgotten when it closes.
const MARKER: u32 = 1 << 14;
/// The kinds whose stack positions the model keeps, in `Model::tops`.
const TOPS: [u32; 6] = [BOUNDARY, SPECIAL, LI_STOP, FOREIGN, INTEGRATION, MARKER];

// Name lists, space-separated; `kind` reads them once per distinct name.
/// Elements that never hold anything.
const VOID_NAMES: &str = "area base basefont bgsound br col embed hr image img input keygen \
    link meta param source track wbr frame";
/// Start tags that close an open `<p>` first (not `<table>`: it does not
/// in quirks mode, and closing less is the safe side).
const CLOSES_P_NAMES: &str = "address article aside blockquote center details dialog dir div \
    dl fieldset figcaption figure footer header hgroup main menu nav ol p search section \
    summary ul pre listing form li dd dt hr h1 h2 h3 h4 h5 h6";
/// html5ever's special elements that the model keeps on its stack, but for
/// `address`, `div` and `p`, which `<li>` looks past.
const SPECIAL_NAMES: &str = "applet article aside blockquote button caption center dd details \
    dir dl dt fieldset figcaption figure footer form frameset header hgroup li listing main \
    marquee menu nav object ol pre section select summary table td template th ul \
    foreignobject desc title mi mo mn ms mtext annotation-xml h1 h2 h3 h4 h5 h6";
/// Start tags that end SVG or MathML content.
const BREAKOUT_NAMES: &str = "b big blockquote body br center code dd div dl dt em embed head \
    hr i img li listing menu meta nobr ol p pre ruby s small span strong strike sub sup table \
    tt u ul var h1 h2 h3 h4 h5 h6";

/// Whether `name` is in a space-separated list.
fn listed(list: &str, name: &[u8]) -> bool {
    list.split_ascii_whitespace().any(|n| n.as_bytes() == name)
}

/// What a tag name does to the stack, as bits.
fn kind(name: &[u8]) -> u32 {
    let mut kind = match name {
        _ if listed(VOID_NAMES, name) => VOID,
        b"tr" | b"tbody" | b"thead" | b"tfoot" | b"colgroup" => UNTRACKED | TABLE_PART,
        b"td" | b"th" | b"caption" => TABLE_PART | BOUNDARY | MARKER,
        b"option" | b"optgroup" | b"rb" | b"rt" | b"rp" | b"rtc" | b"html" | b"head" | b"body" => {
            UNTRACKED
        }
        b"script" | b"style" | b"iframe" | b"noembed" | b"noframes" | b"textarea" | b"noscript"
        | b"xmp" => RAW,
        // Text in HTML; inside SVG, an element that holds HTML.
        b"title" => RAW | INTEGRATION | BOUNDARY,
        b"plaintext" => PLAINTEXT,
        b"applet" | b"marquee" | b"object" | b"template" => BOUNDARY | MARKER,
        b"table" => BOUNDARY,
        b"foreignobject" | b"desc" | b"mi" | b"mo" | b"mn" | b"ms" | b"mtext"
        | b"annotation-xml" => BOUNDARY | INTEGRATION,
        b"a" | b"b" | b"big" | b"code" | b"em" | b"i" | b"nobr" | b"s" | b"small" | b"strike"
        | b"strong" | b"tt" | b"u" => FORMATTING,
        b"font" => FORMATTING | FONT,
        b"svg" | b"math" => FOREIGN,
        _ => 0,
    };
    for (names, bits) in [
        (CLOSES_P_NAMES, CLOSES_P),
        (SPECIAL_NAMES, SPECIAL | LI_STOP),
        ("address div p", SPECIAL),
        (BREAKOUT_NAMES, BREAKOUT),
    ] {
        if listed(names, name) {
            kind |= bits;
        }
    }
    kind
}

/// Names the model looks up by id: interned first, in this order.
const NAMED: [&[u8]; 11] = [
    b"p",
    b"li",
    b"dd",
    b"dt",
    b"ul",
    b"ol",
    b"button",
    b"table",
    b"template",
    b"form",
    b"a",
];
const P: u32 = 0;
const LI: u32 = 1;
const DD: u32 = 2;
const DT: u32 = 3;
const UL: u32 = 4;
const OL: u32 = 5;
const BUTTON: u32 = 6;
const TABLE: u32 = 7;
const TEMPLATE: u32 = 8;
const FORM: u32 = 9;
const A: u32 = 10;

/// One element of the modelled stack.
struct Open {
    name: u32,
    /// Whether its start tag was kept (false past the limit).
    kept: bool,
    /// A formatting element's tag, hashed: html5ever reopens at most three
    /// identical ones.
    hash: u64,
    /// A marker's start in the orphan log.
    mark: u32,
}

/// A formatting element closed by another element's end tag: html5ever
/// reopens it at the next text, so it still counts.
struct Orphan {
    name: u32,
    hash: u64,
    /// False once its own end tag forgot it.
    alive: bool,
}

/// html5ever's stack of open elements, as far as depth goes.
struct Model {
    ids: HashMap<Box<[u8]>, u32>,
    lower: Vec<u8>,
    /// Per name id: its kind bits, and where it is open on the stack.
    kinds: Vec<u32>,
    open: Vec<Vec<u32>>,
    stack: Vec<Open>,
    /// Stack positions of the elements of each kind in [`TOPS`].
    tops: [Vec<u32>; TOPS.len()],
    /// Orphans in the order they were made; per name id, the log indices
    /// of its live ones.
    orphan_log: Vec<Orphan>,
    orphans: Vec<Vec<u32>>,
    /// Live orphans per tag hash, and the depth they add (three at most
    /// each, as html5ever keeps).
    orphan_copies: HashMap<u64, u32>,
    orphan_depth: usize,
}

impl Default for Model {
    fn default() -> Model {
        let mut model = Model {
            ids: HashMap::default(),
            lower: Vec::new(),
            kinds: Vec::new(),
            open: Vec::new(),
            stack: Vec::new(),
            tops: Default::default(),
            orphan_log: Vec::new(),
            orphans: Vec::new(),
            orphan_copies: HashMap::default(),
            orphan_depth: 0,
        };
        for name in NAMED {
            model.id(name);
        }
        model
    }
}

impl Model {
    fn id(&mut self, name: &[u8]) -> u32 {
        self.lower.clear();
        self.lower
            .extend(name.iter().map(|c| c.to_ascii_lowercase()));
        if let Some(&id) = self.ids.get(&self.lower[..]) {
            return id;
        }
        let id = self.kinds.len() as u32;
        self.kinds.push(kind(&self.lower));
        self.open.push(Vec::new());
        self.orphans.push(Vec::new());
        self.ids.insert(self.lower.clone().into_boxed_slice(), id);
        id
    }

    fn kind(&self, id: u32) -> u32 {
        self.kinds[id as usize]
    }

    fn depth(&self) -> usize {
        self.stack.len() + self.orphan_depth
    }

    /// The highest stack position of an element of kind `flag` (one of
    /// [`TOPS`]).
    fn top(&self, flag: u32) -> Option<u32> {
        let i = TOPS.iter().position(|&f| f == flag)?;
        self.tops[i].last().copied()
    }

    /// The highest stack position of an element named `id`.
    fn last(&self, id: u32) -> Option<u32> {
        self.open[id as usize].last().copied()
    }

    /// Whether the next tag lands in SVG or MathML content.
    fn in_foreign(&self) -> bool {
        self.top(FOREIGN) > self.top(INTEGRATION)
    }

    /// Whether the text of an element named `id` is skipped to its end tag.
    fn holds_text(&self, id: u32) -> bool {
        !self.in_foreign() && self.kind(id) & (RAW | PLAINTEXT) != 0
    }

    /// A start tag; returns whether to keep it.
    fn start(&mut self, id: u32, tag: &Tag, hash: u64) -> bool {
        let kind = self.kind(id);
        if self.in_foreign() {
            if kind & BREAKOUT != 0 || (kind & FONT != 0 && tag.presentational) {
                while let Some(at) = self.top(FOREIGN)
                    && self.in_foreign()
                {
                    self.pop_to(at as usize);
                }
            } else if tag.self_closing {
                return true;
            } else {
                // Every name is an element there, even `p` or `td`.
                return self.push(id, hash);
            }
        }
        if kind & TABLE_PART != 0 {
            // Outside a table html5ever ignores it.
            let Some(table) = self.last(TABLE).max(self.last(TEMPLATE)) else {
                return true;
            };
            self.pop_to(table as usize + 1);
            return kind & UNTRACKED != 0 || self.push(id, hash);
        }
        if kind & CLOSES_P != 0
            && let Some(p) = self.last(P)
            && self.top(BOUNDARY) < Some(p)
            && self.last(BUTTON) < Some(p)
        {
            self.pop_to(p as usize);
        }
        let sibling = match id {
            LI => self.last(LI),
            DD | DT => self.last(DD).max(self.last(DT)),
            _ => None,
        };
        if let Some(at) = sibling
            && self.top(LI_STOP) <= Some(at)
        {
            self.pop_to(at as usize);
        }
        if id == A {
            // A new link closes the one still open, and forgets one closed
            // by another end tag.
            if self.last(A).is_some() {
                self.end(A);
            } else {
                self.forget_orphan(A);
            }
        }
        // `/>` is ignored on HTML elements: `<div/>` opens a div.
        if kind & (VOID | UNTRACKED) != 0 {
            return true;
        }
        self.push(id, hash)
    }

    fn push(&mut self, id: u32, hash: u64) -> bool {
        // Paragraphs and list items close one another, so past the limit
        // (where what could hold them open is gone) they add a level or
        // two, and keeping them keeps the text where the reader finds it.
        let kept = self.depth() < MAX_DEPTH || matches!(id, P | LI | DD | DT);
        let at = self.stack.len() as u32;
        let kind = self.kind(id);
        self.stack.push(Open {
            name: id,
            kept,
            hash,
            mark: self.orphan_log.len() as u32,
        });
        self.open[id as usize].push(at);
        for (flag, tops) in TOPS.iter().zip(&mut self.tops) {
            if kind & flag != 0 {
                tops.push(at);
            }
        }
        kept
    }

    /// An end tag; returns whether to keep it.
    fn end(&mut self, id: u32) -> bool {
        let kind = self.kind(id);
        let Some(at) = self.last(id) else {
            if kind & FORMATTING != 0 {
                self.forget_orphan(id);
            }
            return true;
        };
        let kept = self.stack[at as usize].kept;
        let boundary = self.top(BOUNDARY);
        let in_scope = match id {
            P => boundary < Some(at) && self.last(BUTTON) < Some(at),
            LI => boundary < Some(at) && self.last(UL).max(self.last(OL)) < Some(at),
            // Table scope: only another table or a template stops it.
            TABLE => self.last(TEMPLATE) < Some(at),
            _ if kind & TABLE_PART != 0 => self.last(TABLE).max(self.last(TEMPLATE)) < Some(at),
            _ if kind & (FORMATTING | SPECIAL) != 0 => boundary <= Some(at),
            // An ordinary element: no special element above it.
            _ => self.top(SPECIAL) < Some(at),
        };
        if !in_scope {
            // html5ever ignores it.
            return true;
        }
        if kind & FORMATTING != 0 {
            // With a special element above, html5ever's adoption agency
            // moves what is above instead of closing it: the depth stays.
            if self.top(SPECIAL) < Some(at) {
                self.pop_to(at as usize + 1);
                self.pop();
            }
        } else if id != FORM || at as usize + 1 == self.stack.len() {
            // `</form>` takes the form out of the stack and leaves what is
            // above it open.
            self.pop_to(at as usize);
        }
        kept
    }

    /// Takes the top element off the stack.
    fn pop(&mut self) -> Option<Open> {
        let open = self.stack.pop()?;
        let at = self.stack.len() as u32;
        self.open[open.name as usize].pop();
        for tops in &mut self.tops {
            tops.pop_if(|&mut p| p == at);
        }
        if open.kept && self.kind(open.name) & MARKER != 0 {
            self.truncate_orphans(open.mark as usize);
        }
        Some(open)
    }

    /// Closes every element from stack position `len` up, as an end tag
    /// of another element does.
    fn pop_to(&mut self, len: usize) {
        while self.stack.len() > len {
            let Some(open) = self.pop() else { break };
            if open.kept && self.kind(open.name) & FORMATTING != 0 {
                self.orphans[open.name as usize].push(self.orphan_log.len() as u32);
                self.orphan_log.push(Orphan {
                    name: open.name,
                    hash: open.hash,
                    alive: true,
                });
                self.count_orphan(open.hash, true);
            }
        }
    }

    /// Forgets the last orphan named `id`, as its end tag or a new `<a>`
    /// does, when html5ever can see it (not behind a marker).
    fn forget_orphan(&mut self, id: u32) {
        let mark = self.top(MARKER).map_or(0, |m| self.stack[m as usize].mark);
        let Some(&i) = self.orphans[id as usize].last() else {
            return;
        };
        if i >= mark {
            self.orphans[id as usize].pop();
            self.orphan_log[i as usize].alive = false;
            let hash = self.orphan_log[i as usize].hash;
            self.count_orphan(hash, false);
        }
    }

    /// Forgets the orphans made since `mark`, as closing a marker does.
    fn truncate_orphans(&mut self, mark: usize) {
        while self.orphan_log.len() > mark {
            let Some(orphan) = self.orphan_log.pop() else {
                break;
            };
            if orphan.alive {
                self.orphans[orphan.name as usize].pop();
                self.count_orphan(orphan.hash, false);
            }
        }
    }

    fn count_orphan(&mut self, hash: u64, add: bool) {
        let copies = self.orphan_copies.entry(hash).or_default();
        if add {
            *copies += 1;
            if *copies <= 3 {
                self.orphan_depth += 1;
            }
        } else {
            if *copies <= 3 {
                self.orphan_depth -= 1;
            }
            *copies -= 1;
            if *copies == 0 {
                self.orphan_copies.remove(&hash);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The depth of the tree html5ever builds.
    fn tree_depth(html: &str) -> usize {
        let doc = dom_query::Document::from(html);
        let mut stack = vec![(doc.root(), 1)];
        let mut deepest = 0;
        while let Some((node, depth)) = stack.pop() {
            deepest = deepest.max(depth);
            stack.extend(node.children().into_iter().map(|c| (c, depth + 1)));
            // A template's contents hang beside the tree, not under it.
            let contents = node.element_ref().and_then(|e| e.template_contents);
            if let Some(c) = contents.and_then(|id| doc.tree.get(&id)) {
                stack.push((c, depth + 1));
            }
        }
        deepest
    }

    fn nested(open: &str, close: &str, n: usize, inside: &str) -> String {
        format!("{}{inside}{}", open.repeat(n), close.repeat(n))
    }

    #[test]
    fn ordinary_pages_pass_unchanged() {
        let n = 2 * MAX_DEPTH;
        let sloppy = [
            "<p><span>Unclosed span in a closed paragraph.</p>",
            "<p><b>Unclosed bold, then a paragraph.",
            "<ul><li><b>Item<li><a href=#>link</ul>",
            "<dl><dt>Term<dd><i>definition</dl>",
            "<table><tr><td><font face=Arial>cell<td>cell</table>",
            "<div><p>Paragraph left open</div>",
            "<form><input name=q></form><hr/><img src=a.png />",
            "<svg viewBox='0 0 1 1'><path d='M0 0'/><g><circle r=1 /></g></svg>",
        ];
        let body: String = sloppy.iter().map(|s| s.repeat(n)).collect();
        let page = format!(
            "<!DOCTYPE html><html><head><title>T <div></title>\
             <script>for (;;) document.write('{}');</script></head><body>\
             {body}<!-- <div> --!> <a href='x>y'>link</a></body></html>",
            "<div>".repeat(n),
        );
        assert!(matches!(bound_depth(&page), Cow::Borrowed(_)));
    }

    #[test]
    fn tags_past_the_limit_go_and_their_text_stays() {
        let page = nested("<div>", "</div>", 3 * MAX_DEPTH, "<p>Deep text.</p>");
        let bounded = bound_depth(&page);
        assert_eq!(bounded.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(bounded.matches("</div>").count(), MAX_DEPTH);
        assert!(bounded.contains("<p>Deep text.</p>"));
        assert!(
            matches!(bound_depth(&bounded), Cow::Borrowed(_)),
            "within the limit once bounded"
        );
    }

    /// Pages built to slip past a model that believed every end tag, every
    /// `/>` or every formatting element closed: html5ever nests each of
    /// them deeper than the limit, and within a small factor of it once
    /// bounded.
    #[test]
    fn html5ever_never_nests_far_past_the_limit() {
        let n = 2 * MAX_DEPTH + 100;
        let rounds = |round: &str| round.repeat(n / 100 + 1);
        let reopened: String = (0..n).map(|i| format!("<div><b id={i}></div>x")).collect();
        // `</b>` in a cell cannot reach a bold element outside the table.
        let behind_marker: String = (0..n)
            .map(|i| format!("<div><b id={i}></div><table><td></b></td></table>x"))
            .collect();
        let pages = [
            ("self-closing divs", "<div/>".repeat(n)),
            ("reopened formatting", reopened),
            ("end tags behind a marker", behind_marker),
            ("leaving svg", format!("<svg>{}", "<div/>".repeat(n))),
            ("svg style", format!("<svg><style>{}", "<g>".repeat(n))),
            ("svg cells", format!("<svg>{}", "<td>".repeat(n))),
            ("tables", nested("<table><td>", "</table>", n, "x")),
            (
                "templates",
                format!("<table><td>{}", "<template><td>".repeat(n)),
            ),
            (
                "ends out of scope",
                rounds(&nested("<div>", "</div>", 100, "<object>")),
            ),
            ("span over div", "<span><div></span>".repeat(n)),
            (
                "form",
                rounds(&format!("<form>{}</form>", "<div>".repeat(100))),
            ),
            ("li over ul", "<li><ul></li>".repeat(n)),
            ("bold over div", "<b><div></b>".repeat(n)),
        ];
        for (what, page) in pages {
            assert!(tree_depth(&page) > n, "{what} nests deep unbounded");
            let depth = tree_depth(&bound_depth(&page));
            assert!(depth <= 4 * MAX_DEPTH, "{what}: {depth}");
        }
    }
}
