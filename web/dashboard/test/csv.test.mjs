// Unit tests of src/csv.ts (the analytics downloads), run by node (`npm test`).
import assert from "node:assert/strict";
import { test } from "node:test";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const built = await esbuild.build({ entryPoints: [path.join(here, "../src/csv.ts")], bundle: true, format: "esm", write: false });
const { toCsv } = await import(`data:text/javascript;base64,${Buffer.from(built.outputFiles[0].contents).toString("base64")}`);

test("a name a spreadsheet would run as a formula is text", () => {
  const csv = toCsv([
    ["rank", "advocate"],
    [1, '=HYPERLINK("https://evil.example","x")'],
    [2, "+1+cmd|' /C calc'!A0"],
    [3, "@SUM(A1)"],
    [4, "-2+3"],
    [5, "\t=1"],
  ]);
  assert.equal(
    csv,
    'rank,advocate\r\n1,"\'=HYPERLINK(""https://evil.example"",""x"")"\r\n' +
      "2,'+1+cmd|' /C calc'!A0\r\n3,'@SUM(A1)\r\n4,'-2+3\r\n5,'\t=1\r\n",
  );
});

test("numbers, commas, quotes and line breaks", () => {
  assert.equal(toCsv([[-5, "a,b", 'say "hi"', "two\nlines"]]), '-5,"a,b","say ""hi""","two\nlines"\r\n');
});
