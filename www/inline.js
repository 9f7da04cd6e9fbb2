// Served, this is null and the core, the worker and the styles are fetched
// beside the modules. .ci/build-single-file replaces the line below with
// {wasm (base64), worker (source), css} for the one-file build.
export const INLINE = null;
