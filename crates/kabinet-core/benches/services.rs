//! Catalogue search over 1,000 services (the shipped catalogue repeated with
//! varied titles): a one-word query, a query with a typo, a two-word query and the
//! first letters of a word being typed; and building the index. Prints figures;
//! asserts nothing about timings (the target: a search under 5 ms).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use kabinet_core::services::catalogue::built_in;
use kabinet_core::services::search::Index;

fn thousand() -> kabinet_core::api::services::CatalogueView {
    let base = built_in().expect("the shipped catalogue");
    let mut c = base.clone();
    c.services.clear();
    let regions = [
        "Москва",
        "Санкт-Петербург",
        "Новосибирская область",
        "Казань",
        "Пермский край",
    ];
    let mut i = 0;
    while c.services.len() < 1000 {
        for s in &base.services {
            if c.services.len() == 1000 {
                break;
            }
            let mut s = s.clone();
            s.id = format!("{}-{i}", s.id);
            // Vary the words so the index is not 20 copies of the same stems.
            let region = regions[i % regions.len()];
            s.title.ru = format!("{} ({region}, выпуск {i})", s.title.ru);
            s.keywords.push(format!("услуга{i}"));
            c.services.push(s);
            i += 1;
        }
    }
    c
}

fn bench(c: &mut Criterion) {
    let catalogue = thousand();
    assert_eq!(catalogue.services.len(), 1000);
    let index = Index::new(&catalogue);
    assert!(!index.search("загранпаспорт", 20).is_empty());
    c.bench_function("search 1000 services: «паспорт»", |b| {
        b.iter(|| index.search(black_box("паспорт"), 20))
    });
    c.bench_function("search 1000 services: «пасспорт» (a typo)", |b| {
        b.iter(|| index.search(black_box("пасспорт"), 20))
    });
    c.bench_function(
        "search 1000 services: «замена водительского удостоверения»",
        |b| b.iter(|| index.search(black_box("замена водительского удостоверения"), 20)),
    );
    c.bench_function("search 1000 services: «загр» (typing)", |b| {
        b.iter(|| index.search(black_box("загр"), 20))
    });
    c.bench_function("index 1000 services", |b| {
        b.iter(|| Index::new(black_box(&catalogue)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
