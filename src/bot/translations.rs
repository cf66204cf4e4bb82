//! The catalogue in other languages than English, and the choice of one
//! for a user: Telegram's `language_code` ("ru", "pt-br"), the console's
//! `--lang` or `LANG` ("de_DE.UTF-8"). Counts are put so that no plural
//! form depends on the number ("articles: 5"), since Slavic languages
//! have three and a template has one.

use super::messages::{Catalogue, EN};

/// The catalogue for a language tag or locale; English when none fits.
pub fn catalogue_for(tag: Option<&str>) -> &'static Catalogue {
    let Some(tag) = tag else {
        return &EN;
    };
    let primary: String = tag
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    LANGUAGES
        .iter()
        .find(|(code, _)| *code == primary)
        .map_or(&EN, |(_, c)| *c)
}

/// The languages the bot speaks, by ISO 639-1 code.
pub const LANGUAGES: &[(&str, &Catalogue)] = &[
    ("en", &EN),
    ("ru", &RU),
    ("uk", &UK),
    ("de", &DE),
    ("es", &ES),
    ("fr", &FR),
    ("zh", &ZH),
];

/// Russian.
pub const RU: Catalogue = Catalogue {
    greeting_one: "Здравствуйте! Я отвечаю на вопросы по одной новостной статье",
    greeting_many: "Здравствуйте! Я отвечаю на вопросы по новостным статьям (их у меня {count})",
    greeting_examples: ", например {titles}",
    greeting_ask: ". Спрашивайте простыми словами, например «Кто …?», «Когда …?» или «Сколько …?». /help покажет команды.",
    greeting_empty: "Здравствуйте! У меня пока нет ни одной статьи, поэтому я не могу отвечать на вопросы. Добавьте файлы .txt, .md или .html в мою папку со статьями, и через несколько секунд я их прочитаю.",
    console_intro: "(чат в консоли: введите вопрос, /help — команды, Ctrl-D — выход)",
    help_intro: "Задайте вопрос простыми словами, и я отвечу предложением из моих статей: ответ выделен жирным, указана статья, откуда он взят.",
    help_more_button: "Нажмите «Ещё», чтобы увидеть другие предложения.",
    help_more_command: "Введите /more, чтобы увидеть другие предложения.",
    help_commands: "Команды:",
    help_groups: "В группах упомяните меня или ответьте на моё сообщение.",
    about: "articlebot {version} — отвечает на вопросы по папке с новостными статьями. Исходный код: {source}",
    about_source: "открытый код (Rust, teloxide); см. README.md в его репозитории",
    articles_heading: "Статьи, которые я знаю ({count}):",
    articles_page: "Страница {page} из {pages}. /articles {next} — следующая.",
    unknown: "К сожалению, я не знаю: в моих статьях нет ответа на этот вопрос.",
    unknown_see_articles: "Введите /articles, чтобы увидеть, о чём я знаю.",
    unknown_closest: "Ближе всего статьи: {titles}.",
    more_hint: "(/more — другие предложения)",
    more_button: "Ещё",
    no_more: "Других ответов на этот вопрос нет.",
    more_first: "Сначала задайте вопрос; затем /more покажет другие предложения, которые могут на него ответить.",
    unknown_command: "Я не знаю команды /{command}. Попробуйте /help.",
    empty: "Пришлите мне вопрос о новостных статьях, которые я знаю, например «Кто …?» или «Когда …?».",
    not_text: "Я понимаю только текст. Пришлите вопрос текстом.",
    slow_down: "Вы отправляете сообщения быстрее, чем я успеваю их читать. Пожалуйста, помедленнее: я снова отвечу через минуту.",
    private: "К сожалению, это закрытый бот, и в этом чате он не отвечает.",
    failed: "К сожалению, при ответе что-то пошло не так. Попробуйте ещё раз.",
    expired: "Эта кнопка устарела. Задайте вопрос ещё раз.",
    command_start: "Что я знаю и как спрашивать",
    command_help: "Как спрашивать и команды",
    command_articles: "Статьи, которые я прочитал",
    command_about: "Версия и исходный код",
    help_start: "что я знаю",
    help_help: "эта справка",
    help_articles: "статьи, которые я прочитал",
    help_about: "версия и исходный код",
    help_more: "другие предложения к последнему вопросу",
};

