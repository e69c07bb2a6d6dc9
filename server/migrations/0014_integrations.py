from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from server.integrations.models import EventStatus, Provider
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0013_email')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Integration',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('provider', fields.CharEnumField(unique=True, description='STRIPE: stripe\nSHOPIFY: shopify', enum_type=Provider, max_length=16)),
                ('enabled', fields.BooleanField(default=True)),
                ('secrets_sealed', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('campaign', fields.ForeignKeyField('models.Campaign', source_field='campaign_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('conversion_events', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('shop_domain', fields.CharField(default='', max_length=255)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'integration', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='IntegrationCustomer',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('provider', fields.CharEnumField(description='STRIPE: stripe\nSHOPIFY: shopify', enum_type=Provider, max_length=16)),
                ('customer_id', fields.CharField(max_length=255)),
                ('email', fields.CharField(null=True, max_length=320)),
                ('visit_token', fields.CharField(null=True, max_length=32)),
                ('referral_code', fields.CharField(null=True, max_length=32)),
                ('coupon_code', fields.CharField(null=True, max_length=32)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'integration_customer', 'app': 'models', 'unique_together': (('provider', 'customer_id'),), 'pk_attr': 'id', 'table_description': "What a provider's customer brought (visit token, code, coupon, email), so that later"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='IntegrationEvent',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('provider', fields.CharEnumField(description='STRIPE: stripe\nSHOPIFY: shopify', enum_type=Provider, max_length=16)),
                ('event_id', fields.CharField(max_length=255)),
                ('event_type', fields.CharField(max_length=64)),
                ('status', fields.CharEnumField(default=EventStatus.RECEIVED, description='RECEIVED: received\nPROCESSED: processed\nUNMATCHED: unmatched\nIGNORED: ignored\nDEFERRED: deferred', enum_type=EventStatus, max_length=16)),
                ('detail', fields.CharField(default='', max_length=500)),
                ('waiting_for', fields.CharField(null=True, max_length=300)),
                ('payload', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('conversion_id', fields.IntField(null=True)),
                ('referral_id', fields.IntField(null=True)),
                ('received_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('processed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'integration_event', 'app': 'models', 'unique_together': (('provider', 'event_id'),), 'indexes': [Index(fields=['provider', 'waiting_for']), Index(fields=['provider', 'status'])], 'pk_attr': 'id', 'table_description': 'One row per provider event id: a replayed or concurrent duplicate delivery finds it.'},
            bases=['Model'],
        ),
    ]
