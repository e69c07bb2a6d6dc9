from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from server.campaigns.models import AttributionModel
from tortoise import fields
from tortoise.migrations.constraints import UniqueConstraint

class Migration(migrations.Migration):
    dependencies = [('models', '0002_milestones_notifications')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Campaign',
            name='attribution_model',
            field=fields.CharEnumField(default=AttributionModel.LAST_TOUCH, description='FIRST_TOUCH: first_touch\nLAST_TOUCH: last_touch', enum_type=AttributionModel, max_length=16),
        ),
        ops.AddField(
            model_name='Referral',
            name='attribution',
            field=fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        ops.AddField(
            model_name='Referral',
            name='attribution_generation',
            field=fields.IntField(default=0),
        ),
        ops.AddField(
            model_name='ReferralLink',
            name='coupon_code',
            field=fields.CharField(null=True, max_length=32),
        ),
        ops.AddConstraint(
            model_name='ReferralLink',
            constraint=UniqueConstraint(fields=('campaign', 'coupon_code'), name=None),
        ),
    ]
