#!/usr/bin/env bash
# Shared build settings for every script: one target directory and one set of flags, so
# the server build, the tests and clippy reuse each other's compiled dependencies.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/suporte/target}"
# cargo-leptos adds this cfg to debug builds; plain cargo commands must match it.
export RUSTFLAGS="${RUSTFLAGS:---cfg erase_components}"
