// The page's side of worker.js: a promise per request, progress callbacks,
// crash reports, and cancelling by terminating the worker.
//
// Served, the core is fetched beside this module and the workers run
// worker.js. In the one-file build (.ci/build-single-file) inline.js carries
// the WebAssembly as base64 and the worker's source, bundled with its glue:
// nothing is fetched, and each worker starts from a blob: URL this page made.

import { INLINE } from "./inline.js";

const WASM_URL = new URL("./pkg/internal_tls_wizard_bg.wasm", import.meta.url);
// The engine (keys, certificates, imports, the zip): fetched and compiled once
// per page soon after the form is up, and handed to every worker, so that it
// is loaded once however many workers and wizards the page has, and Generate
// still works if the network goes away after loading.
const ENGINE_URL = new URL("./pkg/internal_tls_wizard_engine_bg.wasm", import.meta.url);
const ENGINE_PREFETCH_MS = 300;

let compiled = null;
let compiledEngine = null;

/** A performance mark (itw:NAME) for the start-up phases the benchmark reports. */
export function mark(name) {
  if (typeof performance !== "undefined" && performance.mark) performance.mark(`itw:${name}`);
}

/** Compiles the core once per page; every worker of every wizard instantiates the same module. */
export function compileCore() {
  if (!compiled) {
    compiled = (INLINE ? compileInline() : compileFetched()).then((module) => {
      mark("core-compiled");
      return module;
    });
    // A failed load may be retried (by a wizard added later).
    compiled.catch(() => (compiled = null));
  }
  return compiled;
}

/** Compiles the engine once per page (not in the one-file build: its core is the engine). */
export function compileEngine() {
  if (!compiledEngine) {
    compiledEngine = compileWasm(ENGINE_URL);
    compiledEngine.catch(() => (compiledEngine = null));
  }
  return compiledEngine;
}

function compileInline() {
  const text = atob(INLINE.wasm);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return WebAssembly.compile(bytes);
}

let inlineWorkerUrl = null;

function newWorker(name) {
  if (INLINE) {
    // Kept for the page's lifetime: a cancelled or crashed worker is replaced from it.
    inlineWorkerUrl ??= URL.createObjectURL(new Blob([INLINE.worker], { type: "text/javascript" }));
    return new Worker(inlineWorkerUrl, { name });
  }
  // Spelled out in place so bundlers (Vite, webpack) see and copy the worker.
  return new Worker(new URL("./worker.js", import.meta.url), { type: "module", name });
}

function compileFetched() {
  return compileWasm(WASM_URL);
}

async function compileWasm(url) {
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`could not load ${url.pathname} (HTTP ${response.status})`);
  }
  try {
    return await WebAssembly.compileStreaming(response.clone());
  } catch {
    // Served with a type other than application/wasm: compile from the bytes.
    return WebAssembly.compile(await response.arrayBuffer());
  }
}

/** Thrown (as a rejection) when a request was cancelled by terminating the worker. */
export class Cancelled extends Error {
  constructor() {
    super("cancelled");
    this.name = "Cancelled";
  }
}

/** Thrown when the worker or the WebAssembly module died. */
export class Crashed extends Error {
  constructor(message) {
    super(message);
    this.name = "Crashed";
  }
}

export class CoreWorker {
  /**
   * @param {WebAssembly.Module | Promise<WebAssembly.Module>} module the compiled core, or its compilation
   * @param {string} name shown in the browser's developer tools
   * @param {(message: string) => void} onCrash called once if the worker dies
   */
  constructor(module, name, onCrash) {
    this.module = module;
    this.name = name;
    this.onCrash = onCrash;
    this.nextId = 1;
    this.pending = new Map();
    this.info = null;
    /** Called when the worker has loaded the engine (again after a restart). */
    this.onEngineReady = null;
    this.start();
  }

  start() {
    this.dead = false;
    this.worker = newWorker(this.name);
    this.worker.onmessage = (event) => this.receive(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.die(event.message || "the worker stopped with an error");
    };
    this.worker.onmessageerror = () => this.die("a message from the worker could not be read");
    // The worker starts (fetching its script) while the core still compiles.
    this.ready = Promise.resolve(this.module)
      .then((module) => this.request("init", { module }))
      .then((info) => {
        mark(`${this.name}-ready`);
        this.info = info;
        if (!INLINE) setTimeout(() => this.sendEngine(), ENGINE_PREFETCH_MS);
        return info;
      });
    // Never leave an unhandled rejection behind: crashes are reported via onCrash.
    this.ready.catch(() => {});
  }

  /** Hands the worker the compiled engine, or why it could not be loaded. */
  sendEngine() {
    if (this.dead) return;
    const worker = this.worker;
    compileEngine().then(
      (module) => worker === this.worker && !this.dead && worker.postMessage({ type: "engine", module }),
      (error) => worker === this.worker && !this.dead && worker.postMessage({ type: "engine", error: error.message }),
    );
  }

  request(type, payload = {}, onProgress = null) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.dead) {
        reject(new Crashed(this.deathMessage));
        return;
      }
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ ...payload, id, type });
    });
  }

  /** Calls the core once it is ready. */
  async call(type, payload, onProgress) {
    await this.ready;
    return this.request(type, payload, onProgress);
  }

  receive(message) {
    const entry = this.pending.get(message.id);
    switch (message.type) {
      case "progress":
        // stage: "keys" while RSA keys are made, then "certificates".
        if (entry && entry.onProgress) entry.onProgress(message.done, message.total, message.stage || "certificates");
        return;
      case "ready":
        this.pending.delete(message.id);
        if (entry) entry.resolve(message);
        return;
      case "result":
        this.pending.delete(message.id);
        if (entry) entry.resolve(message.value);
        return;
      case "engine-ready":
        // The engine is loaded: from now on nothing more is fetched.
        if (this.onEngineReady) this.onEngineReady();
        return;
      case "crash":
        this.die(message.message);
        return;
      default:
        this.pending.delete(message.id);
        if (entry) entry.reject(new Error(message.message || "unexpected answer from the worker"));
    }
  }

  die(message) {
    if (this.dead) return;
    this.dead = true;
    this.deathMessage = message;
    this.worker.terminate();
    this.rejectAll(new Crashed(message));
    if (this.onCrash) this.onCrash(message);
  }

  rejectAll(error) {
    const entries = [...this.pending.values()];
    this.pending.clear();
    for (const entry of entries) entry.reject(error);
  }

  /** Stops whatever the worker is doing and starts a fresh one. */
  restart() {
    this.worker.terminate();
    this.rejectAll(new Cancelled());
    this.start();
  }

  /** Stops the worker for good (its wizard left the page). */
  stop() {
    this.dead = true;
    this.deathMessage = "stopped";
    this.worker.terminate();
    this.rejectAll(new Cancelled());
  }
}
