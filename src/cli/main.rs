//! `tls-wizard`: the command-line face of the wizard. A thin layer: it reads
//! flags and files, calls the library, writes the files, and sets the exit code
//! (0 done, 1 the settings or certificates fail validation, 2 a usage or input error).

// The CLI is native only; `wasm-pack test` builds every target for wasm32,
// where this binary is an empty program.
#[cfg(not(target_arch = "wasm32"))]
mod app;
#[cfg(not(target_arch = "wasm32"))]
mod audit;
#[cfg(not(target_arch = "wasm32"))]
mod check;
#[cfg(not(target_arch = "wasm32"))]
mod common;
#[cfg(not(target_arch = "wasm32"))]
mod generate;
#[cfg(not(target_arch = "wasm32"))]
mod inspect;
#[cfg(not(target_arch = "wasm32"))]
mod renew;
#[cfg(not(target_arch = "wasm32"))]
mod write;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    app::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
