"""CSV in and out, in one place: every file Vouch writes (advocate exports, payout files) and
reads (advocate imports, payout result files) goes through here.

Cells a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return)
are written with a leading apostrophe (OWASP's CSV-injection advice), so opening an export in
Excel or Sheets never executes anything an advocate typed."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from server.errors import InvalidInput
from server.text import storable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL = 2_000


def neutralise(value: object) -> str:
    """One cell as text, defused when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write(rows: Iterable[Sequence[object]], header: Sequence[str] | None = None) -> str:
    """RFC 4180 text (CRLF line ends), every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if header is not None:
        writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()


def unneutralise(value: str) -> str:
    """Undo `neutralise` on a file Vouch wrote, so an export imports back unchanged."""
    if len(value) > 1 and value[0] == "'" and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


@dataclass(frozen=True, slots=True)
class Line:
    """A data line: its 1-based line number in the file (the header is line 1) and its cells
    by lower-cased, trimmed column name."""

    number: int
    cells: dict[str, str]

    def get(self, *names: str) -> str:
        """The first non-empty cell among `names` (alternative spellings of a column)."""
        for name in names:
            value = self.cells.get(name.lower(), "").strip()
            if value:
                return value
        return ""


def read(text: str) -> tuple[list[str], Iterator[Line]]:
    """The header (lower-cased) and the data lines of CSV `text`; a UTF-8 BOM, blank lines and
    CRLF/LF line ends are all accepted. Raises InvalidInput for a file with no header."""
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise InvalidInput("The file is empty: it needs a header line.", field="csv") from None
    except csv.Error as exc:
        raise InvalidInput(f"Line 1 is not valid CSV: {exc}.", field="csv") from None
    if not any(header):
        raise InvalidInput("The first line must name the columns.", field="csv")
    return header, _lines(reader, header)


def read_headerless(text: str) -> Iterator[Line]:
    """Lines of a file without a header (PayPal's payment file): cells keyed "0", "1", ..."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    return _lines(reader, None)


def _lines(reader: Any, header: list[str] | None) -> Iterator[Line]:
    number = 1 if header is not None else 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            number += 1
            yield Line(number, {"__error__": str(exc)})
            continue
        number = int(reader.line_num)
        if not any(cell.strip() for cell in row):
            continue
        names = header if header is not None else [str(i) for i in range(len(row))]
        cells = {
            name: storable(unneutralise(cell))[:MAX_CELL]
            for name, cell in zip(names, row, strict=False)
        }
        if len(row) > len(names):
            cells["__extra__"] = str(len(row) - len(names))
        yield Line(number, cells)