/// Ukrainian.
pub const UK: Catalogue = Catalogue {
    greeting_one: "Вітаю! Я відповідаю на запитання про одну новинну статтю",
    greeting_many: "Вітаю! Я відповідаю на запитання про новинні статті (їх у мене {count})",
    greeting_examples: ", наприклад {titles}",
    greeting_ask: ". Питайте простими словами, наприклад «Хто …?», «Коли …?» або «Скільки …?». /help покаже команди.",
    greeting_empty: "Вітаю! У мене ще немає жодної статті, тож я не можу відповідати на запитання. Додайте файли .txt, .md або .html до моєї теки зі статтями, і за кілька секунд я їх прочитаю.",
    console_intro: "(чат у консолі: введіть запитання, /help — команди, Ctrl-D — вихід)",
    help_intro: "Поставте запитання простими словами, і я відповім реченням з моїх статей: відповідь виділено жирним, указано статтю, звідки її взято.",
    help_more_button: "Натисніть «Ще», щоб побачити інші речення.",
    help_more_command: "Введіть /more, щоб побачити інші речення.",
    help_commands: "Команди:",
    help_groups: "У групах згадайте мене або дайте відповідь на моє повідомлення.",
    about: "articlebot {version} — відповідає на запитання про теку з новинними статтями. Вихідний код: {source}",
    about_source: "відкритий код (Rust, teloxide); див. README.md у його репозиторії",
    articles_heading: "Статті, які я знаю ({count}):",
    articles_page: "Сторінка {page} з {pages}. /articles {next} — наступна.",
    unknown: "На жаль, я не знаю: у моїх статтях немає відповіді на це запитання.",
    unknown_see_articles: "Введіть /articles, щоб побачити, про що я знаю.",
    unknown_closest: "Найближчі статті: {titles}.",
    more_hint: "(/more — інші речення)",
    more_button: "Ще",
    no_more: "Інших відповідей на це запитання немає.",
    more_first: "Спершу поставте запитання; потім /more покаже інші речення, які можуть на нього відповісти.",
    unknown_command: "Я не знаю команди /{command}. Спробуйте /help.",
    empty: "Надішліть мені запитання про новинні статті, які я знаю, наприклад «Хто …?» або «Коли …?».",
    not_text: "Я розумію лише текст. Надішліть запитання текстом.",
    slow_down: "Ви надсилаєте повідомлення швидше, ніж я встигаю їх читати. Будь ласка, повільніше: я знову відповім за хвилину.",
    private: "На жаль, це приватний бот, і в цьому чаті він не відповідає.",
    failed: "На жаль, під час відповіді щось пішло не так. Спробуйте ще раз.",
    expired: "Ця кнопка застаріла. Поставте запитання ще раз.",
    command_start: "Що я знаю і як питати",
    command_help: "Як питати, і команди",
    command_articles: "Статті, які я прочитав",
    command_about: "Версія і вихідний код",
    help_start: "що я знаю",
    help_help: "ця довідка",
    help_articles: "статті, які я прочитав",
    help_about: "версія і вихідний код",
    help_more: "інші речення до останнього запитання",
};

