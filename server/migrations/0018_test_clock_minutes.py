from tortoise import migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('models', '0017_restore_indexes')]

    initial = False

    operations = [
        ops.RenameField(
            model_name='Campaign',
            old_name='test_clock_hours',
            new_name='test_clock_minutes',
        ),
        # The offset was whole hours; it is minutes now, so rehearsal can move by minutes.
        ops.RunSQL(
            "UPDATE campaign SET test_clock_minutes = test_clock_minutes * 60",
            reverse_sql="UPDATE campaign SET test_clock_minutes = test_clock_minutes / 60",
        ),
    ]
