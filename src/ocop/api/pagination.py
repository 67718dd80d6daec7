from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import pagination
from rest_framework.exceptions import ValidationError


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=&page_size=` (at most 500) → `{"count", "next", "previous", "results"}`.

    A `page_size` that is not a positive whole number is a 400 (DRF would silently ignore it);
    one above the maximum is capped."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    page_query_description = gettext_lazy("Số trang, bắt đầu từ 1.")
    page_size_query_description = gettext_lazy("Số kết quả mỗi trang (tối đa 500).")

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if size < 1:
            raise ValidationError(
                {self.page_size_query_param: [_("Cỡ trang phải là số nguyên dương.")]}
            )
        return min(size, self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] in (self.page_query_param, self.page_size_query_param):
                parameter["schema"]["minimum"] = 1
        return parameters