/// German.
pub const DE: Catalogue = Catalogue {
    greeting_one: "Hallo! Ich beantworte Fragen zu einem Nachrichtenartikel",
    greeting_many: "Hallo! Ich beantworte Fragen zu {count} Nachrichtenartikeln",
    greeting_examples: ", zum Beispiel {titles}",
    greeting_ask: ". Fragen Sie mich in einfachen Worten, etwa „Wer …?“, „Wann …?“ oder „Wie viele …?“. /help zeigt die Befehle.",
    greeting_empty: "Hallo! Ich habe noch keine Artikel und kann deshalb keine Fragen beantworten. Legen Sie .txt-, .md- oder .html-Dateien in meinen Artikelordner, und ich lese sie innerhalb von Sekunden.",
    console_intro: "(Konsolen-Chat: Frage eingeben, /help für die Befehle, Strg-D zum Beenden)",
    help_intro: "Stellen Sie eine Frage in einfachen Worten, und ich antworte mit dem Satz aus meinen Artikeln, der sie beantwortet – die Antwort fett, dazu der Artikel, aus dem sie stammt.",
    help_more_button: "Tippen Sie auf „Mehr“ für weitere Sätze.",
    help_more_command: "Geben Sie /more ein für weitere Sätze.",
    help_commands: "Befehle:",
    help_groups: "In Gruppen erwähnen Sie mich oder antworten auf meine Nachricht.",
    about: "articlebot {version} – beantwortet Fragen zu einem Ordner mit Nachrichtenartikeln. Quellcode: {source}",
    about_source: "Open Source (Rust, teloxide); siehe README.md in seinem Repository",
    articles_heading: "Artikel, die ich kenne ({count}):",
    articles_page: "Seite {page} von {pages}. /articles {next} für mehr.",
    unknown: "Das weiß ich leider nicht – keiner meiner Artikel beantwortet das.",
    unknown_see_articles: "Geben Sie /articles ein, um zu sehen, worüber ich Bescheid weiß.",
    unknown_closest: "Am nächsten kommen: {titles}.",
    more_hint: "(/more für weitere Sätze)",
    more_button: "Mehr",
    no_more: "Keine weiteren Antworten auf diese Frage.",
    more_first: "Stellen Sie mir zuerst eine Frage; /more zeigt dann weitere Sätze, die sie beantworten könnten.",
    unknown_command: "Den Befehl /{command} kenne ich nicht. Versuchen Sie /help.",
    empty: "Schicken Sie mir eine Frage zu den Nachrichtenartikeln, die ich kenne, zum Beispiel „Wer …?“ oder „Wann …?“.",
    not_text: "Ich kann nur Text lesen. Schicken Sie mir Ihre Frage als Text.",
    slow_down: "Sie schicken Nachrichten schneller, als ich sie lesen kann. Bitte langsamer; in einer Minute antworte ich wieder.",
    private: "Dieser Bot ist leider privat und antwortet in diesem Chat nicht.",
    failed: "Beim Antworten ist leider etwas schiefgegangen. Bitte versuchen Sie es noch einmal.",
    expired: "Diese Schaltfläche ist abgelaufen. Bitte stellen Sie Ihre Frage noch einmal.",
    command_start: "Was ich weiß und wie man fragt",
    command_help: "Wie man fragt, und die Befehle",
    command_articles: "Die Artikel, die ich gelesen habe",
    command_about: "Version und Quellcode",
    help_start: "was ich weiß",
    help_help: "diese Hilfe",
    help_articles: "die Artikel, die ich gelesen habe",
    help_about: "Version und Quellcode",
    help_more: "weitere Sätze zur letzten Frage",
};

/// Spanish.
pub const ES: Catalogue = Catalogue {
    greeting_one: "¡Hola! Respondo preguntas sobre un artículo de noticias",
    greeting_many: "¡Hola! Respondo preguntas sobre {count} artículos de noticias",
    greeting_examples: ", como {titles}",
    greeting_ask: ". Pregúntame con tus propias palabras, por ejemplo «¿Quién …?», «¿Cuándo …?» o «¿Cuántos …?». /help muestra los comandos.",
    greeting_empty: "¡Hola! Todavía no tengo artículos, así que no puedo responder preguntas. Añade archivos .txt, .md o .html a mi carpeta de artículos y los leeré en unos segundos.",
    console_intro: "(chat en la consola: escribe una pregunta, /help para los comandos, Ctrl-D para salir)",
    help_intro: "Haz una pregunta con tus palabras y te respondo con la frase de mis artículos que la contesta, con la respuesta en negrita y el artículo del que procede.",
    help_more_button: "Pulsa «Más» para ver otras frases.",
    help_more_command: "Escribe /more para ver otras frases.",
    help_commands: "Comandos:",
    help_groups: "En los grupos, mencióname o responde a mi mensaje.",
    about: "articlebot {version}: responde preguntas sobre una carpeta de artículos de noticias. Código fuente: {source}",
    about_source: "código abierto (Rust, teloxide); consulta README.md en su repositorio",
    articles_heading: "Artículos que conozco ({count}):",
    articles_page: "Página {page} de {pages}. /articles {next} para ver más.",
    unknown: "Lo siento, no lo sé: nada en mis artículos responde a eso.",
    unknown_see_articles: "Escribe /articles para ver de qué sé.",
    unknown_closest: "Los artículos más cercanos: {titles}.",
    more_hint: "(/more para otras frases)",
    more_button: "Más",
    no_more: "No hay más respuestas a esa pregunta.",
    more_first: "Hazme primero una pregunta; luego /more muestra otras frases que pueden responderla.",
    unknown_command: "No conozco el comando /{command}. Prueba /help.",
    empty: "Envíame una pregunta sobre los artículos de noticias que conozco, por ejemplo «¿Quién …?» o «¿Cuándo …?».",
    not_text: "Solo puedo leer texto. Envíame tu pregunta como texto.",
    slow_down: "Envías mensajes más rápido de lo que puedo leerlos. Ve más despacio, por favor; volveré a responder en un minuto.",
    private: "Lo siento, este bot es privado y no responde en este chat.",
    failed: "Lo siento, algo salió mal al responder. Inténtalo de nuevo.",
    expired: "Este botón ha caducado. Vuelve a hacer tu pregunta.",
    command_start: "Qué sé y cómo preguntar",
    command_help: "Cómo preguntar y los comandos",
    command_articles: "Los artículos que he leído",
    command_about: "Versión y código fuente",
    help_start: "qué sé",
    help_help: "esta ayuda",
    help_articles: "los artículos que he leído",
    help_about: "versión y código fuente",
    help_more: "otras frases para la última pregunta",
};

