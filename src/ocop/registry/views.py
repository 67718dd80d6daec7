"""Pages of the registry. Reads come from `queries.*_for_user`, changes from `domain` actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts.models import Role
from ocop.accounts.scope import is_national, memberships_of, scope_communes
from ocop.core.errors import DomainError
from ocop.core.text import search_terms
from ocop.geo.models import AdminUnit, Era, Level
from ocop.geo.queries import communes_by_code

from . import domain
from .forms import (
    DeleteForm,
    PhotoForm,
    ProducerFilterForm,
    ProducerForm,
    ProductFilterForm,
    ProductForm,
    StatusForm,
)
from .models import Producer, Product, ProductPhoto, ProductSet
from .queries import (
    producer_detail_for_user,
    producers_for_user,
    product_detail_for_user,
    products_for_user,
)

PAGE_SIZE = 25
UNIT_SEARCH_LIMIT = 15


def _get_or_404(query, user, pk):
    try:
        return query(user, pk)
    except (Producer.DoesNotExist, Product.DoesNotExist, ValueError):
        raise Http404 from None


def _require(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _bound(request, *, files: bool = False) -> tuple:
    """Form arguments: the submitted data on POST (even when empty), none on GET."""
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _list_response(request, template: str, partial: str, context: dict):
    """The whole page, or only the results table for an HTMX live search."""
    if getattr(request, "htmx", False) and request.htmx.target == "results":
        return render(request, partial, context)
    return render(request, template, context)


# --- producers ---------------------------------------------------------------------------


def _scope_provinces(user):
    """Current-era provinces the user's scope reaches, as (code, name) choices."""
    provinces = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.PROVINCE)
    if not is_national(user):
        ids = set()
        for membership in memberships_of(user):
            if membership.unit is not None:
                ids.add(membership.unit.current_province_id)
            elif membership.producer is not None:
                ids.add(membership.producer.commune.current_province_id)
        provinces = provinces.filter(pk__in=ids)
    return list(provinces.order_by("name").values_list("code", "name"))


def _communes_of(province_code):
    return list(
        AdminUnit.objects.filter(
            era=Era.CURRENT, level=Level.COMMUNE, current_province__code=province_code
        )
        .order_by("name")
        .values_list("code", "name")
    )


@login_required
def producer_list(request):
    provinces = _scope_provinces(request.user)
    province = request.GET.get("province") or (provinces[0][0] if len(provinces) == 1 else "")
    communes = _communes_of(province) if str(province).isdigit() else []
    form = ProducerFilterForm(request.GET or None, provinces=provinces, communes=communes)
    filters = form.cleaned_data if form.is_valid() else {}
    producers = producers_for_user(request.user, query=filters.get("q"))
    if filters.get("kind"):
        producers = producers.filter(kind=filters["kind"])
    if filters.get("status"):
        producers = producers.filter(status=filters["status"])
    if filters.get("province"):
        producers = producers.filter(commune__current_province__code=filters["province"])
    if filters.get("commune"):
        producers = producers.filter(
            commune__in=communes_by_code(filters["commune"], Era.CURRENT).values("pk")
        )
    producers = producers.annotate(product_count=Count("products")).order_by("name", "pk")
    context = {
        "form": form,
        "page": _page(request, producers),
        "can_add": request.user.has_perm("registry.add_producer"),
    }
    return _list_response(
        request, "registry/producer_list.html", "registry/_producer_table.html", context
    )


@login_required
def producer_detail(request, pk):
    producer = _get_or_404(producer_detail_for_user, request.user, pk)
    user = request.user
    context = {
        "producer": producer,
        "can_edit": user.has_perm("registry.change_producer", producer),
        "can_delete": user.has_perm("registry.delete_producer", producer),
        "can_change_status": user.has_perm("registry.change_producer_status", producer),
        "can_add_product": user.has_perm("registry.add_product", producer),
    }
    return render(request, "registry/producer_detail.html", context)


