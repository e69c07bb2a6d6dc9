from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [('models', '0018_edges')]

    initial = False

    operations = [
        ops.RenameField(
            model_name='Campaign',
            old_name='test_clock_hours',
            new_name='test_clock_minutes',
        ),
        # The offset was whole hours, it is minutes now: rehearsal can move by minutes.
        ops.RunSQL(
            "UPDATE campaign SET test_clock_minutes = test_clock_minutes * 60",
            reverse_sql="UPDATE campaign SET test_clock_minutes = test_clock_minutes / 60",
        ),
        ops.CreateModel(
            name='SharedNetwork',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('value_hash', fields.CharField(unique=True, max_length=32)),
                ('scope', fields.CharField(max_length=8)),
                ('note', fields.CharField(default='', max_length=500)),
                ('created_by', fields.CharField(null=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'shared_network', 'app': 'models', 'pk_attr': 'id', 'table_description': 'An operator-marked shared network (campus, office, event Wi-Fi) or single address: its'},
            bases=['Model'],
        ),
    ]
