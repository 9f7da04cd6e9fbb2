// The npm package (dist/package, from .ci/build-package): its type
// declarations compile against a usage file with tsc --noEmit, as a project
// that installed it would compile; its functional API works in Node and makes
// a bundle openssl verifies; and npm packs what package.json promises.

import { test, before } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync, copyFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, tempDir, removeDir, run, checkBundle } from "./helpers.js";

const PACKAGE = path.join(ROOT, "dist", "package");
const TSC = path.join(ROOT, "tests", "e2e", "node_modules", "typescript", "bin", "tsc");

before(() => {
  if (!existsSync(path.join(PACKAGE, "package.json"))) {
    throw new Error(`${PACKAGE} is missing: build it with python3 .ci/build-web && python3 .ci/build-package`);
  }
});

/** A project with the package installed in node_modules (a link to dist/package). */
function project(compilerOptions) {
  const dir = tempDir("itw-types-");
  mkdirSync(path.join(dir, "node_modules"));
  symlinkSync(PACKAGE, path.join(dir, "node_modules", "internal-tls-wizard"), "dir");
  copyFileSync(path.join(ROOT, "tests", "e2e", "types", "usage.ts"), path.join(dir, "usage.ts"));
  const tsconfig = {
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: "es2022",
      lib: ["es2022", "dom", "dom.iterable"],
      types: [],
      skipLibCheck: false,
      noUnusedLocals: true,
      ...compilerOptions,
    },
    files: ["usage.ts"],
  };
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  return dir;
}

function tsc(dir) {
  try {
    return run(process.execPath, [TSC, "--noEmit", "-p", dir]);
  } catch (error) {
    assert.fail(`tsc --noEmit failed:\n${error.stdout}${error.stderr}`);
  }
}

for (const [what, options] of [
  ["a bundler project", { module: "esnext", moduleResolution: "bundler" }],
  ["a Node project", { module: "nodenext", moduleResolution: "nodenext" }],
]) {
  test(`the declarations compile with tsc --noEmit in ${what}, and reject what they should`, () => {
    const dir = project(options);
    try {
      tsc(dir);
      // The usage file's @ts-expect-error lines prove mistakes are caught;
      // without them the same file must fail.
      const usage = path.join(dir, "usage.ts");
      const text = readFileSync(usage, "utf8");
      const expected = text.split("// @ts-expect-error").length - 1;
      assert.ok(expected >= 4, "the usage file marks its deliberate mistakes");
      writeFileSync(usage, text.replaceAll("// @ts-expect-error", "//"));
      assert.throws(
        () => run(process.execPath, [TSC, "--noEmit", "-p", dir]),
        (error) => (`${error.stdout}`.match(/error TS/g) || []).length === expected,
        "each deliberate mistake is one error",
      );
    } finally {
      removeDir(dir);
    }
  });
}

// The functional API and the facade the element's worker shares with it are
// JavaScript with JSDoc types; tsc checks them against the declarations
// generated from the core (core-types.d.ts, and the glue's .d.ts, whose
// signatures name those types), so a call or a request that no longer
// matches the core fails here, not in a user's project.
function checkJs(dir, files) {
  const tsconfig = {
    compilerOptions: {
      strict: true,
      noEmit: true,
      allowJs: true,
      checkJs: true,
      target: "es2022",
      module: "esnext",
      moduleResolution: "bundler",
      lib: ["es2022", "dom", "dom.iterable"],
      types: [],
    },
    files,
  };
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  return run(process.execPath, [TSC, "--noEmit", "-p", dir]);
}

