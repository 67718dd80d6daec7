from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from ocop.audit.admin import AuditedAdminMixin
from ocop.core.admin import ReadOnlyInline
from ocop.core.errors import DomainError

from . import domain
from .models import Producer, ProducerStatusChange, Product, ProductPhoto, ProductSet
from .validators import normalize_registration_no, validate_photo


class ProducerAdminForm(forms.ModelForm):
    """The admin builds the fields (modelform_factory); this adds the registry's checks."""

    def clean_registration_no(self):
        number = normalize_registration_no(self.cleaned_data.get("registration_no", ""))
        taken = Producer.objects.filter(registration_no=number).exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(
                Producer._meta.get_field("registration_no").error_messages["unique"]
            )
        return number


class ProductAdminForm(forms.ModelForm):
    def clean_commune(self):
        """A new product's code needs a 2025-era commune; say so here rather than on save."""
        commune = self.cleaned_data.get("commune")
        if commune is not None and self.instance.pk is None:
            try:
                domain.code_commune(commune)
            except DomainError as error:
                raise ValidationError(error.message) from None
        return commune


class ProducerStatusChangeInline(ReadOnlyInline):
    """The dated history, read-only: a status changes only through the status action."""

    model = ProducerStatusChange
    fields = ("date", "from_status", "to_status", "reason", "recorded_by", "recorded_at")


@admin.register(Producer)
class ProducerAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = ProducerAdminForm
    list_display = ("name", "kind", "registration_no", "commune", "status")
    list_filter = ("kind", "status", "commune__era", "commune__current_province")
    search_fields = ("name", "search_text", "registration_no")
    list_select_related = ("commune",)
    raw_id_fields = ("commune",)
    readonly_fields = ("status", "status_since", "created_at", "updated_at")
    inlines = [ProducerStatusChangeInline]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # A new producer gets its first status row and audit entry from the domain action.
        created = domain.create_producer(actor=request.user, data=form.cleaned_data)
        obj.pk = created.pk
        obj.status_since = created.status_since
        obj._state.adding = False


@admin.register(ProducerStatusChange)
class ProducerStatusChangeAdmin(admin.ModelAdmin):
    list_display = ("producer", "date", "from_status", "to_status", "recorded_by")
    list_filter = ("to_status",)
    search_fields = ("producer__name", "reason")
    list_select_related = ("producer", "recorded_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProductSet)
class ProductSetAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("number", "name", "group_code", "group_name", "sector_code", "sector_name")
    list_filter = ("sector_name",)
    search_fields = ("name", "group_name")


class ProductPhotoForm(forms.ModelForm):
    class Meta:
        model = ProductPhoto
        fields = ("product", "image", "caption", "position")

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and "image" in self.changed_data:
            validate_photo(image)
        return image


class ProductPhotoInline(admin.TabularInline):
    model = ProductPhoto
    form = ProductPhotoForm
    extra = 0
    fields = ("image", "caption", "position")


@admin.register(Product)
class ProductAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = ProductAdminForm
    list_display = ("code", "name", "producer", "product_set", "commune")
    list_filter = ("product_set__sector_name", "product_set", "code_year")
    search_fields = ("name", "search_text", "code", "producer__name")
    list_select_related = ("producer", "product_set", "commune")
    raw_id_fields = ("producer", "commune")
    readonly_fields = ("code", "created_at", "updated_at")
    inlines = [ProductPhotoInline]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # The legal product code is allocated by the domain action, which also audits.
        created = domain.create_product(
            form.cleaned_data["producer"], actor=request.user, data=form.cleaned_data
        )
        obj.pk = created.pk
        obj.code = created.code
        obj.code_year = created.code_year
        obj.code_sequence = created.code_sequence
        obj._state.adding = False


@admin.register(ProductPhoto)
class ProductPhotoAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = ProductPhotoForm
    list_display = ("product", "caption", "position", "uploaded_at")
    search_fields = ("product__name", "caption")
    list_select_related = ("product",)
    raw_id_fields = ("product",)
