// Unit tests of src/money.ts, run by node (`npm test`): esbuild turns the module into
// JavaScript in memory, node:test runs the cases.
import assert from "node:assert/strict";
import { test } from "node:test";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const built = await esbuild.build({ entryPoints: [path.join(here, "../src/money.ts")], bundle: true, format: "esm", write: false });
const { exponent, parseMoney, formatMoney } = await import(`data:text/javascript;base64,${Buffer.from(built.outputFiles[0].contents).toString("base64")}`);

test("exponents come from CLDR", () => {
  assert.equal(exponent("USD"), 2);
  assert.equal(exponent("jpy"), 0);
  assert.equal(exponent("KWD"), 3);
  assert.equal(exponent("BHD"), 3);
  assert.equal(exponent("not a code"), 2);
});

test("decimal strings become exact minor units", () => {
  assert.deepEqual(parseMoney("12.5", "USD"), { ok: true, minor: 1250 });
  assert.deepEqual(parseMoney("0.29", "USD"), { ok: true, minor: 29 }); // 0.29 * 100 = 28.999... in floats
  assert.deepEqual(parseMoney("1.005", "KWD"), { ok: true, minor: 1005 });
  assert.deepEqual(parseMoney("1.1", "BHD"), { ok: true, minor: 1100 });
  assert.deepEqual(parseMoney("5000", "JPY"), { ok: true, minor: 5000 });
  assert.deepEqual(parseMoney(" .5 ", "EUR"), { ok: true, minor: 50 });
  assert.deepEqual(parseMoney("7.", "USD"), { ok: true, minor: 700 });
  assert.deepEqual(parseMoney("90071992547409.91", "USD"), { ok: true, minor: 9007199254740991 });
  assert.deepEqual(parseMoney("", "USD"), { ok: true, minor: null });
});

test("too many decimals, signs and junk are refused with a message", () => {
  assert.match(parseMoney("12.345", "USD").message, /USD has 2 decimals: “12.345” has 3/);
  assert.match(parseMoney("1.5", "JPY").message, /JPY has no minor unit/);
  assert.match(parseMoney("1.2345", "KWD").message, /KWD has 3 decimals/);
  for (const bad of ["-1", "1e3", "1,000", "12.3.4", ".", "abc", "+5"]) assert.equal(parseMoney(bad, "USD").ok, false, bad);
  assert.match(parseMoney("90071992547409.92", "USD").message, /too large/);
});

test("minor units format back to what a person types", () => {
  assert.equal(formatMoney(1250, "USD"), "12.50");
  assert.equal(formatMoney(5, "USD"), "0.05");
  assert.equal(formatMoney(1234, "KWD"), "1.234");
  assert.equal(formatMoney(5000, "JPY"), "5000");
  assert.equal(formatMoney("-1505", "EUR"), "-15.05");
  assert.equal(formatMoney(null, "USD"), "");
  for (const [text, currency] of [["0.29", "USD"], ["1.005", "KWD"], ["700", "JPY"]]) assert.equal(formatMoney(parseMoney(text, currency).minor, currency), text);
});
