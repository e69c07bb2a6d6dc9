from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

# An advocate's links, and the referrals of a link (fraud: velocity, recent referrals, the
# ring walk) were found by scanning: nothing indexed referral_link.advocate_id or
# referral.link_id.


class Migration(migrations.Migration):
    dependencies = [('models', '0024_scale2')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Referral',
            index=Index(fields=['link_id', 'created_at']),
        ),
        ops.AddIndex(
            model_name='ReferralLink',
            index=Index(fields=['advocate_id']),
        ),
    ]
