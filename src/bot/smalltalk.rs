//! Messages that are not questions but manners: "hi", "thanks!",
//! "bye". A user who thanks the bot should not be told that nothing in
//! its articles answers that. Only a whole message counts, in the
//! languages the bot speaks ([`super::translations`]): "thanks, and who
//! is the minister?" is a question and goes to the engine.

/// What a message of manners says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmallTalk {
    /// "Hi", "good morning", "hallo": answered with the greeting.
    Hello,
    /// "Thanks", "thank you very much", "merci".
    Thanks,
    /// "Bye", "see you", "tschüss".
    Bye,
}

/// Greetings, as whole messages once folded (lower case, punctuation and
/// emoji dropped, spaces collapsed).
const HELLO: &[&str] = &[
    "hi",
    "hii",
    "hey",
    "hey there",
    "hi there",
    "hello",
    "hello there",
    "hallo",
    "hiya",
    "howdy",
    "yo",
    "greetings",
    "good morning",
    "good afternoon",
    "good evening",
    "hi bot",
    "hello bot",
    "привет",
    "здравствуйте",
    "здравствуй",
    "добрый день",
    "доброе утро",
    "добрый вечер",
    "привіт",
    "вітаю",
    "добрий день",
    "guten tag",
    "guten morgen",
    "guten abend",
    "servus",
    "moin",
    "hola",
    "buenos días",
    "buenos dias",
    "buenas tardes",
    "buenas noches",
    "bonjour",
    "salut",
    "bonsoir",
    "你好",
    "您好",
    "嗨",
];

/// Thanks, folded as [`HELLO`].
const THANKS: &[&str] = &[
    "thanks",
    "thank you",
    "thank you very much",
    "thanks a lot",
    "thanks so much",
    "many thanks",
    "thx",
    "ty",
    "tysm",
    "cheers",
    "great thanks",
    "ok thanks",
    "okay thanks",
    "ok thank you",
    "thanks bot",
    "thank you bot",
    "perfect thanks",
    "спасибо",
    "спасибо большое",
    "большое спасибо",
    "благодарю",
    "дякую",
    "дуже дякую",
    "danke",
    "danke schön",
    "danke schon",
    "dankeschön",
    "vielen dank",
    "gracias",
    "muchas gracias",
    "merci",
    "merci beaucoup",
    "谢谢",
    "谢谢你",
    "多谢",
];

/// Farewells, folded as [`HELLO`].
const BYE: &[&str] = &[
    "bye",
    "bye bye",
    "goodbye",
    "good bye",
    "see you",
    "see ya",
    "good night",
    "пока",
    "до свидания",
    "бувай",
    "до побачення",
    "tschüss",
    "tschüs",
    "auf wiedersehen",
    "adiós",
    "adios",
    "hasta luego",
    "au revoir",
    "再见",
];

/// What `message` says when it is only manners; `None` for anything else,
/// questions included.
pub fn recognize(message: &str) -> Option<SmallTalk> {
    // Manners are short: a long message is never read as one.
    if message.len() > 64 {
        return None;
    }
    let folded: String = message
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect();
    let folded = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.is_empty() {
        return None;
    }
    [
        (HELLO, SmallTalk::Hello),
        (THANKS, SmallTalk::Thanks),
        (BYE, SmallTalk::Bye),
    ]
    .into_iter()
    .find(|(phrases, _)| phrases.contains(&folded.as_str()))
    .map(|(_, talk)| talk)
}

/// `message` without the manners it opens with ("Thanks, and when did
/// it open?" → "and when did it open?"), so that the words of thanks or
/// greeting are not looked for in the articles; `message` itself when it
/// opens with none.
pub fn without_manners(message: &str) -> &str {
    let Some(cut) = message.find([',', '!', '.', ';', ':', '—', '–']) else {
        return message;
    };
    let (opening, rest) = message.split_at(cut);
    let rest = rest
        .trim_start_matches([',', '!', '.', ';', ':', '—', '–'])
        .trim_start();
    if rest.is_empty() || recognize(opening).is_none() {
        return message;
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_messages_of_manners_are_recognized_in_every_language() {
        assert_eq!(recognize("Hi!"), Some(SmallTalk::Hello));
        assert_eq!(recognize("  Good morning :)"), Some(SmallTalk::Hello));
        assert_eq!(recognize("thanks!"), Some(SmallTalk::Thanks));
        assert_eq!(recognize("Thank you very much 🙏"), Some(SmallTalk::Thanks));
        assert_eq!(recognize("Спасибо!"), Some(SmallTalk::Thanks));
        assert_eq!(recognize("Danke schön"), Some(SmallTalk::Thanks));
        assert_eq!(recognize("谢谢"), Some(SmallTalk::Thanks));
        assert_eq!(recognize("Bye."), Some(SmallTalk::Bye));
        assert_eq!(recognize("au revoir"), Some(SmallTalk::Bye));
    }

    #[test]
    fn questions_and_other_words_are_not_manners() {
        assert_eq!(recognize("thanks, and who is the minister?"), None);
        assert_eq!(recognize("Who said hello?"), None);
        assert_eq!(recognize("hi who met Iwaya"), None);
        assert_eq!(recognize("Hilo"), None);
        assert_eq!(recognize(""), None);
        assert_eq!(recognize("?!"), None);
        assert_eq!(recognize(&"thanks ".repeat(20)), None);
    }

    #[test]
    fn a_question_opening_with_manners_is_the_question() {
        assert_eq!(
            without_manners("Thanks, and when did it open?"),
            "and when did it open?"
        );
        assert_eq!(
            without_manners("Hi! Who is the minister?"),
            "Who is the minister?"
        );
        assert_eq!(without_manners("Who is it? Thanks!"), "Who is it? Thanks!");
        assert_eq!(
            without_manners("Mr. Smith, who is he?"),
            "Mr. Smith, who is he?"
        );
        assert_eq!(without_manners("thanks!"), "thanks!");
    }
}
