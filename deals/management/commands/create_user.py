from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from deals.permissions import ROLES, role_group


class Command(BaseCommand):
    help = "Create (or update) a user with a role: analyst reads, editor reads and writes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", choices=ROLES, required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--email", default="")
        parser.add_argument("--staff", action="store_true", help="also allow the Django admin")

    @transaction.atomic
    def handle(self, *args: object, **options: object) -> None:
        username = str(options["username"]).strip()
        if not username:
            raise CommandError("A username is required.")
        role = role_group(str(options["role"]))
        user, created = get_user_model().objects.get_or_create(username=username)
        user.email = str(options["email"])
        user.is_staff = bool(options["staff"])
        user.set_password(str(options["password"]))
        user.save()
        user.groups.set([role])
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} {options['role']} {username!r}.")
