from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise import fields

from server.identity import canonical_email


async def backfill_email_keys(apps: object, schema_editor: object) -> None:
    """Existing advocates get their canonical inbox key (new ones get it when created)."""
    client = schema_editor.client  # type: ignore[attr-defined]
    _, rows = await client.execute_query("SELECT id, email FROM advocate WHERE email_key IS NULL")
    for row in rows:
        await client.execute_query(
            "UPDATE advocate SET email_key = " + ("$1" if client.capabilities.dialect == "postgres" else "?")
            + " WHERE id = " + ("$2" if client.capabilities.dialect == "postgres" else "?"),
            [canonical_email(row["email"]), row["id"]],
        )

class Migration(migrations.Migration):
    dependencies = [('models', '0005_fraud')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Advocate',
            name='email_key',
            field=fields.CharField(null=True, db_index=True, max_length=254),
        ),
        ops.AddField(
            model_name='AuditEvent',
            name='actor_extra',
            field=fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        ops.RunPython(backfill_email_keys, ops.RunPython.noop),
    ]
