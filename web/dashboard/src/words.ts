/** Words shown to a person: API enum values and counted nouns. */

/** Words an enum value keeps in capitals when shown to a person. */
const ACRONYMS = new Set(["IP", "URL", "API", "ID", "CSV", "UTC", "SMS"]);

/** An API enum value as a person reads it: "UNIQUE_VISITORS" -> "Unique visitors", "IP_HASH" ->
 * "IP hash". Anything that is not an UPPER_SNAKE value is shown as it is. */
export function humanize(value: string): string {
  if (!/^[A-Z][A-Z0-9_]*$/.test(value)) return value;
  return value
    .split("_")
    .map((w, i) => (ACRONYMS.has(w) ? w : i === 0 ? w.charAt(0) + w.slice(1).toLowerCase() : w.toLowerCase()))
    .join(" ");
}

/** The noun for a count: noun(1, "click") -> "click", noun(3, "click") -> "clicks". */
export function noun(n: number | string, one: string, many = `${one}s`): string {
  return String(n) === "1" ? one : many;
}
