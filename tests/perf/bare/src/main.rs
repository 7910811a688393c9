//! A bare Tauri window showing one static page. Prints `READY <ms>` on stdout when
//! the page has finished loading, like Kabinet does with KABINET_PERF_READY=1.
use std::time::Instant;
use tauri::webview::PageLoadEvent;

fn main() {
    let started = Instant::now();
    tauri::Builder::default()
        .on_page_load(move |_webview, payload| {
            if payload.event() == PageLoadEvent::Finished {
                println!("READY {}", started.elapsed().as_millis());
            }
        })
        .run(tauri::generate_context!())
        .expect("error while running the bare window");
}
