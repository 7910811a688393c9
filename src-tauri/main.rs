// Prevents an additional console window on Windows in release.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // `kabinet pension --json`: answer on stdout without opening a window.
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("pension") {
        std::process::exit(kabinet_lib::cli::pension_main(&args[2..]));
    }
    kabinet_lib::run();
}
