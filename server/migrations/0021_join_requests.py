from tortoise import migrations
from tortoise.migrations import operations as ops
from server.outbox.lease import OutboxStatus
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0020_fraud4')]

    initial = False

    operations = [
        ops.CreateModel(
            name='JoinRequest',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('reason', fields.CharField(max_length=8)),
                ('campaign_id', fields.IntField()),
                ('sealed', fields.TextField(unique=False)),
                ('status', fields.CharEnumField(default=OutboxStatus.PENDING, description='PENDING: pending\nCLAIMED: claimed\nDELIVERED: delivered\nFAILED: failed', enum_type=OutboxStatus, max_length=16)),
                ('claims', fields.IntField(default=0)),
                ('lease_token', fields.CharField(null=True, max_length=64)),
                ('lease_expires_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('next_attempt_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_error', fields.CharField(default='', max_length=500)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'email_join_request', 'app': 'models', 'indexes': [Index(fields=['status', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
