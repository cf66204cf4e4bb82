//! Question words of languages other than English (English has its own,
//! finer rules in `question`): which words ask for a person, a date, a
//! number, a place, a reason, a manner, an entity or a thing, in the
//! languages of the multilingual bench and a few more. A table per
//! language of phrases, most specific first ("wie viele" before "wie"); a
//! phrase matches words in order (folded, accents ignored) or, in scripts
//! written without spaces, characters in the question's text. Phrases
//! that ask for a name or a kind ("как называется", "qué tipo de",
//! "điều gì", "叫什么名字") are question phrases whole: their noun or verb
//! belongs to the asking, not to the answer's sentence, and as a keyword
//! it pulled other sentences ahead (XQuAD dev parts: Romanian .705 to
//! .708, Vietnamese .728 to .732); so are the rarer case forms of the
//! question words (Russian "какова", Greek "ποιου": Russian .716 to .720).

use super::question::AnswerKind;
use crate::text::Lang;

/// What a question's words say of the answer it wants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Asked {
    /// The kind of answer wanted.
    pub(crate) kind: AnswerKind,
    /// Whether only a year is wanted.
    pub(crate) wants_year: bool,
    /// Byte ranges of the question phrase in the question's text: its
    /// words are no keywords.
    pub(crate) phrase: Vec<std::ops::Range<usize>>,
    /// The word after a "how many" phrase, what is counted.
    pub(crate) focus: Option<String>,
}

use AnswerKind::{Date, Duration, Entity, Manner, Number, Person, Place, Reason, Thing};

