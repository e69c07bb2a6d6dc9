from tortoise import migrations
from tortoise.migrations import operations as ops

# Indexes the models declare that earlier migrations lost or never created:
# - both dialects: AddField with db_index=True (0006, 0015) wrote the column, not its index,
# - SQLite: AlterField rebuilds the table (0008 conversion), dropping its unique_together and
#   indexes, and other tables lost theirs the same way.
# tests/contract/test_migrated_schema.py compares a migrated database with the models.
_BOTH = [
    "CREATE INDEX IF NOT EXISTS idx_advocate_email_key ON advocate (email_key)",
    "CREATE INDEX IF NOT EXISTS idx_blocklist_network_hash ON blocklist_entry (network_hash)",
]
_SQLITE = [
    "CREATE UNIQUE INDEX IF NOT EXISTS uid_conversion_campaign_order"
    " ON conversion (campaign_id, external_order_id)",
    "DROP INDEX IF EXISTS idx_conversion_restored_order",  # 0016's stand-in, now redundant
    "CREATE UNIQUE INDEX IF NOT EXISTS uid_fraud_rule_setting_campaign_rule"
    " ON fraud_rule_setting (campaign_id, rule)",
    "CREATE INDEX IF NOT EXISTS idx_notification_status_id ON notification (status, id)",
]


async def _restore(apps, schema_editor) -> None:
    client = schema_editor.client
    sqlite = client.capabilities.dialect == "sqlite"
    for sql in _BOTH + (_SQLITE if sqlite else []):
        await client.execute_query(sql)


class Migration(migrations.Migration):
    dependencies = [('models', '0016_perf_rollups')]

    initial = False

    operations = [
        ops.RunPython(_restore),
    ]