@login_required
def producer_create(request):
    _require(request.user, "registry.add_producer")
    form = ProducerForm(*_bound(request))
    if request.method == "POST" and form.is_valid():
        try:
            producer = domain.create_producer(
                actor=request.user,
                data=form.domain_data(),
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Đã đăng ký chủ thể %(name)s.") % {"name": producer.name})
            return redirect("registry:producer_detail", pk=producer.pk)
    return render(request, "registry/producer_form.html", {"form": form, "producer": None})


@login_required
def producer_edit(request, pk):
    producer = _get_or_404(lambda user, pk: producers_for_user(user).get(pk=pk), request.user, pk)
    _require(request.user, "registry.change_producer", producer)
    officer = request.user.has_perm("registry.delete_producer", producer)
    form = ProducerForm(*_bound(request), instance=producer, officer=officer)
    posted = request.method == "POST" and form.is_valid()
    if posted and _saved(request, form, domain.update_producer, producer):
        return redirect("registry:producer_detail", pk=producer.pk)
    # The form wrote cleaned values onto the instance: show the stored name in the heading.
    producer.refresh_from_db(fields=["name"])
    return render(request, "registry/producer_form.html", {"form": form, "producer": producer})


def _saved(request, form, update, obj) -> bool:
    """Apply a valid edit form through the domain action `update`; a broken rule goes onto the
    form (False), success onto the messages (True)."""
    try:
        update(obj, actor=request.user, data=form.domain_data(), reason=form.cleaned_data["reason"])
    except DomainError as error:
        form.add_domain_error(error)
        return False
    messages.success(request, _("Đã lưu thay đổi."))
    return True


def _confirm_delete(request, obj, *, delete, done: str, next_url: str, context: dict):
    """The confirmation page of a deletion; on POST the domain action `delete` removes `obj`."""
    form = DeleteForm(*_bound(request))
    if request.method == "POST" and form.is_valid():
        try:
            delete(obj, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, done)
            return redirect(next_url)
    return render(request, "registry/confirm_delete.html", {"form": form, "object": obj, **context})


@login_required
def producer_delete(request, pk):
    producer = _get_or_404(producer_detail_for_user, request.user, pk)
    _require(request.user, "registry.delete_producer", producer)
    return _confirm_delete(
        request,
        producer,
        delete=domain.delete_producer,
        done=_("Đã xoá chủ thể %(name)s.") % {"name": producer.name},
        next_url="registry:producer_list",
        context={"producer": producer},
    )


@login_required
def producer_status(request, pk):
    producer = _get_or_404(producer_detail_for_user, request.user, pk)
    _require(request.user, "registry.change_producer_status", producer)
    form = StatusForm(*_bound(request), producer=producer)
    if request.method == "POST" and form.is_valid():
        try:
            domain.change_producer_status(
                producer,
                actor=request.user,
                status=form.cleaned_data["status"],
                date=form.cleaned_data["date"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Đã cập nhật tình trạng của chủ thể."))
            return redirect("registry:producer_detail", pk=producer.pk)
    return render(request, "registry/producer_status.html", {"form": form, "producer": producer})


# --- products ----------------------------------------------------------------------------


@login_required
def product_list(request):
    product_sets = list(ProductSet.objects.all())
    form = ProductFilterForm(request.GET or None, product_sets=product_sets)
    filters = form.cleaned_data if form.is_valid() else {}
    products = products_for_user(request.user, query=filters.get("q"))
    if filters.get("sector"):
        products = products.filter(product_set__sector_code=filters["sector"])
    if filters.get("product_set"):
        products = products.filter(product_set__number=filters["product_set"])
    producer = None
    if filters.get("producer"):
        products = products.filter(producer_id=filters["producer"])
        producer = producers_for_user(request.user).filter(pk=filters["producer"]).first()
    products = products.annotate(photo_count=Count("photos")).order_by("name", "pk")
    context = {
        "form": form,
        "page": _page(request, products),
        "producer": producer,
        "can_add": request.user.has_perm("registry.add_product", None),
    }
    return _list_response(
        request, "registry/product_list.html", "registry/_product_table.html", context
    )


@login_required
def product_detail(request, pk):
    product = _get_or_404(product_detail_for_user, request.user, pk)
    user = request.user
    can_edit = user.has_perm("registry.change_product", product)
    context = {
        "product": product,
        "can_edit": can_edit,
        "can_delete": user.has_perm("registry.delete_product", product),
        "photo_form": PhotoForm() if can_edit else None,
    }
    return render(request, "registry/product_detail.html", context)


@login_required
def product_create(request):
    _require(request.user, "registry.add_product", None)
    producers = producers_for_user(request.user).select_related(None).only("pk", "name")
    initial = {}
    if request.GET.get("producer", "").isdigit():
        initial["producer"] = request.GET["producer"]
    form = ProductForm(*_bound(request), producers=producers, initial=initial)
    if request.method == "POST" and form.is_valid():
        producer = (
            producers_for_user(request.user)
            .select_related("commune")
            .get(pk=form.cleaned_data["producer"].pk)
        )
        _require(request.user, "registry.add_product", producer)
        try:
            product = domain.create_product(
                producer,
                actor=request.user,
                data=form.domain_data(),
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                _("Đã thêm sản phẩm %(name)s, mã %(code)s.")
                % {"name": product.name, "code": product.code},
            )
            return redirect("registry:product_detail", pk=product.pk)
    return render(request, "registry/product_form.html", {"form": form, "product": None})


@login_required
def product_edit(request, pk):
    product = _get_or_404(lambda user, pk: products_for_user(user).get(pk=pk), request.user, pk)
    _require(request.user, "registry.change_product", product)
    form = ProductForm(*_bound(request), instance=product)
    posted = request.method == "POST" and form.is_valid()
    if posted and _saved(request, form, domain.update_product, product):
        return redirect("registry:product_detail", pk=product.pk)
    product.refresh_from_db(fields=["name"])
    return render(request, "registry/product_form.html", {"form": form, "product": product})


@login_required
def product_delete(request, pk):
    product = _get_or_404(lambda user, pk: products_for_user(user).get(pk=pk), request.user, pk)
    _require(request.user, "registry.delete_product", product)
    return _confirm_delete(
        request,
        product,
        delete=domain.delete_product,
        done=_("Đã xoá sản phẩm %(name)s.") % {"name": product.name},
        next_url="registry:product_list",
        context={"product": product},
    )


@login_required
def product_photos(request, pk):
    """Upload a photo (POST); GET shows the product page's photo section."""
    product = _get_or_404(product_detail_for_user, request.user, pk)
    _require(request.user, "registry.change_product", product)
    form = PhotoForm(*_bound(request, files=True))
    if request.method == "POST" and form.is_valid():
        domain.add_photo(
            product,
            actor=request.user,
            image=form.cleaned_data["image"],
            caption=form.cleaned_data["caption"],
        )
        messages.success(request, _("Đã thêm ảnh sản phẩm."))
        return redirect("registry:product_detail", pk=product.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "registry/product_photos.html", {"form": form, "product": product}, status=status
    )


@login_required
@require_POST
def product_photo_delete(request, pk, photo_pk):
    product = _get_or_404(lambda user, pk: products_for_user(user).get(pk=pk), request.user, pk)
    _require(request.user, "registry.change_product", product)
    photo = get_object_or_404(ProductPhoto, pk=photo_pk, product=product)
    domain.remove_photo(photo, actor=request.user, reason=request.POST.get("reason", "")[:500])
    messages.success(request, _("Đã xoá ảnh."))
    return redirect("registry:product_detail", pk=product.pk)


# --- commune picker ----------------------------------------------------------------------


def _pickable_communes(user):
    """Communes the user may place records on (a producer account: its province)."""
    communes = AdminUnit.objects.filter(level=Level.COMMUNE)
    if is_national(user):
        return communes
    scope = Q(pk__in=[])
    for membership in memberships_of(user):
        if membership.role == Role.PRODUCER and membership.producer is not None:
            province = membership.producer.commune.current_province_id
            scope |= Q(current_province=province)
        elif membership.unit is not None:
            scope |= Q(pk__in=scope_communes(membership).values("pk"))
    return communes.filter(scope)


@login_required
def unit_search(request):
    """Server-side autocomplete for the commune picker (HTML fragment)."""
    era = request.GET.get("era") or request.GET.get("commune_era")
    era = era if era in Era.values else Era.CURRENT
    query = (request.GET.get("q") or request.GET.get("commune_q") or "").strip()[:100]
    results = []
    if len(query) >= 2:
        communes = _pickable_communes(request.user).filter(era=era)
        if query.isdigit():
            communes = communes.filter(code=int(query))
        else:
            for term in search_terms(query):
                communes = communes.filter(
                    Q(search_text__contains=term) | Q(parent__search_text__contains=term)
                )
        results = list(
            communes.select_related("parent__parent").order_by("name", "code")[:UNIT_SEARCH_LIMIT]
        )
    return render(
        request, "registry/_unit_results.html", {"results": results, "query": query, "era": era}
    )
