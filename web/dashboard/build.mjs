// Bundles src/main.tsx into ../../server/web/dashboard/static (committed: Vouch serves it with
// no build step). Reproducible: same sources and lockfile, same bytes; CI rebuilds and diffs.
// Split: app.js holds the shell (React, Relay, sign-in); each screen is an ES-module chunk
// (chunks/<name>-<content hash>.js) that the shell import()s when the screen is first shown.
// The `graphql` tag in src/operations is replaced by an import of relay-compiler's artifact.
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { readFile, writeFile, mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
// VOUCH_DASHBOARD_OUT: build elsewhere (CI compares that with the committed bundle).
const out = path.resolve(process.env.VOUCH_DASHBOARD_OUT ?? path.join(here, "../../server/web/dashboard/static"));
const generated = path.join(here, "src/__generated__");

const relayTags = {
  name: "relay-tags",
  setup(build) {
    build.onLoad({ filter: /src[\\/]operations[\\/].*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const imports = [];
      const contents = source.replace(/graphql`([\s\S]*?)`/g, (_, body) => {
        const name = /(?:query|mutation|fragment|subscription)\s+(\w+)/.exec(body)?.[1];
        if (!name) throw new Error(`${args.path}: a graphql tag without an operation name`);
        imports.push(`import __${name} from ${JSON.stringify(path.join(generated, `${name}.graphql.ts`))};`);
        return `__${name}`;
      });
      return { contents: `${imports.join("\n")}\n${contents}`, loader: "ts" };
    });
  },
};

const result = await esbuild.build({
  entryPoints: { app: path.join(here, "src/main.tsx") },
  bundle: true,
  minify: true,
  format: "esm",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  target: "es2022",
  jsx: "automatic",
  legalComments: "none",
  define: { "process.env.NODE_ENV": '"production"' },
  plugins: [relayTags],
  write: false,
  outdir: out,
  metafile: true,
  logLevel: "warning",
});

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const names = {};
for (const file of result.outputFiles) {
  await mkdir(path.dirname(file.path), { recursive: true });
  await writeFile(file.path, file.contents);
  const digest = createHash("sha256").update(file.contents).digest("hex").slice(0, 12);
  names[path.basename(file.path)] = `${path.basename(file.path)}?v=${digest}`;
}
// The shell's static imports are fetched with it, not after it is parsed (no waterfall).
const outputs = Object.fromEntries(Object.entries(result.metafile.outputs).map(([file, meta]) => [path.resolve(file), meta]));
const shell = (file) => [file, ...outputs[file].imports.filter((i) => i.kind === "import-statement").flatMap((i) => shell(path.resolve(i.path)))];
const first = [...new Set(shell(path.join(out, "app.js")))];
const preloads = first.slice(1).map((file) => `<link rel="modulepreload" href="/dashboard/${path.relative(out, file)}">\n`).join("");
const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Vouch dashboard</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/dashboard/${names["app.css"]}">
<script type="module" src="/dashboard/${names["app.js"]}"></script>
${preloads}</head>
<body>
<div id="root"></div>
</body>
</html>
`;
await writeFile(path.join(out, "index.html"), html);
for (const file of result.outputFiles) console.log(`${path.relative(out, file.path)}  ${file.contents.length} bytes`);
const size = (files) => files.map((f) => result.outputFiles.find((o) => o.path === f).contents).reduce((a, c) => [a[0] + c.length, a[1] + gzipSync(c).length], [0, 0]);
const [raw, gz] = size(first);
console.log(`shell (app.js and its static imports, before any screen): ${raw} bytes, ${gz} gzipped`);
if (process.env.ANALYZE) console.log(await esbuild.analyzeMetafile(result.metafile));
