"""python manage.py load_demo_cogov: the demo 协商议事 topics, partner units and volunteer teams.

Run after load_demo (layers, accounts and the demo year); run again after load_demo_complaints to
link the cases that brought each topic. Idempotent: a second run adds nothing.
"""

from django.core.management.base import BaseCommand, CommandError

from layers.demo.cogovernance import load_demo_cogov


class Command(BaseCommand):
    help = "加载演示协商议事记录 (load the demo co-governance records)"

    def handle(self, *args, **options):
        try:
            result = load_demo_cogov()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"协商议题 (topics) {result.topics}; 议事会 (meetings) {result.meetings}; "
            f"新关联诉求 (cases newly linked) {result.cases_linked}; 伙伴单位 (partners) {result.partners}; "
            f"志愿者团队 (volunteer teams) {result.volunteer_teams}; 议题编号 (codes) {', '.join(result.codes)}"
        )
        self.stdout.write("伙伴单位、志愿者团队、表决票数均为演示数据 (partners, teams and votes are invented).")
