"""`vouch import-advocates` reads a file from disk, not through the API (which refuses NUL):
a cell with NUL (a file exported from a spreadsheet or a broken system) stopped the import on
PostgreSQL half-way with a traceback ('invalid byte sequence ... 0x00'), the lines before it
enrolled and no report. Cells are read storable: NUL dropped, lone surrogates as U+FFFD."""

from __future__ import annotations

import httpx

from server.advocates import bulk
from server.advocates.models import Advocate
from server.audit.service import CLI
from server.clock import FrozenClock
from tests.factories import live_campaign
from tests.ids import pk

FILE = (
    "email,name,external_id\nada@example.com,Ada\x00 Lovelace,crm\x00-1\nbo@example.com,Bo,crm-2\n"
)


async def test_an_import_with_nul_in_its_cells_enrols_every_line(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    cid = await live_campaign(client)
    report = await bulk.import_csv(campaign_id=pk(cid), text=FILE, actor=CLI, clock=clock)
    assert (report.created, report.problems) == (2, [])
    ada = await Advocate.get(email="ada@example.com")
    assert (ada.name, ada.external_id) == ("Ada Lovelace", "crm-1")
