from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from deals.demo.ingest import DemoLoadError
from deals.demo.loader import demo_load, demo_users_ensure
from deals.demo.records import DemoDataError
from deals.demo.report import LoadReport


class Command(BaseCommand):
    help = (
        "Load the demo data (the DeepSeek/CATL story through article ingest, 50+ companies, "
        "articles waiting for review) and create the demo logins. Safe to run again: it "
        "only writes what is missing or different."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-users",
            action="store_true",
            help="load the data only; create no demo logins (their passwords are public)",
        )

    def handle(self, *args: object, **options: object) -> None:
        # The logins first: the seed article's proposals are accepted as the demo editor.
        logins = [] if options["no_users"] else demo_users_ensure()
        editor = get_user_model().objects.filter(username="editor").first() if logins else None
        try:
            report = demo_load(editor=editor)
        except (DemoDataError, DemoLoadError) as exc:
            raise CommandError(f"The demo was not loaded: {exc}") from exc
        self._summary(report)
        if not logins:
            return
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

    def _summary(self, report: LoadReport) -> None:
        if not report.changed_anything:
            self.stdout.write("Demo data already loaded; nothing changed.")
            return
        parts = [f"{n} {kind} created" for kind, n in sorted(report.created.items())]
        parts += [f"{n} {kind} updated" for kind, n in sorted(report.updated.items())]
        parts += [f"{n} proposals {how}" for how, n in sorted(report.decided.items())]
        self.stdout.write("Demo data: " + ", ".join(parts) + ".")
        if report.corrections:
            self.stdout.write("The editor corrected what the extractor read differently:")
            for correction in report.corrections:
                self.stdout.write(f"  {correction}")
        pending = report.created["proposals"] - sum(report.decided.values())
        if pending > 0:
            self.stdout.write(f"{pending} proposals wait for review on the Articles page.")
