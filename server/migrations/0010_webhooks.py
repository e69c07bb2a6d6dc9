from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from server.notifications.models import NotificationKind
from server.outbox.lease import OutboxStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0009_ops_runtime')]

    initial = False

    operations = [
        ops.CreateModel(
            name='WebhookEndpoint',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('url', fields.CharField(max_length=2000)),
                ('description', fields.CharField(default='', max_length=200)),
                ('event_types', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('include_test', fields.BooleanField(default=False)),
                ('enabled', fields.BooleanField(default=True)),
                ('disabled_reason', fields.CharField(default='', max_length=200)),
                ('secret_sealed', fields.TextField(unique=False)),
                ('previous_secret_sealed', fields.TextField(null=True, unique=False)),
                ('previous_secret_expires_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('consecutive_failures', fields.IntField(default=0)),
                ('failing_since', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'webhook_endpoint', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WebhookEvent',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('msg_id', fields.CharField(unique=True, max_length=40)),
                ('event_type', fields.CharField(max_length=40)),
                ('payload', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('test', fields.BooleanField(default=False)),
                ('endpoint_id', fields.IntField(null=True)),
                ('fanned_out', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'webhook_event', 'app': 'models', 'indexes': [Index(fields=['fanned_out', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WebhookDelivery',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('endpoint', fields.ForeignKeyField('models.WebhookEndpoint', source_field='endpoint_id', db_constraint=True, to_field='id', related_name='deliveries', on_delete=OnDelete.CASCADE)),
                ('event', fields.ForeignKeyField('models.WebhookEvent', source_field='event_id', db_constraint=True, to_field='id', related_name='deliveries', on_delete=OnDelete.RESTRICT)),
                ('replay', fields.IntField(default=0)),
                ('status', fields.CharEnumField(default=OutboxStatus.PENDING, description='PENDING: pending\nCLAIMED: claimed\nDELIVERED: delivered\nFAILED: failed', enum_type=OutboxStatus, max_length=16)),
                ('claims', fields.IntField(default=0)),
                ('lease_token', fields.CharField(null=True, max_length=64)),
                ('lease_expires_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('next_attempt_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_error', fields.CharField(default='', max_length=500)),
                ('delivered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'webhook_delivery', 'app': 'models', 'unique_together': (('endpoint', 'event', 'replay'),), 'indexes': [Index(fields=['status', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WebhookAttempt',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('delivery', fields.ForeignKeyField('models.WebhookDelivery', source_field='delivery_id', db_constraint=True, to_field='id', related_name='attempts', on_delete=OnDelete.CASCADE)),
                ('status_code', fields.IntField(null=True)),
                ('latency_ms', fields.IntField()),
                ('response_excerpt', fields.CharField(default='', max_length=500)),
                ('error', fields.CharField(default='', max_length=500)),
                ('ok', fields.BooleanField()),
                ('attempted_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'webhook_attempt', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AlterField(
            model_name='Notification',
            name='campaign',
            field=fields.ForeignKeyField('models.Campaign', source_field='campaign_id', null=True, db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.RESTRICT),
        ),
        ops.AlterField(
            model_name='Notification',
            name='kind',
            field=fields.CharEnumField(description='MILESTONE_REACHED: milestone_reached\nREWARD_AWAITING_APPROVAL: reward_awaiting_approval\nWEBHOOK_ENDPOINT_DISABLED: webhook_endpoint_disabled', enum_type=NotificationKind, max_length=32),
        ),
        ops.AddField(
            model_name='Notification',
            name='detail',
            field=fields.CharField(default='', max_length=500),
        ),
    ]
