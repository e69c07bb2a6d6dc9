// Bundles src/main.tsx into ../../server/web/dashboard/static (committed: Vouch serves it with
// no build step). Reproducible: same sources and lockfile, same bytes; CI rebuilds and diffs.
// The `graphql` tag in src/operations is replaced by an import of relay-compiler's artifact.
import { createHash } from "node:crypto";
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
  await writeFile(file.path, file.contents);
  const digest = createHash("sha256").update(file.contents).digest("hex").slice(0, 12);
  names[path.basename(file.path)] = `${path.basename(file.path)}?v=${digest}`;
}
const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Vouch dashboard</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/dashboard/${names["app.css"]}">
<script type="module" src="/dashboard/${names["app.js"]}"></script>
</head>
<body>
<div id="root"></div>
</body>
</html>
`;
await writeFile(path.join(out, "index.html"), html);
for (const [name, ref] of Object.entries(names)) console.log(`${ref}  ${result.outputFiles.find((f) => f.path.endsWith(name)).contents.length} bytes`);
if (process.env.ANALYZE) console.log(await esbuild.analyzeMetafile(result.metafile));
