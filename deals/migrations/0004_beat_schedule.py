"""The beat schedule (django-celery-beat's DatabaseScheduler, editable in the admin).

Each entry only wakes a task that claims its own due work from PostgreSQL, so a
tick that waited longer than its interval is superseded by the next one.
"""

from django.db import migrations

# (name, task, description)
SCHEDULES = [
    (
        "Poll due feeds",
        "deals.tasks.poll_due_feeds_task",
        "Claim the RSS/Atom feeds whose next poll is due and poll each once.",
    ),
    (
        "Sweep due alerts",
        "deals.tasks_alerts.sweep_due_alerts_task",
        "Record due milestone alerts and hand unsent ones to senders.",
    ),
    (
        "Re-queue stale articles",
        "deals.tasks.requeue_stale_articles_task",
        # Redis forgets queued tasks on a restart; PostgreSQL still knows the work.
        "Queue again the articles left pending or fetched past the threshold.",
    ),
]


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    for name, task, description in SCHEDULES:
        PeriodicTask.objects.update_or_create(
            name=name,
            defaults={
                "task": task,
                "interval": every_minute,
                "enabled": True,
                "expire_seconds": 60,
                "description": description,
            },
        )


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, _task, _d in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("deals", "0003_postgres_indexes"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