test("api.js and core-calls.js type-check (tsc --checkJs) against the declarations generated from the core", () => {
  const dir = tempDir("itw-checkjs-");
  try {
    try {
      checkJs(dir, [path.join(PACKAGE, "api.js"), path.join(PACKAGE, "core-calls.js")]);
    } catch (error) {
      assert.fail(`tsc --checkJs failed:\n${error.stdout}${error.stderr}`);
    }
    // A request the core's types do not allow is caught: the check has teeth.
    const copy = path.join(dir, "pkgcopy");
    mkdirSync(copy);
    for (const name of ["api.js", "api.d.ts", "core-calls.js", "core-types.d.ts"]) {
      copyFileSync(path.join(PACKAGE, name), path.join(copy, name));
    }
    symlinkSync(path.join(PACKAGE, "pkg"), path.join(copy, "pkg"), "dir");
    const api = path.join(copy, "api.js");
    const text = readFileSync(api, "utf8");
    assert.ok(text.includes("dns_names: dnsNames,"), "api.js builds the check request");
    writeFileSync(api, text.replace("dns_names: dnsNames,", "dnsNames,"));
    assert.throws(
      () => checkJs(dir, [api, path.join(copy, "core-calls.js")]),
      (error) => /error TS/.test(`${error.stdout}`) && /dns_names|dnsNames/.test(`${error.stdout}`),
      "a request with a field the core does not take fails the check",
    );
  } finally {
    removeDir(dir);
  }
});

test("package.json: version from Cargo.toml, exports with types, and npm packs every file it names", () => {
  const pkg = JSON.parse(readFileSync(path.join(PACKAGE, "package.json"), "utf8"));
  const cargo = readFileSync(path.join(ROOT, "Cargo.toml"), "utf8");
  assert.equal(pkg.version, /^version = "([^"]+)"/m.exec(cargo)[1]);
  assert.equal(pkg.type, "module");
  assert.deepEqual(pkg.exports["."], { types: "./element.d.ts", default: "./element.js" });
  assert.deepEqual(pkg.exports["./api"], { types: "./api.d.ts", default: "./api.js" });
  assert.equal(pkg.license, "Apache-2.0");
  assert.deepEqual(pkg.engines, { node: ">=20" });
  for (const file of pkg.files) assert.ok(existsSync(path.join(PACKAGE, file)), `${file} is in the package`);
  const packed = JSON.parse(run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: PACKAGE }));
  const names = packed[0].files.map((f) => f.path).sort();
  for (const file of [...pkg.files, "package.json", "README.md"]) assert.ok(names.includes(file), `npm packs ${file}`);
  assert.match(readFileSync(path.join(PACKAGE, "README.md"), "utf8"), /<internal-tls-wizard/);
});

// The package as npm would publish it, judged by the two tools the ecosystem
// uses: publint (package.json against the files) and Are the Types Wrong
// (each entry point's types resolve, for Node 16+ ESM and bundlers; the
// package is ESM-only, and ./wasm is a WebAssembly file with no types).
test("publint and arethetypeswrong find nothing wrong with the packed package", () => {
  const bin = (name) => path.join(ROOT, "tests", "e2e", "node_modules", ".bin", name);
  const dir = tempDir("itw-pack-");
  try {
    const packed = JSON.parse(run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], { cwd: PACKAGE }));
    const tarball = path.join(dir, packed[0].filename);
    const lint = run(bin("publint"), ["--strict", tarball], { cwd: PACKAGE });
    assert.match(lint, /All good!/, lint);
    const attw = run(bin("attw"), [tarball, "--profile", "esm-only", "--exclude-entrypoints", "./wasm", "--format", "json"]);
    const report = JSON.parse(attw);
    const problems = (report.analysis && report.analysis.problems) || [];
    const counted = problems.filter((p) => !["CJSResolvesToESM"].includes(p.kind));
    assert.deepEqual(counted, [], JSON.stringify(problems, null, 2));
    const entries = Object.keys((report.analysis && report.analysis.entrypoints) || {});
    assert.deepEqual(entries.sort(), [".", "./api", "./package.json"], "every entry point is checked");
  } finally {
    removeDir(dir);
  }
});

