"""The app's URLs plus reference views served through the same middleware stack:

- `bench/ping`: a trivial JSON view, no database work: the ceiling of this stack;
- `bench/lookup/<number>`: a bare Django view doing one indexed lookup of a certificate by its
  number (with its status, through the ORM) and returning a few fields as JSON;
- `bench/sql/<number>`: the same lookup with its SQL compiled once a day (no ORM work per
  request): the floor of a lookup through Django's connection.
"""

from django.db import connection
from django.http import Http404, JsonResponse
from django.urls import include, path
from django.utils import timezone

from ocop.certification.models import Certificate


def ping(request):
    return JsonResponse({"ok": True})


def lookup(request, number: str):
    row = (
        Certificate.objects.filter(number=number)
        .values("number", "status", "stars", "issued_on", "valid_until", "revoked_on")
        .first()
    )
    if row is None:
        raise Http404(number)
    return JsonResponse(row)


FIELDS = ("number", "status", "stars", "issued_on", "valid_until", "revoked_on")
_compiled = {}


def _sql() -> tuple[str, tuple]:
    today = timezone.localdate()
    if _compiled.get("day") != today:
        marker = "\x00number\x00"
        query = Certificate.objects.filter(number=marker).order_by().values(*FIELDS)[:1].query
        sql, params = query.get_compiler(connection=connection).as_sql()
        assert params[-1] == marker, "the number is not the last parameter"
        _compiled.update(day=today, sql=sql, params=tuple(params[:-1]))
    return _compiled["sql"], _compiled["params"]


def sql_lookup(request, number: str):
    sql, params = _sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, number))
        row = cursor.fetchone()
    if row is None:
        raise Http404(number)
    return JsonResponse(dict(zip(FIELDS, row, strict=True)))


urlpatterns = [
    path("bench/ping", ping),
    path("bench/lookup/<path:number>", lookup),
    path("bench/sql/<path:number>", sql_lookup),
    path("", include("ocop.urls")),
]
