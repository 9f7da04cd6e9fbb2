//! The page's calls of the core, as documents: what each WebAssembly export
//! takes and answers (`calls`), and their TypeScript declarations generated
//! from those types (`typescript`, a test that writes `www/core-types.d.ts`).
//! It sits above the pipeline (`bundle`) it describes and below the thin
//! `wasm` layer that reads and writes these types as JS objects.

pub mod calls;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod typescript;
