from tortoise import migrations
from tortoise.migrations import operations as ops
from server.outbox.lease import OutboxStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0011_drop_unused_lockout')]

    initial = False

    operations = [
        ops.CreateModel(
            name='StripeCredit',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('reward', fields.OneToOneField('models.Reward', source_field='reward_id', db_constraint=True, to_field='id', related_name='stripe_credit', on_delete=OnDelete.RESTRICT)),
                ('customer_id', fields.CharField(max_length=255)),
                ('amount', fields.BigIntField()),
                ('currency', fields.CharField(max_length=3)),
                ('status', fields.CharEnumField(default=OutboxStatus.PENDING, description='PENDING: pending\nCLAIMED: claimed\nDELIVERED: delivered\nFAILED: failed', enum_type=OutboxStatus, max_length=16)),
                ('claims', fields.IntField(default=0)),
                ('lease_token', fields.CharField(null=True, max_length=64)),
                ('lease_expires_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('next_attempt_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_error', fields.CharField(default='', max_length=500)),
                ('stripe_object_id', fields.CharField(null=True, max_length=255)),
                ('delivered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'stripe_credit', 'app': 'models', 'indexes': [Index(fields=['status', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Advocate',
            name='erased_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Advocate',
            name='stripe_customer_id',
            field=fields.CharField(null=True, max_length=255),
        ),
        ops.AddField(
            model_name='Referral',
            name='friend_erased_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Referral',
            name='friend_stripe_customer_id',
            field=fields.CharField(null=True, max_length=255),
        ),
    ]
