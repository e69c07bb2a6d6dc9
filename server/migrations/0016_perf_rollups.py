from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index


async def _version_trigger_and_rollups(apps, schema_editor):
    # Every update of a campaign bumps its config_version, whoever makes it (caches compare it).
    # (The trigger's SQL lives in server/campaigns/cache.py: it needs semicolons, which
    # Tortoise's SQLite schema editor would split on in a migration file.)
    from server.analytics import rebuild as rollups
    from server.campaigns.cache import install_version_trigger

    client = schema_editor.client
    await install_version_trigger(client)
    if client.capabilities.dialect == "sqlite":
        # 0008 rebuilt SQLite's conversion table without its indexes: the rollups' partial-day
        # reads and the order lookup need them back (the lost UNIQUE is left to a fix of its own).
        await client.execute_query(
            "CREATE INDEX IF NOT EXISTS idx_conversion_restored_occurred ON conversion "
            "(campaign_id, occurred_at, currency, amount, refunded_amount)"
        )
        await client.execute_query(
            "CREATE INDEX IF NOT EXISTS idx_conversion_restored_order ON conversion "
            "(campaign_id, external_order_id)"
        )
    # Counters for the events already recorded.

    for campaign_id in await rollups.campaign_ids(client):
        await rollups.rebuild_campaign(client, campaign_id)

class Migration(migrations.Migration):
    dependencies = [('models', '0015_fraud_signals')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AdvocateDay',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('campaign_id', fields.IntField()),
                ('advocate_id', fields.IntField()),
                ('test', fields.BooleanField()),
                ('day', fields.CharField(max_length=10)),
                ('currency', fields.CharField(max_length=3)),
                ('successes', fields.BigIntField(default=0)),
                ('revenue', fields.BigIntField(default=0)),
            ],
            options={'table': 'rollup_advocate_day', 'app': 'models', 'unique_together': (('campaign_id', 'advocate_id', 'test', 'day', 'currency'),), 'indexes': [Index(fields=['campaign_id', 'test', 'day'])], 'pk_attr': 'id', 'table_description': 'Per campaign, advocate, mode, UTC day and currency: referrals whose first counting order'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CampaignDay',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('campaign_id', fields.IntField()),
                ('test', fields.BooleanField()),
                ('day', fields.CharField(max_length=10)),
                ('currency', fields.CharField(default='', max_length=3)),
                ('clicks', fields.BigIntField(default=0)),
                ('visitors', fields.BigIntField(default=0)),
                ('referrals', fields.BigIntField(default=0)),
                ('signups', fields.BigIntField(default=0)),
                ('conversions', fields.BigIntField(default=0)),
                ('revenue', fields.BigIntField(default=0)),
                ('converted', fields.BigIntField(default=0)),
            ],
            options={'table': 'rollup_campaign_day', 'app': 'models', 'unique_together': (('campaign_id', 'test', 'day', 'currency'),), 'pk_attr': 'id', 'table_description': "Per campaign, mode (test or live rows), UTC day and currency ('' for counters that have"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Visitor',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('campaign_id', fields.IntField()),
                ('test', fields.BooleanField()),
                ('visitor', fields.CharField(max_length=64)),
                ('first_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'rollup_visitor', 'app': 'models', 'unique_together': (('campaign_id', 'test', 'visitor'),), 'indexes': [Index(fields=['campaign_id', 'test', 'first_at'])], 'pk_attr': 'id', 'table_description': 'First sighting of a visitor (keyed hash of address and user agent) per campaign: unique'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Campaign',
            name='config_version',
            field=fields.IntField(default=0),
        ),
        ops.AddIndex(
            model_name='Conversion',
            index=Index(fields=['referral_id', 'status']),
        ),
        ops.RunPython(_version_trigger_and_rollups),
    ]
