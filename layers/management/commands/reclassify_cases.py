"""python manage.py reclassify_cases [--user NAME]: move the cases waiting under 其他 whose 12345
category name the mapping table now knows (layers/services/reclassify.py; the admin's action on
12345分类映射 does the same)."""

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from layers.management.operator import operator
from layers.services.reclassify import reclassify_cases, waiting_names


class Command(BaseCommand):
    help = "按12345分类映射重新分类暂归“其他”的诉求 (re-classify the cases waiting under 其他)."

    def add_arguments(self, parser):
        parser.add_argument("--user", help="操作人用户名，记入流转记录 (the operator, recorded in the event log)")

    def handle(self, *args, user, **options):
        actor = operator(user)
        try:
            result = reclassify_cases(actor=actor)
        except PermissionDenied as exc:
            raise CommandError(f"--user {user!r}: {exc}") from exc
        self.stdout.write(result.summary())
        left = waiting_names()
        if left:
            self.stdout.write(
                f"仍暂归其他的12345分类 (names still unknown; add them in the admin's 12345分类映射): {'、'.join(left)}"
            )