/// A question phrase: its words (or characters), the kind it asks for,
/// whether it asks for a year, and whether it must open the question
/// (for words that mean something else inside a sentence: Arabic "من" is
/// "who" first and "from" elsewhere).
type Phrase = (&'static str, AnswerKind, bool, bool);

const Y: bool = true;
const N: bool = false;

/// The phrases of `lang`, most specific first.
fn phrases(lang: Lang) -> &'static [Phrase] {
    use whatlang::Lang as W;
    match lang.inner() {
        W::Deu => &[
            ("in welchem jahr", Date, Y, N),
            ("welchem jahr", Date, Y, N),
            ("welches jahr", Date, Y, N),
            ("seit wann", Date, N, N),
            ("wann", Date, N, N),
            ("wie lange", Duration, N, N),
            ("wie viele", Number, N, N),
            ("wie viel", Number, N, N),
            ("wieviele", Number, N, N),
            ("wieviel", Number, N, N),
            ("wie hoch", Number, N, N),
            ("wie groß", Number, N, N),
            ("wie alt", Number, N, N),
            ("wie weit", Number, N, N),
            ("wo", Place, N, N),
            ("wohin", Place, N, N),
            ("woher", Place, N, N),
            ("warum", Reason, N, N),
            ("weshalb", Reason, N, N),
            ("wieso", Reason, N, N),
            ("wer", Person, N, N),
            ("wen", Person, N, N),
            ("wem", Person, N, N),
            ("wessen", Person, N, N),
            ("wie", Manner, N, N),
            ("welche", Entity, N, N),
            ("welcher", Entity, N, N),
            ("welches", Entity, N, N),
            ("welchen", Entity, N, N),
            ("welchem", Entity, N, N),
            ("was", Thing, N, N),
        ],
        W::Spa => &[
            ("en que ano", Date, Y, N),
            ("que ano", Date, Y, N),
            ("que tipo de", Thing, N, N),
            ("que clase de", Thing, N, N),
            ("cual es el nombre de", Thing, N, N),
            ("cual era el nombre de", Thing, N, N),
            ("cual fue el nombre de", Thing, N, N),
            ("como se llamaba", Thing, N, N),
            ("como se llamaban", Thing, N, N),
            ("como se llama", Thing, N, N),
            ("como se llaman", Thing, N, N),
            ("cuando", Date, N, N),
            ("cuanto tiempo", Duration, N, N),
            ("cuantos", Number, N, N),
            ("cuantas", Number, N, N),
            ("cuanto", Number, N, N),
            ("cuanta", Number, N, N),
            ("donde", Place, N, N),
            ("adonde", Place, N, N),
            ("por que", Reason, N, N),
            ("quien", Person, N, N),
            ("quienes", Person, N, N),
            ("como", Manner, N, Y),
            ("cual", Entity, N, N),
            ("cuales", Entity, N, N),
            ("que", Thing, N, N),
        ],
        W::Por => &[
            ("em que ano", Date, Y, N),
            ("quando", Date, N, N),
            ("quantos", Number, N, N),
            ("quantas", Number, N, N),
            ("quanto", Number, N, N),
            ("onde", Place, N, N),
            ("por que", Reason, N, N),
            ("porque", Reason, N, Y),
            ("quem", Person, N, N),
            ("como", Manner, N, Y),
            ("qual", Entity, N, N),
            ("quais", Entity, N, N),
            ("que", Thing, N, N),
        ],
        W::Ita => &[
            ("in che anno", Date, Y, N),
            ("quando", Date, N, N),
            ("quanti", Number, N, N),
            ("quante", Number, N, N),
            ("quanto", Number, N, N),
            ("dove", Place, N, N),
            ("perche", Reason, N, N),
            ("chi", Person, N, N),
            ("come", Manner, N, Y),
            ("quale", Entity, N, N),
            ("quali", Entity, N, N),
            ("cosa", Thing, N, N),
            ("che", Thing, N, Y),
        ],
        W::Fra => &[
            ("en quelle annee", Date, Y, N),
            ("quelle annee", Date, Y, N),
            ("quand", Date, N, N),
            ("combien", Number, N, N),
            ("ou", Place, N, N),
            ("pourquoi", Reason, N, N),
            ("qui", Person, N, N),
            ("comment", Manner, N, N),
            ("quel", Entity, N, N),
            ("quelle", Entity, N, N),
            ("quels", Entity, N, N),
            ("quelles", Entity, N, N),
            ("lequel", Entity, N, N),
            ("laquelle", Entity, N, N),
            ("quoi", Thing, N, N),
            ("que", Thing, N, N),
        ],
        W::Ron => &[
            ("in ce an", Date, Y, N),
            ("ce an", Date, Y, N),
            ("ce tip de", Thing, N, N),
            ("cum se numeste", Thing, N, N),
            ("cum se numea", Thing, N, N),
            ("cum se numesc", Thing, N, N),
            ("care este numele", Thing, N, N),
            ("care a fost numele", Thing, N, N),
            ("care era numele", Thing, N, N),
            ("cand", Date, N, N),
            ("cat timp", Duration, N, N),
            ("cati", Number, N, N),
            ("cate", Number, N, N),
            ("cat", Number, N, N),
            ("cata", Number, N, N),
            ("unde", Place, N, N),
            ("de ce", Reason, N, N),
            ("cine", Person, N, N),
            ("cui", Person, N, N),
            ("cum", Manner, N, N),
            ("carei", Entity, N, N),
            ("caror", Entity, N, N),
            ("care", Entity, N, N),
            ("ce", Thing, N, N),
        ],
        W::Rus => &[
            ("в каком году", Date, Y, N),
            ("каком году", Date, Y, N),
            ("какого года", Date, Y, N),
            ("как называется", Thing, N, N),
            ("как называются", Thing, N, N),
            ("как назывался", Thing, N, N),
            ("как называлась", Thing, N, N),
            ("как называлось", Thing, N, N),
            ("как назывались", Thing, N, N),
            ("как звали", Person, N, N),
            ("какого типа", Thing, N, N),
            ("какой тип", Thing, N, N),
            ("когда", Date, N, N),
            ("как долго", Duration, N, N),
            ("сколько", Number, N, N),
            ("скольких", Number, N, N),
            ("где", Place, N, N),
            ("куда", Place, N, N),
            ("откуда", Place, N, N),
            ("почему", Reason, N, N),
            ("зачем", Reason, N, N),
            ("кто", Person, N, N),
            ("кого", Person, N, N),
            ("кому", Person, N, N),
            ("кем", Person, N, N),
            ("чей", Person, N, N),
            ("чья", Person, N, N),
            ("чьи", Person, N, N),
            ("чьей", Person, N, N),
            ("чьих", Person, N, N),
            ("чьем", Person, N, N),
            ("какой", Entity, N, N),
            ("какая", Entity, N, N),
            ("какое", Entity, N, N),
            ("какие", Entity, N, N),
            ("каким", Entity, N, N),
            ("какую", Entity, N, N),
            ("каких", Entity, N, N),
            ("какого", Entity, N, N),
            ("какому", Entity, N, N),
            ("каком", Entity, N, N),
            ("какими", Entity, N, N),
            ("какова", Entity, N, N),
            ("каково", Entity, N, N),
            ("каковы", Entity, N, N),
            ("которые", Entity, N, N),
            ("который", Entity, N, N),
            ("как", Manner, N, N),
            ("что", Thing, N, N),
            ("чего", Thing, N, N),
            ("чем", Thing, N, N),
        ],
        W::Ukr => &[
            ("в якому році", Date, Y, N),
            ("у якому році", Date, Y, N),
            ("якому році", Date, Y, N),
            ("якого року", Date, Y, N),
            ("коли", Date, N, N),
            ("як довго", Duration, N, N),
            ("скільки", Number, N, N),
            ("де", Place, N, N),
            ("куди", Place, N, N),
            ("звідки", Place, N, N),
            ("чому", Reason, N, N),
            ("навіщо", Reason, N, N),
            ("хто", Person, N, N),
            ("кого", Person, N, N),
            ("кому", Person, N, N),
            ("ким", Person, N, N),
            ("чий", Person, N, N),
            ("чия", Person, N, N),
            ("чиї", Person, N, N),
            ("який", Entity, N, N),
            ("яка", Entity, N, N),
            ("яке", Entity, N, N),
            ("які", Entity, N, N),
            ("якої", Entity, N, N),
            ("якому", Entity, N, N),
            ("яким", Entity, N, N),
            ("яку", Entity, N, N),
            ("як", Manner, N, N),
            ("що", Thing, N, N),
            ("чого", Thing, N, N),
        ],
        W::Ell => &[
            ("ποια χρονια", Date, Y, N),
            ("ποιο ετοσ", Date, Y, N),
            ("τι ειδουσ", Thing, N, N),
            ("ποιο ειναι το ονομα", Thing, N, N),
            ("ποιο ηταν το ονομα", Thing, N, N),
            ("ποτε", Date, N, N),
            ("ποσο καιρο", Duration, N, N),
            ("ποσοι", Number, N, N),
            ("ποσεσ", Number, N, N),
            ("ποσα", Number, N, N),
            ("ποσο", Number, N, N),
            ("ποση", Number, N, N),
            ("ποσουσ", Number, N, N),
            ("ποσοσ", Number, N, N),
            ("ποσων", Number, N, N),
            ("ποσον", Number, N, N),
            ("που", Place, N, Y),
            ("γιατι", Reason, N, N),
            ("ποιοσ", Person, N, N),
            ("ποιον", Person, N, N),
            ("ποιοι", Person, N, N),
            ("ποια", Entity, N, N),
            ("ποιο", Entity, N, N),
            ("ποιεσ", Entity, N, N),
            ("ποιου", Entity, N, N),
            ("ποιασ", Entity, N, N),
            ("ποιουσ", Entity, N, N),
            ("ποιων", Entity, N, N),
            ("ποιανου", Person, N, N),
            ("πωσ", Manner, N, N),
            ("τι", Thing, N, N),
        ],
        W::Tur => &[
            ("ne zaman", Date, N, N),
            ("hangi yıl", Date, Y, N),
            ("hangi yılda", Date, Y, N),
            ("hangi tarihte", Date, N, N),
            ("kaç yıl", Duration, N, N),
            ("ne kadar", Number, N, N),
            ("kaç", Number, N, N),
            ("nerede", Place, N, N),
            ("nereye", Place, N, N),
            ("nereden", Place, N, N),
            ("neresi", Place, N, N),
            ("neden", Reason, N, N),
            ("niçin", Reason, N, N),
            ("niye", Reason, N, N),
            ("kim", Person, N, N),
            ("kimin", Person, N, N),
            ("kime", Person, N, N),
            ("kimi", Person, N, N),
            ("kimdir", Person, N, N),
            ("kimler", Person, N, N),
            ("nasıl", Manner, N, N),
            ("hangi", Entity, N, N),
            ("nedir", Thing, N, N),
            ("neyi", Thing, N, N),
            ("ne", Thing, N, N),
        ],
        W::Vie => &[
            ("vào năm nào", Date, Y, N),
            ("năm nào", Date, Y, N),
            ("năm bao nhiêu", Date, Y, N),
            ("khi nào", Date, N, N),
            ("bao giờ", Date, N, N),
            ("lúc nào", Date, N, N),
            ("bao lâu", Duration, N, N),
            ("bao nhiêu", Number, N, N),
            ("mấy", Number, N, N),
            ("ở đâu", Place, N, N),
            ("nơi nào", Place, N, N),
            ("đâu", Place, N, N),
            ("tại sao", Reason, N, N),
            ("vì sao", Reason, N, N),
            ("ai", Person, N, N),
            ("như thế nào", Manner, N, N),
            ("thế nào", Manner, N, N),
            ("bằng cách nào", Manner, N, N),
            ("làm sao", Manner, N, N),
            ("nào", Entity, N, N),
            ("điều gì", Thing, N, N),
            ("cái gì", Thing, N, N),
            ("gì", Thing, N, N),
        ],
        W::Hin => &[
            ("किस वर्ष", Date, Y, N),
            ("किस साल", Date, Y, N),
            ("कब", Date, N, N),
            ("कितने समय", Duration, N, N),
            ("कितने", Number, N, N),
            ("कितना", Number, N, N),
            ("कितनी", Number, N, N),
            ("कहाँ", Place, N, N),
            ("कहां", Place, N, N),
            ("क्यों", Reason, N, N),
            ("कौन सा", Entity, N, N),
            ("कौन सी", Entity, N, N),
            ("कौन से", Entity, N, N),
            ("कौनसा", Entity, N, N),
            ("कौन", Person, N, N),
            ("किसने", Person, N, N),
            ("किसको", Person, N, N),
            ("किसे", Person, N, N),
            ("किसका", Person, N, N),
            ("किसकी", Person, N, N),
            ("किसके", Person, N, N),
            ("कैसे", Manner, N, N),
            ("किस", Entity, N, N),
            ("किन", Entity, N, N),
            ("क्या", Thing, N, N),
        ],
        W::Ara => &[
            ("في اي عام", Date, Y, N),
            ("في اي سنة", Date, Y, N),
            ("اي عام", Date, Y, N),
            ("اي سنة", Date, Y, N),
            ("متى", Date, N, N),
            ("كم", Number, N, N),
            ("اين", Place, N, N),
            ("لماذا", Reason, N, N),
            ("من", Person, N, Y),
            ("كيف", Manner, N, N),
            ("اي", Entity, N, N),
            ("ماذا", Thing, N, N),
            ("ما", Thing, N, N),
        ],
        W::Cmn => &[
            ("什么时候", Date, N, N),
            ("什么时间", Date, N, N),
            ("何时", Date, N, N),
            ("哪一年", Date, Y, N),
            ("哪年", Date, Y, N),
            ("哪一天", Date, N, N),
            ("多长时间", Duration, N, N),
            ("多久", Duration, N, N),
            ("多少", Number, N, N),
            ("几个", Number, N, N),
            ("多大", Number, N, N),
            ("多高", Number, N, N),
            ("多远", Number, N, N),
            ("几", Number, N, N),
            ("哪里", Place, N, N),
            ("哪儿", Place, N, N),
            ("在哪", Place, N, N),
            ("何处", Place, N, N),
            ("什么地方", Place, N, N),
            ("为什么", Reason, N, N),
            ("为何", Reason, N, N),
            ("谁", Person, N, N),
            ("哪位", Person, N, N),
            ("叫什么名字", Thing, N, N),
            ("什么名字", Thing, N, N),
            ("什么样的", Thing, N, N),
            ("什么样", Thing, N, N),
            ("哪一位", Person, N, N),
            ("哪一个", Entity, N, N),
            ("哪一项", Entity, N, N),
            ("怎么", Manner, N, N),
            ("怎样", Manner, N, N),
            ("如何", Manner, N, N),
            ("哪个", Entity, N, N),
            ("哪些", Entity, N, N),
            ("哪", Entity, N, N),
            ("什么", Thing, N, N),
        ],
        W::Jpn => &[
            ("何年", Date, Y, N),
            ("いつ", Date, N, N),
            ("何月", Date, N, N),
            ("何日", Date, N, N),
            ("どのくらい", Number, N, N),
            ("どれくらい", Number, N, N),
            ("いくつ", Number, N, N),
            ("いくら", Number, N, N),
            ("何人", Number, N, N),
            ("どこ", Place, N, N),
            ("なぜ", Reason, N, N),
            ("どうして", Reason, N, N),
            ("誰", Person, N, N),
            ("だれ", Person, N, N),
            ("どのように", Manner, N, N),
            ("どうやって", Manner, N, N),
            ("どの", Entity, N, N),
            ("どれ", Entity, N, N),
            ("どちら", Entity, N, N),
            ("何", Thing, N, N),
            ("なに", Thing, N, N),
        ],
        W::Kor => &[
            ("몇 년", Date, Y, N),
            ("몇년", Date, Y, N),
            ("언제", Date, N, N),
            ("얼마나", Number, N, N),
            ("얼마", Number, N, N),
            ("몇", Number, N, N),
            ("어디", Place, N, N),
            ("왜", Reason, N, N),
            ("누구", Person, N, N),
            ("누가", Person, N, N),
            ("어떻게", Manner, N, N),
            ("어느", Entity, N, N),
            ("어떤", Entity, N, N),
            ("무슨", Entity, N, N),
            ("무엇", Thing, N, N),
            ("뭐", Thing, N, N),
        ],
        W::Tha => &[
            ("เมื่อไหร่", Date, N, N),
            ("เมื่อไร", Date, N, N),
            ("ปีใด", Date, Y, N),
            ("ปีไหน", Date, Y, N),
            ("ปีอะไร", Date, Y, N),
            ("ปีที่เท่าไร", Date, Y, N),
            ("ช่วงเวลาใด", Date, N, N),
            ("วันที่เท่าไร", Date, N, N),
            ("นานเท่าไร", Duration, N, N),
            ("เท่าไหร่", Number, N, N),
            ("เท่าไร", Number, N, N),
            ("กี่", Number, N, N),
            ("ที่ไหน", Place, N, N),
            ("ที่ใด", Place, N, N),
            ("ประเทศใด", Place, N, N),
            ("เมืองใด", Place, N, N),
            ("เพราะเหตุใด", Reason, N, N),
            ("เหตุใด", Reason, N, N),
            ("ทำไม", Reason, N, N),
            ("ใคร", Person, N, N),
            ("อย่างไร", Manner, N, N),
            ("ยังไง", Manner, N, N),
            ("อะไร", Thing, N, N),
            ("ใด", Entity, N, N),
            ("ไหน", Entity, N, N),
        ],
        _ => &[],
    }
}

