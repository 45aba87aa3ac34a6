#![recursion_limit = "256"]

//! `surreal`, as SurrealDB ships it, with the community storage engines this repository
//! needs (memory and SurrealKV). Used by `tools/surreal/start.sh`, the ws:// test pass
//! and the benchmarks; never part of the app.

fn main() -> std::process::ExitCode {
    surrealdb_server::init(surrealdb_server::core::CommunityComposer())
}