/// French.
pub const FR: Catalogue = Catalogue {
    greeting_one: "Bonjour ! Je réponds aux questions sur un article d’actualité",
    greeting_many: "Bonjour ! Je réponds aux questions sur {count} articles d’actualité",
    greeting_examples: ", par exemple {titles}",
    greeting_ask: ". Posez-moi vos questions avec vos mots, par exemple « Qui … ? », « Quand … ? » ou « Combien … ? ». /help affiche les commandes.",
    greeting_empty: "Bonjour ! Je n’ai encore aucun article, je ne peux donc pas répondre aux questions. Ajoutez des fichiers .txt, .md ou .html à mon dossier d’articles et je les lirai en quelques secondes.",
    console_intro: "(discussion en console : tapez une question, /help pour les commandes, Ctrl-D pour quitter)",
    help_intro: "Posez une question avec vos mots et je réponds par la phrase de mes articles qui y répond, la réponse en gras et l’article dont elle vient.",
    help_more_button: "Appuyez sur « Plus » pour d’autres phrases.",
    help_more_command: "Tapez /more pour d’autres phrases.",
    help_commands: "Commandes :",
    help_groups: "Dans les groupes, mentionnez-moi ou répondez à mon message.",
    about: "articlebot {version} – répond aux questions sur un dossier d’articles d’actualité. Code source : {source}",
    about_source: "logiciel libre (Rust, teloxide) ; voir README.md dans son dépôt",
    articles_heading: "Articles que je connais ({count}) :",
    articles_page: "Page {page} sur {pages}. /articles {next} pour la suite.",
    unknown: "Désolé, je ne sais pas : rien dans mes articles ne répond à cela.",
    unknown_see_articles: "Tapez /articles pour voir ce que je connais.",
    unknown_closest: "Articles les plus proches : {titles}.",
    more_hint: "(/more pour d’autres phrases)",
    more_button: "Plus",
    no_more: "Plus d’autres réponses à cette question.",
    more_first: "Posez-moi d’abord une question ; /more affiche ensuite d’autres phrases qui peuvent y répondre.",
    unknown_command: "Je ne connais pas la commande /{command}. Essayez /help.",
    empty: "Envoyez-moi une question sur les articles d’actualité que je connais, par exemple « Qui … ? » ou « Quand … ? ».",
    not_text: "Je ne sais lire que du texte. Envoyez-moi votre question sous forme de texte.",
    slow_down: "Vous envoyez des messages plus vite que je ne peux les lire. Ralentissez, s’il vous plaît ; je répondrai de nouveau dans une minute.",
    private: "Désolé, ce bot est privé et ne répond pas dans cette discussion.",
    failed: "Désolé, un problème est survenu pendant la réponse. Veuillez réessayer.",
    expired: "Ce bouton a expiré. Veuillez poser votre question à nouveau.",
    command_start: "Ce que je sais et comment demander",
    command_help: "Comment demander, et les commandes",
    command_articles: "Les articles que j’ai lus",
    command_about: "Version et code source",
    help_start: "ce que je sais",
    help_help: "cette aide",
    help_articles: "les articles que j’ai lus",
    help_about: "version et code source",
    help_more: "d’autres phrases pour la dernière question",
};

