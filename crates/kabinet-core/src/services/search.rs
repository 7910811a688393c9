//! Search over the service catalogue, as citizens type: Russian word forms
//! (паспорт / паспорта / паспортом — the Snowball Russian stemmer), one or two
//! typos (пасспорт — edit distance on the stems, optimal string alignment, so a
//! swap of two letters is one typo), the last word still being typed (загр…), and
//! the short forms each service lists in its keywords (загран, права, ИНН). English
//! titles are indexed too (the English stemmer), for the English interface.
//!
//! An [`Index`] is built once per catalogue version; a query walks the query's
//! stems, not the catalogue: exact stems through the postings, typos only against
//! stems of a near length. Ranking: how many of the query's words a service
//! matches, then the weight of where they matched (title and keywords over the
//! summary), exact over typo.

use std::collections::{BTreeMap, HashMap};

use rust_stemmers::{Algorithm, Stemmer};

use crate::api::services::{CatalogueView, Service};

/// Where a word was found, and what it is worth.
const TITLE: f32 = 3.0;
const KEYWORD: f32 = 3.0;
const AUTHORITY: f32 = 1.5;
const CATEGORY: f32 = 1.0;
const SUMMARY: f32 = 1.0;

/// Words that say nothing about a service.
const STOP: &[&str] = &[
    "в", "во", "на", "и", "или", "для", "о", "об", "по", "с", "со", "к", "ко", "от", "до", "из",
    "за", "у", "а", "не", "как", "the", "a", "an", "of", "for", "to", "and", "or", "in", "on",
];

/// A service found, with its score (higher first).
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub id: String,
    /// The service's position in the catalogue the index was built from.
    pub position: usize,
    /// How many of the query's words matched.
    pub matched: usize,
    pub score: f32,
}

struct Stemmers {
    ru: Stemmer,
    en: Stemmer,
}

impl Stemmers {
    fn new() -> Self {
        Stemmers {
            ru: Stemmer::create(Algorithm::Russian),
            en: Stemmer::create(Algorithm::English),
        }
    }

    /// The word's stem: Russian for Cyrillic, English for Latin, digits as they are.
    fn stem(&self, word: &str) -> String {
        if word.chars().any(|c| matches!(c, 'а'..='я')) {
            self.ru.stem(word).into_owned()
        } else if word.chars().any(|c| c.is_ascii_alphabetic()) {
            self.en.stem(word).into_owned()
        } else {
            word.to_owned()
        }
    }
}

/// Lower case, ё as е, split on anything but letters and digits; stop words out.
/// «3-НДФЛ» gives «3», «ндфл» and the joined «3ндфл».
fn words(text: &str) -> Vec<String> {
    let lower: String = text
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect();
    let mut out = Vec::new();
    for chunk in lower.split(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ',' | ';' | '«' | '»' | '(' | ')' | '"' | '.' | ':' | '/' | '№'
            )
    }) {
        let parts: Vec<&str> = chunk
            .split(|c: char| !c.is_alphanumeric())
            .filter(|p| !p.is_empty())
            .collect();
        if parts.len() > 1 {
            out.push(parts.concat());
        }
        out.extend(parts.iter().map(|p| (*p).to_owned()));
    }
    out.retain(|w| !STOP.contains(&w.as_str()));
    out
}

/// The stems of a catalogue and where they occur.
pub struct Index {
    ids: Vec<String>,
    /// stem → (service, weight): the weights of every field it occurs in, added
    /// (a word in the title and the keywords counts more than in the title alone).
    postings: BTreeMap<String, Vec<(u32, f32)>>,
    /// Stems by length in chars, for the typo scan.
    by_len: HashMap<usize, Vec<String>>,
    stemmers: Stemmers,
}

