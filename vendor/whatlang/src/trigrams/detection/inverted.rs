// articlebot's patch to whatlang 0.18.0 (see PATCH.md at the crate's root).
//
// `calculate_distance` looks every trigram of every language's profile up
// in the text's trigrams: about 40 × 300 hash lookups for a Latin text,
// whatever its length, which was a seventh of articlebot's load. Here the
// profiles are inverted once (trigram -> the languages whose profile holds
// it, at which rank), so a text costs one lookup per distinct trigram of
// its own (a few hundred for a paragraph) plus one addition per hit.
//
// The distance is the same integer. For a language with profile trigrams
// t_0..t_299 and text positions pos(t):
//
//   calculate_distance = sum over i of (|pos(t_i) - i| if t_i is in the
//   text, else MAX_TRIGRAM_DISTANCE), less the short-text correction,
//   clamped to MAX_TOTAL_DISTANCE
//
// and the sum equals 300 × MAX_TRIGRAM_DISTANCE plus, for each i whose
// trigram is in the text, |pos(t_i) - i| - MAX_TRIGRAM_DISTANCE: exactly
// what is summed below, over the text's trigrams and their entries in the
// inverted profile (a trigram listed twice in one profile has two
// entries, as it has two terms in the original sum).

use std::sync::LazyLock;

use hashbrown::HashMap;

use super::super::{
    ARABIC_LANGS, CYRILLIC_LANGS, DEVANAGARI_LANGS, HEBREW_LANGS, LATIN_LANGS, LangProfileList,
    MAX_TOTAL_DISTANCE, MAX_TRIGRAM_DISTANCE, Trigram,
};

/// For each trigram of a profile list, each (language's index in the
/// list, rank in that language's profile) that holds it.
type Inverted = HashMap<Trigram, Vec<(u16, u16)>>;

fn invert(list: LangProfileList) -> Inverted {
    let mut map: Inverted = HashMap::new();
    for (l, (_, profile)) in list.iter().enumerate() {
        for (rank, &trigram) in profile.iter().enumerate() {
            map.entry(trigram).or_default().push((l as u16, rank as u16));
        }
    }
    map
}

static LATIN: LazyLock<Inverted> = LazyLock::new(|| invert(LATIN_LANGS));
static CYRILLIC: LazyLock<Inverted> = LazyLock::new(|| invert(CYRILLIC_LANGS));
static ARABIC: LazyLock<Inverted> = LazyLock::new(|| invert(ARABIC_LANGS));
static DEVANAGARI: LazyLock<Inverted> = LazyLock::new(|| invert(DEVANAGARI_LANGS));
static HEBREW: LazyLock<Inverted> = LazyLock::new(|| invert(HEBREW_LANGS));

fn inverted_of(list: LangProfileList) -> Option<&'static Inverted> {
    let lists: [(LangProfileList, &'static LazyLock<Inverted>); 5] = [
        (LATIN_LANGS, &LATIN),
        (CYRILLIC_LANGS, &CYRILLIC),
        (ARABIC_LANGS, &ARABIC),
        (DEVANAGARI_LANGS, &DEVANAGARI),
        (HEBREW_LANGS, &HEBREW),
    ];
    lists
        .into_iter()
        .find(|(l, _)| std::ptr::eq(*l, list))
        .map(|(_, inverted)| &**inverted)
}

/// `calculate_distance(profile, text_trigrams)` for each language of
/// `list`, in the list's order.
pub(super) fn distances(list: LangProfileList, text_trigrams: &HashMap<Trigram, u32>) -> Vec<u32> {
    let Some(inverted) = inverted_of(list) else {
        return list
            .iter()
            .map(|&(_, profile)| super::calculate_distance(profile, text_trigrams))
            .collect();
    };
    let max = i64::from(MAX_TRIGRAM_DISTANCE);
    let mut sums: Vec<i64> = list
        .iter()
        .map(|(_, profile)| profile.len() as i64 * max)
        .collect();
    for (trigram, &pos) in text_trigrams {
        if let Some(entries) = inverted.get(trigram) {
            for &(l, rank) in entries {
                sums[usize::from(l)] += (i64::from(pos) - i64::from(rank)).abs() - max;
            }
        }
    }
    let count = text_trigrams.len() as u32;
    sums.into_iter()
        .map(|sum| {
            let mut total = sum as u32;
            if MAX_TRIGRAM_DISTANCE > count {
                total -= (MAX_TRIGRAM_DISTANCE - count) * MAX_TRIGRAM_DISTANCE;
            }
            total.clamp(0, MAX_TOTAL_DISTANCE)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::LowercaseText;
    use crate::trigrams::utils::get_trigrams_with_positions;

    #[test]
    fn inverted_distances_equal_the_lookups() {
        let texts = [
            "",
            "a",
            "The minister arrived in Kyiv on Saturday and met the president.",
            "Die Ordnung muss für immer in diesem Codebase bleiben",
            "Además de todo lo anteriormente dicho, también encontramos...",
            "Та нічого, все нормально. А в тебе як?",
            "وصل الوزير إلى كييف يوم السبت والتقى برئيس أوكرانيا.",
            "मंत्री शनिवार को कीव पहुंचे और यूक्रेन के राष्ट्रपति से मिले।",
            "השר הגיע לקייב ביום שבת ונפגש עם נשיא אוקראינה.",
        ];
        let long = texts.concat().repeat(20);
        for text in texts.iter().copied().chain([long.as_str()]) {
            let positions = get_trigrams_with_positions(&LowercaseText::new(text)).trigram_positions;
            for list in [LATIN_LANGS, CYRILLIC_LANGS, ARABIC_LANGS, DEVANAGARI_LANGS, HEBREW_LANGS] {
                let slow: Vec<u32> = list
                    .iter()
                    .map(|&(_, p)| super::super::calculate_distance(p, &positions))
                    .collect();
                assert_eq!(distances(list, &positions), slow, "{text}");
            }
        }
    }
}
