"""The inbox: each signed-in user sees and marks only their own notifications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import services
from .context_processors import unread_for_request
from .queries import notifications_for_user

PAGE_SIZE = 30


@login_required
@require_GET
def inbox(request):
    page = Paginator(notifications_for_user(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "inbox_unread": unread_for_request(request)}
    return render(request, "notifications/inbox.html", context)


@login_required
@require_POST
def read(request, pk):
    """Mark a notification read, then open its object (or, with `stay`, go back to the inbox).
    Under HTMX the answer is the updated item plus the new unread counts."""
    notification = get_object_or_404(notifications_for_user(request.user), pk=pk)
    services.mark_read(notification, user=request.user)
    if request.htmx:
        request._inbox_unread = None
        context = {"notification": notification, "inbox_unread": unread_for_request(request)}
        return render(request, "notifications/_read.html", context)
    if notification.safe_url and not request.POST.get("stay"):
        return redirect(notification.safe_url)
    return redirect("notifications:inbox")


@login_required
@require_POST
def read_all(request):
    count = services.mark_all_read(request.user)
    if count:
        done = _("Đã đánh dấu %(count)d thông báo là đã đọc.") % {"count": count}
        messages.success(request, done)
    return redirect("notifications:inbox")
