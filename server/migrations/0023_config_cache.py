from tortoise import fields, migrations
from tortoise.migrations import operations as ops

# Every insert, update or delete of a campaign's reward rule set, milestone rule or fraud rule
# setting bumps the campaign's config_version in the same transaction, whoever makes it: the
# per-process rule cache (server/campaigns/rule_cache.py) compares it. The campaign's own
# trigger (0016) sees the update too, and bumps the version by one in all.
# Semicolons are written \x3b: this file must hold none (see test_migrations_hold_no_semicolons).
_TABLES = ("reward_rule_set", "milestone_rule", "fraud_rule_setting")


def _sqlite(table: str) -> str:
    return "".join(
        f"""
CREATE TRIGGER {table}_{op.lower()}_config_version AFTER {op} ON {table}
FOR EACH ROW BEGIN
UPDATE campaign SET config_version = config_version + 1 WHERE id = {row}.campaign_id\x3b
END\x3b"""
        for op, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD"))
    )


def _postgres(table: str) -> str:
    return f"""
CREATE TRIGGER {table}_config_version AFTER INSERT OR UPDATE OR DELETE ON {table}
FOR EACH ROW EXECUTE FUNCTION vouch_bump_config_version()\x3b"""


_POSTGRES_FUNCTION = """
CREATE FUNCTION vouch_bump_config_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE campaign SET config_version = config_version + 1 WHERE id = OLD.campaign_id\x3b
    RETURN OLD\x3b
  END IF\x3b
  UPDATE campaign SET config_version = config_version + 1 WHERE id = NEW.campaign_id\x3b
  IF TG_OP = 'UPDATE' AND OLD.campaign_id IS DISTINCT FROM NEW.campaign_id THEN
    UPDATE campaign SET config_version = config_version + 1 WHERE id = OLD.campaign_id\x3b
  END IF\x3b
  RETURN NEW\x3b
END $$\x3b"""

_SQLITE = "".join(_sqlite(t) for t in _TABLES)
_POSTGRES = _POSTGRES_FUNCTION + "".join(_postgres(t) for t in _TABLES)
_DROP_SQLITE = "".join(
    f"DROP TRIGGER IF EXISTS {t}_{op}_config_version\x3b "
    for t in _TABLES
    for op in ("insert", "update", "delete")
)
_DROP_POSTGRES = "".join(
    f"DROP TRIGGER IF EXISTS {t}_config_version ON {t}\x3b " for t in _TABLES
) + "DROP FUNCTION IF EXISTS vouch_bump_config_version()\x3b"


def _dialect_sql(sqlite: str, postgres: str):
    async def run(apps, schema_editor) -> None:
        client = schema_editor.client
        await client.execute_script(postgres if client.capabilities.dialect == "postgres" else sqlite)

    return run


# Rewards number their approval notifications themselves (reward:<id>:<wait>): existing ones
# continue after the highest number their notifications already have.
_WAITS = """UPDATE reward SET approval_waits = COALESCE((
  SELECT MAX(CAST(SUBSTR(n.dedupe_key, LENGTH('reward:' || CAST(reward.id AS text) || ':') + 1)
    AS integer))
  FROM notification n
  WHERE n.reward_id = reward.id AND n.kind = 'reward_awaiting_approval'), 0)"""


async def _number_waits(apps, schema_editor) -> None:
    await schema_editor.client.execute_query(_WAITS)


async def _nothing(apps, schema_editor) -> None:
    return None


# Stepping back over approval_waits rebuilds SQLite's reward table, and the rebuilt table has
# lost its indexes: put them back (PostgreSQL drops the column in place and keeps them).
_REWARD_INDEXES = (
    'CREATE INDEX IF NOT EXISTS "idx_reward_status_527cab" ON "reward" ("status", "id")',
    'CREATE INDEX IF NOT EXISTS "idx_reward_campaig_af2f3d" ON "reward" ("campaign_id", "status")',
    'CREATE INDEX IF NOT EXISTS "idx_reward_advocat_dca983" ON "reward" ("advocate_id", "created_at")',
)


async def _restore_rebuilt_reward(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect != "sqlite":
        return
    for index in _REWARD_INDEXES:
        await client.execute_query(index)


class Migration(migrations.Migration):
    dependencies = [('models', '0022_click_rollup')]

    initial = False

    operations = [
        # Runs last when stepping back, after the reward table was rebuilt without the column.
        ops.RunPython(_nothing, reverse_code=_restore_rebuilt_reward),
        ops.AddField(
            model_name='Reward',
            name='approval_waits',
            # db_default: rewards that exist when this runs get 0 (a NOT NULL column).
            field=fields.IntField(default=0, db_default=0),
        ),
        ops.RunPython(_number_waits, reverse_code=_nothing),
        ops.RunPython(
            _dialect_sql(_SQLITE, _POSTGRES), reverse_code=_dialect_sql(_DROP_SQLITE, _DROP_POSTGRES)
        ),
    ]
