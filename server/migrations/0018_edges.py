from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0017_restore_indexes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='UnsubscribeLink',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('campaign_id', fields.IntField()),
                ('advocate_id', fields.IntField(db_index=True)),
                ('nonce', fields.CharField(max_length=32)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'email_unsubscribe_link', 'app': 'models', 'unique_together': (('campaign_id', 'advocate_id'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Campaign',
            name='emails_off',
            # db_default: campaigns that exist when this runs get [] (a NOT NULL column).
            field=fields.JSONField(default=list, db_default=[], encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
    ]
