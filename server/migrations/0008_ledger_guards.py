from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.migrations.constraints import UniqueConstraint

# Append-only ledger and audit log, enforced by the database (both dialects):
# - ledger_entry: no UPDATE ever, DELETE only of test-mode rows (resetTestData).
# - audit_event: no DELETE, UPDATE only inside a transaction that has an open audit_erasure
#   row, and then only of the personal columns (actor_id, ip_hash, diff).
# TRUNCATE is not a row operation and is not refused (the test suite cleans with it).
# Semicolons are written \x3b: this file must hold none (see test_migrations_hold_no_semicolons),
# and execute_script runs each script whole.
_SQLITE = """
CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON ledger_entry
BEGIN SELECT RAISE(ABORT, 'ledger_entry is append-only')\x3b END\x3b
CREATE TRIGGER ledger_entry_no_delete BEFORE DELETE ON ledger_entry WHEN OLD.test = 0
BEGIN SELECT RAISE(ABORT, 'ledger_entry is append-only')\x3b END\x3b
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit_event is append-only')\x3b END\x3b
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
WHEN NOT EXISTS (SELECT 1 FROM audit_erasure WHERE finished_at IS NULL)
  OR NEW.id IS NOT OLD.id OR NEW.actor_kind IS NOT OLD.actor_kind
  OR NEW.channel IS NOT OLD.channel OR NEW.action IS NOT OLD.action
  OR NEW.target_type IS NOT OLD.target_type OR NEW.target_id IS NOT OLD.target_id
  OR NEW.request_id IS NOT OLD.request_id OR NEW.created_at IS NOT OLD.created_at
BEGIN SELECT RAISE(ABORT, 'audit_event is append-only')\x3b END\x3b
"""

_POSTGRES = """
CREATE FUNCTION vouch_ledger_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND OLD.test THEN
    RETURN OLD\x3b
  END IF\x3b
  RAISE EXCEPTION 'ledger_entry is append-only' USING ERRCODE = 'integrity_constraint_violation'\x3b
END $$\x3b
CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
FOR EACH ROW EXECUTE FUNCTION vouch_ledger_entry_append_only()\x3b
CREATE FUNCTION vouch_audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND EXISTS (SELECT 1 FROM audit_erasure WHERE finished_at IS NULL)
     AND NEW.id = OLD.id AND NEW.actor_kind = OLD.actor_kind AND NEW.channel = OLD.channel
     AND NEW.action = OLD.action AND NEW.target_type = OLD.target_type
     AND NEW.target_id = OLD.target_id AND NEW.created_at = OLD.created_at
     AND NEW.request_id IS NOT DISTINCT FROM OLD.request_id THEN
    RETURN NEW\x3b
  END IF\x3b
  RAISE EXCEPTION 'audit_event is append-only' USING ERRCODE = 'integrity_constraint_violation'\x3b
END $$\x3b
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
FOR EACH ROW EXECUTE FUNCTION vouch_audit_event_append_only()\x3b
"""

_DROP_SQLITE = """
DROP TRIGGER IF EXISTS ledger_entry_no_update\x3b DROP TRIGGER IF EXISTS ledger_entry_no_delete\x3b
DROP TRIGGER IF EXISTS audit_event_no_delete\x3b DROP TRIGGER IF EXISTS audit_event_no_update\x3b
"""

_DROP_POSTGRES = """
DROP TRIGGER IF EXISTS ledger_entry_append_only ON ledger_entry\x3b
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event\x3b
DROP FUNCTION IF EXISTS vouch_ledger_entry_append_only()\x3b
DROP FUNCTION IF EXISTS vouch_audit_event_append_only()\x3b
"""


def _dialect_sql(sqlite: str, postgres: str):
    async def run(apps, schema_editor) -> None:
        client = schema_editor.client
        await client.execute_script(postgres if client.capabilities.dialect == "postgres" else sqlite)

    return run


class Migration(migrations.Migration):
    dependencies = [('models', '0007_money_time')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AuditErasure',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('reason', fields.CharField(max_length=500)),
                ('requested_by', fields.CharField(null=True, max_length=64)),
                ('events', fields.IntField(default=0)),
                ('started_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'audit_erasure', 'app': 'models', 'pk_attr': 'id', 'table_description': 'Audited erasures: the one exception to the append-only audit log.'},
            bases=['Model'],
        ),
        ops.AlterField(
            model_name='Conversion',
            name='idempotency_key',
            field=fields.CharField(max_length=128),
        ),
        ops.AddField(
            model_name='Conversion',
            name='idempotency_scope',
            field=fields.CharField(default='', max_length=80),
        ),
        ops.AddConstraint(
            model_name='Conversion',
            constraint=UniqueConstraint(fields=('idempotency_scope', 'idempotency_key'), name=None),
        ),
        ops.AlterField(
            model_name='Refund',
            name='idempotency_key',
            field=fields.CharField(max_length=128),
        ),
        ops.AddField(
            model_name='Refund',
            name='idempotency_scope',
            field=fields.CharField(default='', max_length=80),
        ),
        ops.AddConstraint(
            model_name='Refund',
            constraint=UniqueConstraint(fields=('idempotency_scope', 'idempotency_key'), name=None),
        ),
        ops.RunPython(
            _dialect_sql(_SQLITE, _POSTGRES), reverse_code=_dialect_sql(_DROP_SQLITE, _DROP_POSTGRES)
        ),
    ]
