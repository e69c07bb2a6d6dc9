from tortoise import migrations
from tortoise.migrations import operations as ops
from server.milestones.models import MilestoneKind
from server.notifications.models import NotificationKind, NotificationStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='MilestoneRule',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('campaign', fields.ForeignKeyField('models.Campaign', source_field='campaign_id', db_constraint=True, to_field='id', related_name='milestone_rules', on_delete=OnDelete.RESTRICT)),
                ('key', fields.CharField(max_length=64)),
                ('kind', fields.CharEnumField(description='CONVERSIONS: conversions\nREVENUE: revenue\nOBJECTIVE_PERCENT: objective_percent\nADVOCATE_REFERRALS: advocate_referrals', enum_type=MilestoneKind, max_length=24)),
                ('threshold', fields.BigIntField()),
                ('enabled', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'milestone_rule', 'app': 'models', 'unique_together': (('campaign', 'key'), ('campaign', 'kind', 'threshold')), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Notification',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharEnumField(description='MILESTONE_REACHED: milestone_reached\nREWARD_AWAITING_APPROVAL: reward_awaiting_approval', enum_type=NotificationKind, max_length=32)),
                ('dedupe_key', fields.CharField(unique=True, max_length=64)),
                ('campaign', fields.ForeignKeyField('models.Campaign', source_field='campaign_id', db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.RESTRICT)),
                ('milestone', fields.ForeignKeyField('models.Milestone', source_field='milestone_id', null=True, db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.RESTRICT)),
                ('reward', fields.ForeignKeyField('models.Reward', source_field='reward_id', null=True, db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.RESTRICT)),
                ('test', fields.BooleanField(default=False)),
                ('status', fields.CharEnumField(default=NotificationStatus.PENDING, description='PENDING: pending\nCLAIMED: claimed\nDELIVERED: delivered\nFAILED: failed', enum_type=NotificationStatus, max_length=16)),
                ('claims', fields.IntField(default=0)),
                ('lease_token', fields.CharField(null=True, max_length=64)),
                ('lease_expires_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('next_attempt_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_error', fields.CharField(default='', max_length=500)),
                ('delivered_channel', fields.CharField(null=True, max_length=80)),
                ('delivered_ts', fields.CharField(null=True, max_length=40)),
                ('delivered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'notification', 'app': 'models', 'indexes': [Index(fields=['status', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Milestone',
            name='advocate',
            field=fields.ForeignKeyField('models.Advocate', source_field='advocate_id', null=True, db_constraint=True, to_field='id', related_name='milestones', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddField(
            model_name='Milestone',
            name='kind',
            field=fields.CharEnumField(description='CONVERSIONS: conversions\nREVENUE: revenue\nOBJECTIVE_PERCENT: objective_percent\nADVOCATE_REFERRALS: advocate_referrals', enum_type=MilestoneKind, max_length=24),
        ),
        ops.AddIndex(
            model_name='Milestone',
            index=Index(fields=['campaign_id', 'id']),
        ),
    ]
