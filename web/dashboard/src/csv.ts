// CSV files the dashboard makes in the browser (analytics downloads), written the way the
// server writes its exports (server/advocates/csvio.py): RFC 4180 quoting, CRLF line ends, and
// every cell that a spreadsheet would read as a formula (=, +, -, @, tab, CR first) defused with
// a leading apostrophe. Advocate names come from the public join page: `=HYPERLINK(...)` as a
// name must reach a spreadsheet as text.

const FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"];

export function neutralise(value: string | number): string {
  const text = String(value);
  return typeof value === "string" && FORMULA_STARTS.some((s) => text.startsWith(s)) ? `'${text}` : text;
}

function cell(value: string | number): string {
  const text = neutralise(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(rows: (string | number)[][]): string {
  return rows.map((row) => row.map(cell).join(",") + "\r\n").join("");
}

/** Hand `text` to the browser as a download named `name` (made here, no round trip). */
export function saveFile(name: string, text: string, type = "text/csv"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}
