# The schema changes after 0005's data changes, in a transaction of their own (PostgreSQL
# refuses to alter a table with row updates still pending their foreign-key checks).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('inbox', '0005_organisation_mandatory_kinds_and_derived_channels'),
    ]

    operations = [
        migrations.AlterField(
            model_name='mandatorykind',
            name='kind',
            field=models.CharField(choices=[('task', '整改事项提醒'), ('due_report', '应报提醒'), ('report', '进展报告审核'), ('closure', '销号'), ('return', '退回'), ('extension', '延期'), ('notice', '督办单'), ('notice_reply', '督办单回复'), ('feedback', '意见建议'), ('briefing', '简报报告'), ('role_grant', '角色授予')], max_length=30, verbose_name='事项类型'),
        ),
        migrations.AddConstraint(
            model_name='channel',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('organisation__isnull', False), ('unit__isnull', True)), models.Q(('organisation__isnull', True), ('unit__isnull', False)), _connector='OR'), name='channel_unit_or_organisation'),
        ),
        migrations.AddConstraint(
            model_name='mandatorykind',
            constraint=models.UniqueConstraint(fields=('organisation', 'kind'), name='mandatory_kind_once_per_organisation'),
        ),
    ]
