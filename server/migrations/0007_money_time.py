from tortoise import migrations
from tortoise.migrations import operations as ops
from server.referrals.models import NoRewardReason
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0006_delegation_identity')]

    initial = False

    operations = [
        ops.AddField(
            model_name='AuditEvent',
            name='effective_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Campaign',
            name='order_grace_days',
            field=fields.IntField(default=30),
        ),
        ops.AddField(
            model_name='Conversion',
            name='no_reward_reason',
            field=fields.CharEnumField(null=True, description='CURRENCY_MISMATCH: currency_mismatch', enum_type=NoRewardReason, max_length=32),
        ),
        ops.AddField(
            model_name='Referral',
            name='touched_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        # Rehearsal milestones get subjects of their own, so they never block the live ones.
        ops.RunSQL(
            "UPDATE milestone SET subject_key = 'test:' || subject_key "
            "WHERE test AND subject_key NOT LIKE 'test:%'",
            reverse_sql="UPDATE milestone SET subject_key = substr(subject_key, 6) "
            "WHERE test AND subject_key LIKE 'test:%'",
        ),
    ]