/// Chinese (simplified).
pub const ZH: Catalogue = Catalogue {
    greeting_one: "你好！我可以回答关于 1 篇新闻文章的问题",
    greeting_many: "你好！我可以回答关于 {count} 篇新闻文章的问题",
    greeting_examples: "，例如{titles}",
    greeting_ask: "。请用自己的话提问，例如“谁……？”“什么时候……？”或“多少……？”。/help 显示命令。",
    greeting_empty: "你好！我还没有任何文章，所以无法回答问题。请把 .txt、.md 或 .html 文件放进我的文章文件夹，几秒钟内我就会读取它们。",
    console_intro: "（控制台对话：输入问题，/help 查看命令，Ctrl-D 退出）",
    help_intro: "用自己的话提问，我会用文章中回答该问题的句子答复你，答案以粗体标出，并注明出自哪篇文章。",
    help_more_button: "点击“更多”查看其他句子。",
    help_more_command: "输入 /more 查看其他句子。",
    help_commands: "命令：",
    help_groups: "在群组中，请提及我或回复我的消息。",
    about: "articlebot {version} —— 回答关于一个新闻文章文件夹的问题。源代码：{source}",
    about_source: "开源软件（Rust、teloxide）；见其代码库中的 README.md",
    articles_heading: "我知道的文章（{count} 篇）：",
    articles_page: "第 {page} 页，共 {pages} 页。输入 /articles {next} 查看更多。",
    unknown: "抱歉，我不知道——我的文章里没有能回答这个问题的内容。",
    unknown_see_articles: "输入 /articles 查看我了解哪些内容。",
    unknown_closest: "最接近的文章：{titles}。",
    more_hint: "（/more 查看其他句子）",
    more_button: "更多",
    no_more: "这个问题没有更多答案了。",
    more_first: "请先问我一个问题；之后 /more 会显示其他可能回答它的句子。",
    unknown_command: "我不认识命令 /{command}。试试 /help。",
    empty: "请发给我一个关于我所知新闻文章的问题，例如“谁……？”或“什么时候……？”。",
    not_text: "我只能读取文字。请用文字发送你的问题。",
    slow_down: "你发送消息的速度超过了我阅读的速度。请慢一点；一分钟后我会再次回答。",
    private: "抱歉，这是一个私人机器人，不在此聊天中回答。",
    failed: "抱歉，回答时出了问题。请再试一次。",
    expired: "此按钮已过期。请重新提问。",
    command_start: "我知道什么以及如何提问",
    command_help: "如何提问以及命令",
    command_articles: "我读过的文章",
    command_about: "版本和源代码",
    help_start: "我知道什么",
    help_help: "本帮助",
    help_articles: "我读过的文章",
    help_about: "版本和源代码",
    help_more: "上一个问题的其他句子",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_or_locale_picks_its_language_and_anything_else_english() {
        assert_eq!(catalogue_for(Some("ru")).unknown, RU.unknown);
        assert_eq!(catalogue_for(Some("de_DE.UTF-8")).unknown, DE.unknown);
        assert_eq!(catalogue_for(Some("zh-hans")).unknown, ZH.unknown);
        assert_eq!(catalogue_for(Some("UK")).unknown, UK.unknown);
        assert_eq!(catalogue_for(Some("pt-br")).unknown, EN.unknown);
        assert_eq!(catalogue_for(Some("C")).unknown, EN.unknown);
        assert_eq!(catalogue_for(None).unknown, EN.unknown);
    }

    /// Every template keeps its English blanks: a lost `{count}` would say
    /// nothing, a misspelt one would show its braces.
    #[test]
    fn translations_keep_every_blank() {
        fn blanks(s: &str) -> Vec<&str> {
            let mut out: Vec<&str> = s
                .match_indices('{')
                .filter_map(|(i, _)| s[i..].find('}').map(|j| &s[i..=i + j]))
                .collect();
            out.sort_unstable();
            out
        }
        let fields = |c: &Catalogue| match serde_json::to_value(c) {
            Ok(serde_json::Value::Object(m)) => m,
            other => panic!("a catalogue is an object: {other:?}"),
        };
        let en = fields(&EN);
        for (code, c) in LANGUAGES {
            let tr = fields(c);
            assert_eq!(tr.len(), en.len());
            for (name, en) in &en {
                let (en, tr) = (en.as_str().unwrap(), tr[name].as_str().unwrap());
                assert_eq!(blanks(en), blanks(tr), "{code}: {name}");
                assert!(!tr.trim().is_empty(), "{code}: {name}");
            }
        }
    }
}
