from tortoise import migrations
from tortoise.migrations import operations as ops
from server.rewards.models import CapPeriod
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0003_attribution')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Campaign',
            name='test_clock_hours',
            field=fields.IntField(default=0),
        ),
        ops.AddField(
            model_name='Reward',
            name='tier',
            field=fields.IntField(null=True),
        ),
        ops.AddIndex(
            model_name='Reward',
            index=Index(fields=['advocate_id', 'created_at']),
        ),
        ops.AlterModelOptions(
            name='RewardRuleSet',
            options={'table': 'reward_rule_set', 'app': 'models', 'unique_together': (('campaign', 'version'),), 'pk_attr': 'id', 'table_description': "One immutable version of a campaign's reward rules, approval policy, caps and budget."},
        ),
        ops.AddField(
            model_name='RewardRuleSet',
            name='budget',
            field=fields.BigIntField(null=True),
        ),
        ops.AddField(
            model_name='RewardRuleSet',
            name='cap_amount',
            field=fields.BigIntField(null=True),
        ),
        ops.AddField(
            model_name='RewardRuleSet',
            name='cap_count',
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name='RewardRuleSet',
            name='cap_period',
            field=fields.CharEnumField(default=CapPeriod.ALL_TIME, description='DAY: day\nWEEK: week\nMONTH: month\nALL_TIME: all_time', enum_type=CapPeriod, max_length=16),
        ),
        ops.AddField(
            model_name='RewardRuleSet',
            name='pause_campaign_on_budget',
            field=fields.BooleanField(default=False),
        ),
    ]
