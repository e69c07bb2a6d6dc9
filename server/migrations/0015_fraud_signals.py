from tortoise import migrations
from tortoise.migrations import operations as ops
from server.fraud.rules import RuleKey
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0014_integrations')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AdvocateEvidence',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('advocate', fields.ForeignKeyField('models.Advocate', source_field='advocate_id', db_constraint=True, to_field='id', related_name='evidence', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharField(max_length=16)),
                ('value_hash', fields.CharField(max_length=32)),
                ('seen_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'advocate_evidence', 'app': 'models', 'unique_together': (('advocate', 'kind', 'value_hash'),), 'indexes': [Index(fields=['kind', 'value_hash'])], 'pk_attr': 'id', 'table_description': 'A keyed hash of something an advocate identified themselves with (device id, payment'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='BlocklistEntry',
            name='network_hash',
            field=fields.CharField(null=True, db_index=True, max_length=32),
        ),
        ops.AlterField(
            model_name='FraudRuleSetting',
            name='rule',
            field=fields.CharEnumField(description='SELF_REFERRAL: self_referral\nSELF_REFERRAL_DEVICE: self_referral_device\nDISPOSABLE_EMAIL: disposable_email\nINVALID_EMAIL: invalid_email\nREFERRAL_VELOCITY_HOUR: referral_velocity_hour\nREFERRAL_VELOCITY_DAY: referral_velocity_day\nCONVERSION_VELOCITY_HOUR: conversion_velocity_hour\nCONVERSION_VELOCITY_DAY: conversion_velocity_day\nREFERRAL_RING: referral_ring\nFRIEND_MANY_ADVOCATES: friend_many_advocates\nSHARED_IP: shared_ip\nBLOCKLIST: blocklist\nSELF_REFERRAL_EVIDENCE: self_referral_evidence\nPRIVACY_RELAY: privacy_relay\nNETWORK_CLUSTER: network_cluster\nSHARED_EVIDENCE: shared_evidence\nSEQUENTIAL_EMAILS: sequential_emails\nLOOKALIKE_NAMES: lookalike_names\nBLOCKLIST_NETWORK: blocklist_network\nCLUSTER_FLAGGED: cluster_flagged\nRISK_SCORE: risk_score', enum_type=RuleKey, max_length=32),
        ),
        ops.AddField(
            model_name='Referral',
            name='address_hash',
            field=fields.CharField(null=True, max_length=32),
        ),
        ops.AddField(
            model_name='Referral',
            name='device_hash',
            field=fields.CharField(null=True, max_length=32),
        ),
        ops.AddField(
            model_name='Referral',
            name='net_hash',
            field=fields.CharField(null=True, max_length=32),
        ),
        ops.AddField(
            model_name='Referral',
            name='payment_hash',
            field=fields.CharField(null=True, max_length=32),
        ),
        ops.AddField(
            model_name='Referral',
            name='phone_hash',
            field=fields.CharField(null=True, max_length=32),
        ),
        ops.AddIndex(
            model_name='Referral',
            index=Index(fields=['net_hash', 'created_at']),
        ),
        ops.AddIndex(
            model_name='Referral',
            index=Index(fields=['device_hash']),
        ),
        ops.AddIndex(
            model_name='Referral',
            index=Index(fields=['payment_hash']),
        ),
        ops.AddIndex(
            model_name='Referral',
            index=Index(fields=['phone_hash']),
        ),
    ]
