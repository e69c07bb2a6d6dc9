from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from server.fraud.rules import BlockKind, Mode, ReviewStatus, RuleKey
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0004_reward_limits_test_clock')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AdvocateSession',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('advocate', fields.ForeignKeyField('models.Advocate', source_field='advocate_id', db_constraint=True, to_field='id', related_name='sessions', on_delete=OnDelete.RESTRICT)),
                ('ip_hash', fields.CharField(max_length=32)),
                ('ua_hash', fields.CharField(max_length=32)),
                ('seen_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'advocate_session', 'app': 'models', 'indexes': [Index(fields=['advocate_id', 'ip_hash', 'ua_hash', 'seen_at'])], 'pk_attr': 'id', 'table_description': 'Hashed IP and user agent an advocate was seen with, to recognise them as a friend.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='BlocklistEntry',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharEnumField(description='EMAIL: email\nDOMAIN: domain\nIP_HASH: ip_hash\nADVOCATE: advocate', enum_type=BlockKind, max_length=16)),
                ('pattern', fields.CharField(max_length=254)),
                ('reason', fields.CharField(default='', max_length=500)),
                ('created_by', fields.CharField(null=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'blocklist_entry', 'app': 'models', 'unique_together': (('kind', 'pattern'),), 'pk_attr': 'id', 'table_description': 'Global: an email pattern, a domain, a keyed IP hash (never a raw IP) or an advocate id.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='FraudRuleSetting',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('campaign', fields.ForeignKeyField('models.Campaign', source_field='campaign_id', db_constraint=True, to_field='id', related_name='fraud_rules', on_delete=OnDelete.RESTRICT)),
                ('rule', fields.CharEnumField(description='SELF_REFERRAL: self_referral\nSELF_REFERRAL_DEVICE: self_referral_device\nDISPOSABLE_EMAIL: disposable_email\nINVALID_EMAIL: invalid_email\nREFERRAL_VELOCITY_HOUR: referral_velocity_hour\nREFERRAL_VELOCITY_DAY: referral_velocity_day\nCONVERSION_VELOCITY_HOUR: conversion_velocity_hour\nCONVERSION_VELOCITY_DAY: conversion_velocity_day\nREFERRAL_RING: referral_ring\nFRIEND_MANY_ADVOCATES: friend_many_advocates\nSHARED_IP: shared_ip\nBLOCKLIST: blocklist', enum_type=RuleKey, max_length=32)),
                ('mode', fields.CharEnumField(description='OFF: off\nSHADOW: shadow\nFLAG: flag\nBLOCK: block', enum_type=Mode, max_length=8)),
                ('threshold', fields.IntField(null=True)),
                ('updated_by', fields.CharField(null=True, max_length=64)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'fraud_rule_setting', 'app': 'models', 'unique_together': (('campaign', 'rule'),), 'pk_attr': 'id', 'table_description': "A campaign's override of one rule's default mode and threshold."},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Referral',
            name='friend_key',
            field=fields.CharField(null=True, max_length=254),
        ),
        ops.AddField(
            model_name='Referral',
            name='ip_hash',
            field=fields.CharField(null=True, max_length=32),
        ),
        ops.AddField(
            model_name='Referral',
            name='review_note',
            field=fields.CharField(default='', max_length=500),
        ),
        ops.AddField(
            model_name='Referral',
            name='review_status',
            field=fields.CharEnumField(default=ReviewStatus.NONE, description='NONE: none\nFLAGGED: flagged\nCONFIRMED_FRAUD: confirmed_fraud\nDISMISSED: dismissed', enum_type=ReviewStatus, max_length=16),
        ),
        ops.AddField(
            model_name='Referral',
            name='reviewed_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Referral',
            name='reviewed_by',
            field=fields.CharField(null=True, max_length=64),
        ),
        ops.AddField(
            model_name='Referral',
            name='risk_score',
            field=fields.IntField(default=0),
        ),
        ops.AddField(
            model_name='Referral',
            name='risk_signals',
            field=fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        ops.AddField(
            model_name='Referral',
            name='ua_hash',
            field=fields.CharField(null=True, max_length=32),
        ),
        ops.AddIndex(
            model_name='Referral',
            index=Index(fields=['campaign_id', 'review_status']),
        ),
        ops.AddIndex(
            model_name='Referral',
            index=Index(fields=['campaign_id', 'ip_hash', 'created_at']),
        ),
        ops.AddIndex(
            model_name='Referral',
            index=Index(fields=['friend_key']),
        ),
        ops.AddIndex(
            model_name='Referral',
            index=Index(fields=['friend_external_id']),
        ),
    ]
