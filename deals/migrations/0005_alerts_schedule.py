"""The beat schedule for alerts: sweep every minute (django-celery-beat's DatabaseScheduler)."""

from django.db import migrations

TASK = "deals.tasks_alerts.sweep_due_alerts_task"
NAME = "Sweep due alerts"


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
            "description": "Record due milestone alerts and hand unsent ones to senders.",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("deals", "0004_alerts_feed_token"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