test("the functional API in Node: validate, check a CA, generate a bundle openssl verifies", async () => {
  const api = await import(pathToFileURL(path.join(PACKAGE, "api.js")).href);
  assert.throws(() => api.version(), /init\(\)/, "calling before init says so");
  await api.init(readFileSync(path.join(PACKAGE, "pkg", "internal_tls_wizard_engine_bg.wasm")));
  assert.equal(api.version(), JSON.parse(readFileSync(path.join(PACKAGE, "package.json"), "utf8")).version);
  assert.ok(api.keyAlgorithms().includes("ecdsa-p256"));

  const settings = api.defaultSettings();
  settings.release.name = "api";
  settings.release.namespace = "Bad_NS";
  const bad = api.validateSettings(settings);
  assert.equal(bad.ok, false);
  assert.ok(bad.diagnostics.some((d) => d.severity === "error" && d.path === "release.namespace"));
  assert.throws(() => api.generateBundle(settings), (error) => error instanceof api.GenerateError && error.diagnostics.length > 0);

  settings.release.namespace = "api-ns";
  const good = api.validateSettings(JSON.stringify(settings));
  assert.equal(good.ok, true);
  assert.match(good.values_yaml, /internal_tls/);
  const progress = [];
  const bundle = api.generateBundle(settings, { onProgress: (done, total) => progress.push([done, total]) });
  assert.ok(progress.length > 1 && progress.at(-1)[0] === progress.at(-1)[1], "progress reaches the total");
  const names = bundle.files.map((f) => f.name).sort();
  assert.deepEqual(names, ["APPLY.md", "ca.crt", "ca.key", "secrets.yaml", "values.yaml"]);
  assert.deepEqual(bundle.files.filter((f) => f.sensitive).map((f) => f.name).sort(), ["ca.key", "secrets.yaml"]);

  const dir = tempDir();
  try {
    for (const file of bundle.files) writeFileSync(path.join(dir, file.name), file.contents, { mode: 0o600 });
    const checked = checkBundle(dir, {
      release: "api",
      namespace: "api-ns",
      caCertFile: path.join(dir, "ca.crt"),
      caKeyFile: path.join(dir, "ca.key"),
    });
    assert.equal(checked.length, 6);
    const ca = api.checkCa(readFileSync(path.join(dir, "ca.crt"), "utf8"), readFileSync(path.join(dir, "ca.key"), "utf8"));
    assert.equal(ca.ok, true, JSON.stringify(ca));
    const zip = api.zipFiles("bundle", bundle.files);
    assert.ok(zip instanceof Uint8Array && zip[0] === 0x50 && zip[1] === 0x4b, "a zip archive");
  } finally {
    removeDir(dir);
  }
});

test("the functional API in Node: inspect and check certificates as the page does", async () => {
  const api = await import(pathToFileURL(path.join(PACKAGE, "api.js")).href);
  await api.init(readFileSync(path.join(PACKAGE, "pkg", "internal_tls_wizard_engine_bg.wasm")));
  // The corpus (tests/corpus/cases.json): release acme in namespace prod, checked at `at`.
  const cases = JSON.parse(readFileSync(path.join(ROOT, "tests", "corpus", "cases.json"), "utf8"));
  const corpus = (name) => readFileSync(path.join(ROOT, "tests", "corpus", name), "utf8");
  const settings = api.defaultSettings();
  settings.release.name = cases.release;
  settings.release.namespace = cases.namespace;
  const redis = api.validateSettings(settings).services.find((s) => s.key === "redis");
  const options = { ca: corpus("ca.crt"), dnsNames: redis.dns_names, service: "redis", now: new Date(cases.at) };

  const [item] = api.inspect(corpus("redis.crt") + corpus("redis.key"));
  assert.equal(item.certificates[0].subject, "CN=acme-redis");
  assert.ok(item.certificates[0].dns_names.includes("acme-redis.prod.svc.cluster.local"));
  assert.match(item.certificates[0].sha256_fingerprint, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);

  const good = api.checkCertificate(corpus("redis.crt"), { ...options, key: corpus("redis.key") });
  assert.equal(good.valid, true, JSON.stringify(good.findings));
  assert.equal(good.chain[0].subject, "CN=acme-redis");

  const missing = api.checkCertificate(corpus("missing-san.crt"), options);
  assert.equal(missing.valid, false);
  const san = missing.findings.find((f) => f.code === "san-missing");
  assert.ok(san && san.service === "redis" && san.names.length > 0, JSON.stringify(missing.findings));

  const mismatch = api.checkCertificate(corpus("redis.crt"), { ...options, key: corpus("keycloak.key") });
  assert.ok(mismatch.findings.some((f) => f.code === "key-mismatch" && f.severity === "error"));

  assert.throws(
    () => api.checkCertificate(corpus("truncated.pem"), options),
    (error) => error instanceof api.InputError && error.field === "certificate",
  );
});
