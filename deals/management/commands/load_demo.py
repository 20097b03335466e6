from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from deals.demo.loader import demo_load, demo_users_ensure


class Command(BaseCommand):
    help = (
        "Load the demo data (the DeepSeek/CATL story and 50+ companies) and create the "
        "demo logins. Safe to run again: it only writes what is missing or different."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-users",
            action="store_true",
            help="load the data only; create no demo logins (their passwords are public)",
        )

    def handle(self, *args: object, **options: object) -> None:
        report = demo_load()
        if report.changed_anything:
            parts = [f"{n} {kind} created" for kind, n in sorted(report.created.items())]
            parts += [f"{n} {kind} updated" for kind, n in sorted(report.updated.items())]
            self.stdout.write("Demo data: " + ", ".join(parts) + ".")
        else:
            self.stdout.write("Demo data already loaded; nothing changed.")
        if options["no_users"]:
            return
        logins = demo_users_ensure()
        if not settings.DEBUG:
            self.stderr.write(
                "Warning: the demo logins below have public passwords; "
                "use --no-users on a server others can reach."
            )
        url = settings.SITE_URL
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins for {url}/accounts/login/"))
        for login, _created in logins:
            role = "admin (Django admin too)" if login.role == "superuser" else login.role
            self.stdout.write(f"  {login.username:<8} password: {login.password:<20} {role}")
