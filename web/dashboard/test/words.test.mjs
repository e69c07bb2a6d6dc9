// Unit tests of src/words.ts, run by node (`npm test`), built in memory as money.test.mjs does.
import assert from "node:assert/strict";
import { test } from "node:test";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const built = await esbuild.build({ entryPoints: [path.join(here, "../src/words.ts")], bundle: true, format: "esm", write: false });
const { humanize, noun } = await import(`data:text/javascript;base64,${Buffer.from(built.outputFiles[0].contents).toString("base64")}`);

test("enum values read as words", () => {
  assert.equal(humanize("CONVERSIONS"), "Conversions");
  assert.equal(humanize("UNIQUE_VISITORS"), "Unique visitors");
  assert.equal(humanize("IP_HASH"), "IP hash");
  assert.equal(humanize("FIRST_CONVERSION"), "First conversion");
  assert.equal(humanize("API"), "API");
});

test("anything else is shown as it is", () => {
  assert.equal(humanize("Rue (rue@example.com)"), "Rue (rue@example.com)");
  assert.equal(humanize("all"), "all");
  assert.equal(humanize(""), "");
});

test("a count's noun agrees with it", () => {
  assert.equal(noun(1, "click"), "click");
  assert.equal(noun("1", "click"), "click");
  assert.equal(noun(0, "click"), "clicks");
  assert.equal(noun(2, "referral"), "referrals");
  assert.equal(noun(3, "person", "people"), "people");
});