/// Lower case without accents (and with the final sigma as σ), the form
/// the phrases are written in.
fn plain(lang: Lang, word: &str) -> String {
    let folded = crate::text::fold_word(lang, word);
    if lang.inner() == whatlang::Lang::Vie {
        folded
    } else {
        crate::text::strip_marks(&folded).replace('ς', "σ")
    }
}

/// What the question words of `text` (a question in `lang`, not English)
/// ask for; `None` when it has none of them.
pub(crate) fn classify(lang: Lang, text: &str, words: &[(usize, &str)]) -> Option<Asked> {
    let table = phrases(lang);
    if table.is_empty() {
        return None;
    }
    let unspaced = text.chars().any(crate::text::is_unspaced);
    if unspaced {
        let lower = text.to_lowercase();
        // Byte offsets of the lower-cased text are the text's own for the
        // scripts written without spaces, which have no case.
        for &(phrase, kind, year, _) in table {
            if let Some(at) = lower.find(phrase)
                && lower.len() == text.len()
            {
                return Some(Asked {
                    kind,
                    wants_year: year,
                    phrase: std::iter::once(at..at + phrase.len()).collect(),
                    focus: None,
                });
            }
        }
        return None;
    }
    let plain_words: Vec<String> = words.iter().map(|(_, w)| plain(lang, w)).collect();
    // Spanish opens the question proper with '¿': "Cuando el imperialismo
    // afecta a ..., ¿cómo se llama?" asks "how", not "when". Its question
    // words are looked for there first, as if it began the question.
    let asked = text
        .rfind('¿')
        .and_then(|at| words.iter().position(|&(s, _)| s > at))
        .filter(|&from| from > 0);
    if let Some(from) = asked
        && let Some(found) = find_phrase(lang, table, &words[from..], &plain_words[from..])
    {
        return Some(found);
    }
    find_phrase(lang, table, words, &plain_words)
}

