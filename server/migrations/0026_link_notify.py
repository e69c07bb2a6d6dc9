from tortoise import migrations
from tortoise.migrations import operations as ops

# PostgreSQL: any change of a referral link, or an update or delete of a campaign (which also
# covers its reward rule sets, milestone rules and fraud settings: their triggers from 0023
# update the campaign's config_version), sends NOTIFY vouch_link on commit. Each process's
# redirect link cache (server/referrals/queries.py, server/sql/notified.py) empties itself on
# it. Statement-level: one notification per statement, merged within a transaction.
# SQLite has no NOTIFY: its redirects read the link every time (nothing to do).
# Semicolons are written \x3b: this file must hold none (see test_migrations_hold_no_semicolons).
_FORWARD = """
CREATE FUNCTION vouch_notify_link() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('vouch_link', '')\x3b
  RETURN NULL\x3b
END $$\x3b
CREATE TRIGGER referral_link_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON referral_link
FOR EACH STATEMENT EXECUTE FUNCTION vouch_notify_link()\x3b
CREATE TRIGGER campaign_notify AFTER UPDATE OR DELETE OR TRUNCATE ON campaign
FOR EACH STATEMENT EXECUTE FUNCTION vouch_notify_link()\x3b"""
_BACKWARD = """
DROP TRIGGER IF EXISTS referral_link_notify ON referral_link\x3b
DROP TRIGGER IF EXISTS campaign_notify ON campaign\x3b
DROP FUNCTION IF EXISTS vouch_notify_link()\x3b"""


def _postgres(sql: str):
    async def run(apps, schema_editor) -> None:
        client = schema_editor.client
        if client.capabilities.dialect == "postgres":
            await client.execute_script(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [('models', '0025_advocate_indexes')]

    initial = False

    operations = [
        ops.RunPython(_postgres(_FORWARD), reverse_code=_postgres(_BACKWARD)),
    ]
