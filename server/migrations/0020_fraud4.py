from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0019_fraud3')]

    initial = False

    operations = [
        ops.CreateModel(
            name='RefusedEdge',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('campaign', fields.ForeignKeyField('models.Campaign', source_field='campaign_id', db_constraint=True, to_field='id', related_name='refused_edges', on_delete=OnDelete.RESTRICT)),
                ('advocate', fields.ForeignKeyField('models.Advocate', source_field='advocate_id', db_constraint=True, to_field='id', related_name='refused_edges', on_delete=OnDelete.RESTRICT)),
                ('friend', fields.ForeignKeyField('models.Advocate', source_field='friend_id', db_constraint=True, to_field='id', related_name='refused_as_friend', on_delete=OnDelete.RESTRICT)),
                ('test', fields.BooleanField()),
                ('attempts', fields.IntField(default=1)),
                ('first_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('last_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'fraud_refused_edge', 'app': 'models', 'unique_together': (('advocate', 'friend', 'campaign', 'test'),), 'pk_attr': 'id', 'table_description': "An advocate's attempt to refer another advocate of the same campaign: refused, so no"},
            bases=['Model'],
        ),
    ]