/// The first of `table`'s phrases among `words` (their plain forms in
/// `plain_words`), as [`classify`] reads it.
fn find_phrase(
    lang: Lang,
    table: &[Phrase],
    words: &[(usize, &str)],
    plain_words: &[String],
) -> Option<Asked> {
    for &(phrase, kind, year, first_only) in table {
        let parts: Vec<String> = phrase.split(' ').map(|p| plain(lang, p)).collect();
        let n = parts.len();
        if n > plain_words.len() {
            continue;
        }
        let last_start = if first_only { 0 } else { plain_words.len() - n };
        for i in 0..=last_start {
            if plain_words[i..i + n] == parts[..] {
                let phrase = words[i..i + n]
                    .iter()
                    .map(|&(s, w)| s..s + w.len())
                    .collect();
                let focus = (kind == Number)
                    .then(|| {
                        words
                            .get(i + n)
                            .map(|(_, w)| crate::text::fold_word(lang, w))
                    })
                    .flatten();
                return Some(Asked {
                    kind,
                    wants_year: year,
                    phrase,
                    focus,
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(code: &str, q: &str) -> Option<AnswerKind> {
        let lang = Lang::parse(code).expect("code");
        let words = crate::text::words(lang, q);
        classify(lang, q, &words).map(|a| a.kind)
    }

    #[test]
    fn question_words_of_each_language() {
        assert_eq!(kind("ru", "Кто возглавляет правительство?"), Some(Person));
        assert_eq!(kind("ru", "В каком году началась война?"), Some(Date));
        assert_eq!(kind("ru", "Сколько людей погибло?"), Some(Number));
        assert_eq!(kind("uk", "Коли почалася війна?"), Some(Date));
        assert_eq!(kind("uk", "Хто очолює уряд?"), Some(Person));
        assert_eq!(kind("de", "Wie viele Menschen starben?"), Some(Number));
        assert_eq!(kind("de", "Wer ist der Chef der GDL?"), Some(Person));
        assert_eq!(kind("es", "¿Quién ganó las elecciones?"), Some(Person));
        assert_eq!(kind("es", "¿Cuándo empezó la huelga?"), Some(Date));
        assert_eq!(kind("es", "¿Cuando empezo la huelga?"), Some(Date));
        assert_eq!(
            kind("es", "Cuando llegó el ministro, ¿quién habló primero?"),
            Some(Person),
            "the question proper opens with ¿"
        );
        assert_eq!(kind("zh", "特斯拉是哪一年去世的？"), Some(Date));
        assert_eq!(kind("zh", "谁发明了电话？"), Some(Person));
        assert_eq!(kind("ar", "من هو رئيس الوزراء؟"), Some(Person));
        assert_eq!(kind("ar", "متى بدأت الحرب؟"), Some(Date));
        assert_eq!(kind("th", "เทสลาเสียชีวิตในปีใด"), Some(Date));
        assert_eq!(kind("el", "Πότε ξεκίνησε ο πόλεμος;"), Some(Date));
        assert_eq!(kind("tr", "Tesla ne zaman öldü?"), Some(Date));
        assert_eq!(kind("vi", "Tesla mất năm nào?"), Some(Date));
        assert_eq!(kind("hi", "टेस्ला की मृत्यु कब हुई?"), Some(Date));
        assert_eq!(kind("ro", "Când a murit Tesla?"), Some(Date));
        assert_eq!(kind("fr", "Combien de soldats sont morts ?"), Some(Number));
        assert_eq!(kind("de", "Tesla Tod"), None);
    }

    /// Words of the question phrase in `q`, as [`classify`] marks them.
    fn phrase_words(code: &str, q: &str) -> Vec<String> {
        let lang = Lang::parse(code).expect("code");
        let words = crate::text::words(lang, q);
        let asked = classify(lang, q, &words).expect("a question");
        asked
            .phrase
            .iter()
            .map(|r| q[r.clone()].to_string())
            .collect()
    }

    #[test]
    fn asking_for_a_name_or_a_kind_is_question_phrase() {
        assert_eq!(
            phrase_words("ru", "Как называется столица Франции?"),
            ["Как", "называется"]
        );
        assert_eq!(
            phrase_words("es", "¿Qué tipo de motor usaba?"),
            ["Qué", "tipo", "de"]
        );
        assert_eq!(
            phrase_words("el", "Τι είδους κινητήρα χρησιμοποιούσε;"),
            ["Τι", "είδους"]
        );
        assert_eq!(
            phrase_words("ro", "Cum se numește capitala?"),
            ["Cum", "se", "numește"]
        );
        assert_eq!(phrase_words("vi", "Điều gì đã xảy ra?"), ["Điều", "gì"]);
        assert_eq!(
            phrase_words("ru", "Какова численность населения?"),
            ["Какова"]
        );
        assert_eq!(
            phrase_words("el", "Ποιου συγγραφέα το βιβλίο διάβασε;"),
            ["Ποιου"]
        );
        assert_eq!(phrase_words("zh", "他的儿子叫什么名字？"), ["叫什么名字"]);
    }

    #[test]
    fn a_word_that_asks_only_first_asks_only_first() {
        assert_eq!(kind("ar", "وصل الوزير من كييف"), None);
    }
}
