"""The beat schedule for the stale-article sweep: every minute.

Redis forgets queued tasks on a restart and a killed task may never come back;
the sweep finds the articles PostgreSQL still shows unfinished and queues them again.
"""

from django.db import migrations

TASK = "deals.tasks.requeue_stale_articles_task"
NAME = "Re-queue stale articles"


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.update_or_create(
        name=NAME,
        defaults={
            "task": TASK,
            "interval": every_minute,
            "enabled": True,
            # A sweep that waited longer than its interval is superseded by the next one.
            "expire_seconds": 60,
            "description": "Queue again the articles left pending or fetched past the threshold.",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("deals", "0006_scale_indexes"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
