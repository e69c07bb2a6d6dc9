/** Money typed by a person, exact: a decimal string in major units <-> integer minor units in
 * the currency's real exponent (JPY 0, USD 2, KWD 3), with no floating point anywhere. */

/** Minor-unit digits of an ISO 4217 currency, from the browser's CLDR data (what the server's
 * babel uses too); 2 when the code is not one the browser knows (the server refuses it). */
export function exponent(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency: currency.trim().toUpperCase() }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export type Parsed = { readonly ok: true; readonly minor: number | null } | { readonly ok: false; readonly message: string };

const DECIMAL = /^(\d*)(?:\.(\d*))?$/;

/** "12.5" USD -> 1250, "5000" JPY -> 5000, "1.234" KWD -> 1234; "" -> null (no amount).
 * Refuses signs, separators, exponents and more decimals than the currency has. */
export function parseMoney(text: string, currency: string): Parsed {
  const value = text.trim();
  if (value === "") return { ok: true, minor: null };
  const code = currency.trim().toUpperCase();
  const digits = exponent(code);
  const match = DECIMAL.exec(value);
  const whole = match?.[1] ?? "";
  const fraction = match?.[2] ?? "";
  if (!match || (whole === "" && fraction === "")) {
    return { ok: false, message: `“${value}” is not an amount: use digits${digits ? " and one decimal point" : ""}, e.g. ${example(digits)}.` };
  }
  if (fraction.length > digits) {
    return {
      ok: false,
      message: digits === 0 ? `${code} has no minor unit: enter a whole amount, e.g. ${example(0)}.` : `${code} has ${digits} decimal${digits === 1 ? "" : "s"}: “${value}” has ${fraction.length}.`,
    };
  }
  const minor = BigInt(whole || "0") * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, "0") || "0");
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, message: `“${value}” is too large.` };
  return { ok: true, minor: Number(minor) };
}

/** Minor units as the decimal string a person would type: 1250 USD -> "12.50", 1234 KWD ->
 * "1.234", 5000 JPY -> "5000"; null/undefined -> "". */
export function formatMoney(minor: number | string | null | undefined, currency: string): string {
  if (minor === null || minor === undefined || minor === "") return "";
  const digits = exponent(currency);
  const negative = String(minor).startsWith("-");
  const units = String(minor).replace(/^-/, "").padStart(digits + 1, "0");
  const text = digits ? `${units.slice(0, -digits)}.${units.slice(-digits)}` : units;
  return negative ? `-${text}` : text;
}

function example(digits: number): string {
  return digits ? `12.${"5".padEnd(digits, "0")}` : "500";
}
