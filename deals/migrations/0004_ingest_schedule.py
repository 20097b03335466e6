"""The beat schedule for feeds: every minute, poll the feeds that are due.

Each feed keeps its own interval (Feed.poll_interval_minutes, next_poll_at); this
entry only wakes the task that claims the due ones.
"""

from django.db import migrations

TASK = "deals.tasks.poll_due_feeds_task"
NAME = "Poll due feeds"


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
            # A tick that waited longer than a minute is superseded by the next one.
            "expire_seconds": 60,
            "description": "Claim the RSS/Atom feeds whose next poll is due and poll each once.",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("deals", "0005_alerts_schedule"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
