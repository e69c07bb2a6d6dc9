from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise import fields


async def _nothing(apps, schema_editor):
    return None


async def _restore_rebuilt_campaign(apps, schema_editor):
    # Stepping back over emails_off rebuilds SQLite's campaign table, and the rebuilt table has
    # lost its trigger and its (status, id) index: put them back (PostgreSQL keeps both).
    from server.campaigns.cache import install_version_trigger

    client = schema_editor.client
    if client.capabilities.dialect != "sqlite":
        return
    _, found = await client.execute_query(
        "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'campaign_config_version'"
    )
    if not found:
        await install_version_trigger(client)
    await client.execute_query(
        'CREATE INDEX IF NOT EXISTS "idx_campaign_status_7580ec" ON "campaign" ("status", "id")'
    )


class Migration(migrations.Migration):
    dependencies = [('models', '0017_restore_indexes')]

    initial = False

    operations = [
        # Runs last when stepping back, after the campaign table was rebuilt without emails_off.
        ops.RunPython(_nothing, reverse_code=_restore_rebuilt_campaign),
        ops.CreateModel(
            name='UnsubscribeLink',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('campaign_id', fields.IntField()),
                ('advocate_id', fields.IntField(db_index=True)),
                ('nonce', fields.CharField(max_length=32)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'email_unsubscribe_link', 'app': 'models', 'unique_together': (('campaign_id', 'advocate_id'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Campaign',
            name='emails_off',
            # db_default: campaigns that exist when this runs get [] (a NOT NULL column).
            field=fields.JSONField(default=list, db_default=[], encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
    ]
