from tortoise import migrations
from tortoise.migrations import operations as ops

class Migration(migrations.Migration):
    dependencies = [('models', '0010_webhooks')]

    initial = False

    operations = [
        ops.RemoveField(model_name='StaffUser', name='failed_logins'),
        ops.RemoveField(model_name='StaffUser', name='locked_until'),
    ]
