from tortoise import migrations
from tortoise.migrations import operations as ops

# Each advocate's all-time leaderboard row (day '*', server/analytics/rollups.py ALL_TIME), the
# sum of their day rows, for the rollups kept before it existed.


async def _all_time_rows(apps, schema_editor):
    from server.analytics import rebuild

    await rebuild.all_time_rows(schema_editor.client)


async def _drop_all_time_rows(apps, schema_editor):
    await schema_editor.client.execute_query("DELETE FROM rollup_advocate_day WHERE day = '*'")


class Migration(migrations.Migration):
    dependencies = [('models', '0023_config_cache')]

    initial = False

    operations = [
        ops.RunPython(_all_time_rows, reverse_code=_drop_all_time_rows),
    ]
