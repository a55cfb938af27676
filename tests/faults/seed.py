"""The smallest world an intake needs, in the database DATABASE_URL names; prints a grid worker's
API token. Run as `python -m tests.faults.seed` (a fault test's own cluster, migrated).

A 1 km square sub-district with one community (tests/conftest.py small_world, halved), one
category and one grid worker of that community: enough for complaint_create to locate, route and
time every case. Django is set up in main(), not at import: the fault tests import CATEGORY.
"""

import os

import django

CATEGORY = "t_fault"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_gov.settings")
    django.setup()
    # Models import only once Django is set up.
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from layers.models import Category, Community, Role, StaffProfile, Subdistrict
    from tests.geometry import rect

    sub = Subdistrict.objects.create(code="110106021", name="测试街道", geom=rect(0, 0, 1000, 1000))
    community = Community.objects.create(code="110106021001", name="测试社区", subdistrict=sub, geom=sub.geom)
    Category.objects.create(
        code=CATEGORY,
        name="测试类别",
        default_sishi_type="difficult",
        time_limit_amount=7,
        time_limit_base="natural_days",
    )
    user = get_user_model().objects.create_user("fault-gridworker", password="unused-in-this-test")
    StaffProfile.objects.create(user=user, role=Role.GRID_WORKER, community=community)
    print(Token.objects.create(user=user).key)


if __name__ == "__main__":
    main()
