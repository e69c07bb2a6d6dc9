from tortoise import migrations
from tortoise.migrations import operations as ops
from server.referrals.models import NoRewardReason
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0005_fraud')]

    initial = False

    operations = [
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
    ]