/// How many typos a word of this length may carry.
fn typos_allowed(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

impl Index {
    /// Indexes `catalogue`'s services: titles and summaries in both languages,
    /// keywords, the authority's names and the category's name.
    pub fn new(catalogue: &CatalogueView) -> Index {
        let stemmers = Stemmers::new();
        let mut postings: BTreeMap<String, Vec<(u32, f32)>> = BTreeMap::new();
        let authority = |id: &str| catalogue.authorities.iter().find(|a| a.id == id);
        let category = |id: &str| catalogue.categories.iter().find(|c| c.id == id);
        let mut ids = Vec::with_capacity(catalogue.services.len());
        for (i, s) in catalogue.services.iter().enumerate() {
            let doc = u32::try_from(i).unwrap_or(u32::MAX);
            ids.push(s.id.clone());
            let mut add = |text: &str, weight: f32| {
                for w in words(text) {
                    let list = postings.entry(stemmers.stem(&w)).or_default();
                    match list.last_mut() {
                        Some((d, sum)) if *d == doc => *sum = (*sum + weight).min(2.0 * TITLE),
                        _ => list.push((doc, weight)),
                    }
                }
            };
            add(&s.title.ru, TITLE);
            add(&s.title.en, TITLE);
            for k in &s.keywords {
                add(k, KEYWORD);
            }
            add(&s.summary.ru, SUMMARY);
            add(&s.summary.en, SUMMARY);
            if let Some(a) = authority(&s.authority) {
                add(&a.short_name.ru, AUTHORITY);
                add(&a.short_name.en, AUTHORITY);
                add(&a.name.ru, AUTHORITY);
            }
            if let Some(c) = category(&s.category) {
                add(&c.name.ru, CATEGORY);
                add(&c.name.en, CATEGORY);
            }
        }
        let mut by_len: HashMap<usize, Vec<String>> = HashMap::new();
        for stem in postings.keys() {
            by_len
                .entry(stem.chars().count())
                .or_default()
                .push(stem.clone());
        }
        Index {
            ids,
            postings,
            by_len,
            stemmers,
        }
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The services matching `query`, best first, at most `limit`.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let words = words(query);
        if words.is_empty() {
            return Vec::new();
        }
        let last = words.len() - 1;
        // per service: (query words matched, score)
        let mut found: HashMap<u32, (usize, f32)> = HashMap::new();
        for (i, w) in words.iter().enumerate() {
            let stem = self.stemmers.stem(w);
            // The best this word gives each service.
            let mut best: HashMap<u32, f32> = HashMap::new();
            let mut take = |postings: &Vec<(u32, f32)>, factor: f32| {
                for &(doc, weight) in postings {
                    let v = best.entry(doc).or_insert(0.0);
                    *v = v.max(weight * factor);
                }
            };
            if let Some(p) = self.postings.get(&stem) {
                take(p, 1.0);
            }
            // The word being typed: stems it begins (загр → заграничн…).
            if i == last && stem.chars().count() >= 3 {
                for (_, p) in self
                    .postings
                    .range(stem.clone()..)
                    .take_while(|(k, _)| k.starts_with(&stem))
                    .filter(|(k, _)| **k != stem)
                {
                    take(p, 0.8);
                }
            }
            // Typos: stems of a near length within the allowed distance.
            let len = stem.chars().count();
            let allowed = typos_allowed(len);
            if allowed > 0 {
                for l in len.saturating_sub(allowed)..=len + allowed {
                    for candidate in self.by_len.get(&l).into_iter().flatten() {
                        if *candidate == stem {
                            continue;
                        }
                        let d = strsim::osa_distance(&stem, candidate);
                        if d <= allowed
                            && let Some(p) = self.postings.get(candidate)
                        {
                            take(p, 0.6 / d as f32);
                        }
                    }
                }
            }
            for (doc, score) in best {
                let e = found.entry(doc).or_insert((0, 0.0));
                e.0 += 1;
                e.1 += score;
            }
        }
        let mut hits: Vec<Hit> = found
            .into_iter()
            .filter_map(|(doc, (matched, score))| {
                self.ids.get(doc as usize).map(|id| Hit {
                    id: id.clone(),
                    position: doc as usize,
                    matched,
                    score,
                })
            })
            .collect();
        hits.sort_by(|a, b| {
            b.matched
                .cmp(&a.matched)
                .then(b.score.total_cmp(&a.score))
                .then_with(|| a.id.cmp(&b.id))
        });
        // Of several words, a service matching only some of them is shown only when
        // nothing matches them all.
        if let Some(top) = hits.first().map(|h| h.matched)
            && top == words.len()
            && top > 1
        {
            hits.retain(|h| h.matched == top);
        }
        hits.truncate(limit);
        hits
    }

    /// The services themselves for `hits` (of the catalogue this index was built
    /// from).
    pub fn services<'c>(&self, catalogue: &'c CatalogueView, hits: &[Hit]) -> Vec<&'c Service> {
        hits.iter()
            .filter_map(|h| catalogue.services.get(h.position).filter(|s| s.id == h.id))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::api::identity::AccountLevel;
    use crate::api::pension::Texts;
    use crate::api::services::{Applicant, Authority, AuthorityLevel, Category, ResultDelivery};

    fn texts(ru: &str, en: &str) -> Texts {
        Texts {
            ru: ru.into(),
            en: en.into(),
        }
    }

    fn service(id: &str, ru: &str, en: &str, keywords: &[&str], authority: &str) -> Service {
        Service {
            id: id.into(),
            title: texts(ru, en),
            summary: texts("", ""),
            category: "documents".into(),
            authority: authority.into(),
            regions: vec![],
            applicants: vec![Applicant::Citizen],
            min_level: AccountLevel::Standard,
            verification: vec![],
            fee: None,
            documents: vec![],
            result: ResultDelivery::PaperPickup,
            duration_days: 10,
            visit_within_working_days: None,
            online_step: None,
            form: "basic".into(),
            keywords: keywords.iter().map(|k| (*k).to_owned()).collect(),
        }
    }

    fn catalogue() -> CatalogueView {
        let authority = |id: &str, ru: &str| Authority {
            id: id.into(),
            name: texts(ru, ru),
            short_name: texts(ru, ru),
            level: AuthorityLevel::Federal,
            region: None,
        };
        CatalogueView {
            version: "t".into(),
            categories: vec![Category {
                id: "documents".into(),
                name: texts("Документы", "Documents"),
            }],
            authorities: vec![authority("mvd", "МВД"), authority("fns", "ФНС")],
            forms: Default::default(),
            services: vec![
                service(
                    "mvd-passport",
                    "Замена паспорта гражданина РФ в 20 и 45 лет",
                    "Replacing the internal passport at 20 and 45",
                    &["паспорт"],
                    "mvd",
                ),
                service(
                    "mvd-foreign-passport",
                    "Оформление заграничного паспорта",
                    "Foreign passport",
                    &["загран", "загранпаспорт"],
                    "mvd",
                ),
                service(
                    "mvd-driving-licence",
                    "Замена водительского удостоверения",
                    "Replacing a driving licence",
                    &["права", "водительские права"],
                    "mvd",
                ),
                service(
                    "fns-inn",
                    "Получение свидетельства о постановке на учёт в налоговом органе",
                    "Taxpayer number certificate",
                    &["инн"],
                    "fns",
                ),
                service(
                    "fns-deduction",
                    "Налоговый вычет по 3-НДФЛ",
                    "Tax deduction (3-NDFL)",
                    &["вычет"],
                    "fns",
                ),
            ],
        }
    }

    fn ids(index: &Index, q: &str) -> Vec<String> {
        index.search(q, 10).into_iter().map(|h| h.id).collect()
    }

    #[test]
    fn word_forms_typos_short_forms_and_prefixes_find_what_is_meant() {
        let index = Index::new(&catalogue());
        let cases: &[(&str, &str)] = &[
            ("паспорт", "mvd-passport"),
            ("паспорта", "mvd-passport"),
            ("паспортом", "mvd-passport"),
            ("Паспорт", "mvd-passport"),
            ("пасспорт", "mvd-passport"), // one typo
            ("паспотр", "mvd-passport"),  // two letters swapped
            ("загран", "mvd-foreign-passport"),
            ("загранпаспорт", "mvd-foreign-passport"),
            ("заграничный паспорт", "mvd-foreign-passport"),
            ("загр", "mvd-foreign-passport"), // still typing
            ("права", "mvd-driving-licence"),
            ("водительское удостоверение", "mvd-driving-licence"),
            ("водительского удостоверения", "mvd-driving-licence"),
            ("удостоверение водителськое", "mvd-driving-licence"), // typo, any order
            ("ИНН", "fns-inn"),
            ("3-ндфл", "fns-deduction"),
            ("3ндфл", "fns-deduction"),
            ("вычеты", "fns-deduction"),
            ("passport at 45", "mvd-passport"),
            ("driving licence", "mvd-driving-licence"),
        ];
        for (q, want) in cases {
            let got = ids(&index, q);
            assert_eq!(
                got.first().map(String::as_str),
                Some(*want),
                "{q:?} → {got:?}"
            );
        }
    }

    #[test]
    fn a_query_with_nothing_to_find_finds_nothing() {
        let index = Index::new(&catalogue());
        for q in ["", "   ", "и в на", "ёжик", "zzzz", "кот"] {
            assert!(ids(&index, q).is_empty(), "{q:?} → {:?}", ids(&index, q));
        }
    }

    #[test]
    fn several_words_keep_the_services_matching_them_all() {
        let index = Index::new(&catalogue());
        let got = ids(&index, "замена паспорта");
        assert_eq!(
            got,
            ["mvd-passport"],
            "both words: the passport replacement only"
        );
        let got = ids(&index, "паспорт");
        assert_eq!(
            got.len(),
            2,
            "the internal and the foreign passport: {got:?}"
        );
        assert_eq!(
            got[0], "mvd-passport",
            "the keyword and title match ranks first"
        );
    }

    #[test]
    fn the_shipped_catalogue_is_found_by_what_citizens_type() {
        let c = crate::services::catalogue::built_in().unwrap();
        let index = Index::new(c);
        // (typed, the id the first hit starts with)
        let cases: &[(&str, &str)] = &[
            ("паспорт 45", "mvd-passport-20-45"),
            ("замена паспорта в 45 лет", "mvd-passport-20-45"),
            ("пасспорт 20", "mvd-passport-20-45"),
            ("загран", "mvd-foreign-passport"),
            ("загранпаспорта", "mvd-foreign-passport"),
            ("заграничный паспорт", "mvd-foreign-passport"),
            ("права", "mvd-driving-licence"),
            ("водительское удостоверение", "mvd-driving-licence"),
            ("инн", "fns-inn"),
            ("ИНН", "fns-inn"),
            ("прописка", "mvd-registration-residence"),
            ("справка о несудимости", "mvd-no-criminal-record"),
            ("несудимост", "mvd-no-criminal-record"),
            ("выписка егрн", "rosreestr-egrn-extract"),
            ("маткапитал", "sfr-maternity-capital"),
            ("материнского капитала", "sfr-maternity-capital"),
            ("садик", ""), // a kindergarten queue, whichever region's
            ("детский сад", ""),
            ("библиотека", ""),
            ("3-ндфл", "fns-tax-deduction-3ndfl"),
            ("пенсия по старости", "sfr-pension-old-age"),
            ("снилс", "sfr-snils"),
            ("foreign passport", "mvd-foreign-passport"),
        ];
        for (q, want) in cases {
            let got = ids(&index, q);
            let first = got.first().cloned().unwrap_or_default();
            assert!(
                !first.is_empty() && first.starts_with(want),
                "{q:?} → {got:?}"
            );
        }
        assert!(ids(&index, "садик")[0].ends_with("kindergarten-queue"));
        assert!(ids(&index, "библиотека")[0].ends_with("library-info"));
    }

    #[test]
    fn words_split_as_typed() {
        assert_eq!(
            words("Замена «прав» (3-НДФЛ), ёлка"),
            ["замена", "прав", "3ндфл", "3", "ндфл", "елка"]
        );
    }
}
