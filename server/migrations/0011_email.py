from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from server.email.models import EmailKind, SuppressionReason, default_nudge_days
from server.outbox.lease import OutboxStatus
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0010_webhooks')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CampaignEmailSettings',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('campaign_id', fields.IntField(unique=True)),
                ('logo_url', fields.CharField(null=True, max_length=2000)),
                ('accent_color', fields.CharField(null=True, max_length=7)),
                ('sender_name', fields.CharField(null=True, max_length=80)),
                ('nudge_enabled', fields.BooleanField(default=True)),
                ('nudge_days', fields.JSONField(default=default_nudge_days, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('nudge_repeat_days', fields.IntField(default=30)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'campaign_email_settings', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='EmailMessage',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('dedupe_key', fields.CharField(unique=True, max_length=120)),
                ('kind', fields.CharEnumField(description='WELCOME: welcome\nSIGN_IN: sign_in\nFRIEND_SIGNED_UP: friend_signed_up\nREWARD_EARNED: reward_earned\nREWARD_APPROVED: reward_approved\nREWARD_PAID: reward_paid\nREWARD_REJECTED: reward_rejected\nMILESTONE: milestone\nNUDGE: nudge', enum_type=EmailKind, max_length=24)),
                ('campaign_id', fields.IntField(null=True)),
                ('advocate_id', fields.IntField(null=True)),
                ('link_id', fields.IntField(null=True)),
                ('to_address', fields.CharField(max_length=254)),
                ('to_key', fields.CharField(db_index=True, max_length=254)),
                ('data', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('test', fields.BooleanField(default=False)),
                ('outcome', fields.CharField(default='', max_length=16)),
                ('message_id', fields.CharField(default='', max_length=200)),
                ('status', fields.CharEnumField(default=OutboxStatus.PENDING, description='PENDING: pending\nCLAIMED: claimed\nDELIVERED: delivered\nFAILED: failed', enum_type=OutboxStatus, max_length=16)),
                ('claims', fields.IntField(default=0)),
                ('lease_token', fields.CharField(null=True, max_length=64)),
                ('lease_expires_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('next_attempt_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_error', fields.CharField(default='', max_length=500)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'email_message', 'app': 'models', 'indexes': [Index(fields=['status', 'id']), Index(fields=['link_id', 'kind'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='EmailSuppression',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('address_key', fields.CharField(unique=True, max_length=254)),
                ('reason', fields.CharEnumField(description='UNSUBSCRIBED: unsubscribed\nBOUNCED: bounced\nCOMPLAINED: complained', enum_type=SuppressionReason, max_length=16)),
                ('detail', fields.CharField(default='', max_length=500)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'email_suppression', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='EmailTemplate',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('campaign_id', fields.IntField()),
                ('kind', fields.CharEnumField(description='WELCOME: welcome\nSIGN_IN: sign_in\nFRIEND_SIGNED_UP: friend_signed_up\nREWARD_EARNED: reward_earned\nREWARD_APPROVED: reward_approved\nREWARD_PAID: reward_paid\nREWARD_REJECTED: reward_rejected\nMILESTONE: milestone\nNUDGE: nudge', enum_type=EmailKind, max_length=24)),
                ('subject', fields.CharField(max_length=300)),
                ('text', fields.TextField(unique=False)),
                ('html', fields.TextField(unique=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'email_template', 'app': 'models', 'unique_together': (('campaign_id', 'kind'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PortalSignIn',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('link_id', fields.IntField(db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'portal_sign_in', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='ReferralLink',
            name='portal_token_expires_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
    ]
