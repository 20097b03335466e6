"""A participation's commitment: confirmed, or an investor only in talks or considering.

Existing rows are confirmed participations; db_default lets bulk loads (COPY)
leave the column out. Adding a column with a constant default rewrites no rows.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('deals', '0004_beat_schedule'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalparticipation',
            name='commitment',
            field=models.CharField(choices=[('confirmed', 'Confirmed'), ('in_talks', 'In talks'), ('considering', 'Considering')], db_default='confirmed', default='confirmed', max_length=12),
        ),
        migrations.AddField(
            model_name='participation',
            name='commitment',
            field=models.CharField(choices=[('confirmed', 'Confirmed'), ('in_talks', 'In talks'), ('considering', 'Considering')], db_default='confirmed', default='confirmed', max_length=12),
        ),
    ]
