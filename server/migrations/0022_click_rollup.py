from tortoise import migrations
from tortoise.migrations import operations as ops

class Migration(migrations.Migration):
    dependencies = [('models', '0021_join_requests')]

    initial = False

    operations = [
        ops.AlterModelOptions(
            name='CampaignDay',
            options={'table': 'rollup_campaign_day', 'app': 'models', 'unique_together': (('campaign_id', 'test', 'day', 'currency'),), 'pk_attr': 'id', 'table_description': 'Per campaign, mode (test or live rows), UTC day and currency: clicks and first-seen'},
        ),
    ]
