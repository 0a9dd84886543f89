"""Support admin for customers and staff: Django's user admin, keyed by email address."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.admin import admin_link, count_subquery, local_datetime, money, table_with_more_link
from notifications.models import Message
from orders.models import Order

# The customer page lists this many of the newest orders and links to the full, filtered order list.
CUSTOMER_PAGE_ORDERS = 20


class UserCreateForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)

    def clean_email(self) -> str:
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self) -> str:
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreateForm
    list_display = ("email", "first_name", "last_name", "language", "order_count", "is_staff", "is_active")
    list_filter = ("is_staff", "is_superuser", "is_active", "language", "groups")
    search_fields = ("email", "first_name", "last_name")
    ordering = ("email",)
    show_full_result_count = False
    readonly_fields = ("last_login", "date_joined", "orders_overview", "messages_overview")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Persönliche Daten"), {"fields": ("first_name", "last_name", "language", "phone")}),
        (_("Bestellungen"), {"fields": ("orders_overview",)}),
        (_("Nachrichten"), {"fields": ("messages_overview",)}),
        (
            _("Berechtigungen"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Wichtige Daten"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "first_name",
                    "last_name",
                    "language",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(orders_total=count_subquery(Order, "customer"))

    @admin.display(description=_("Bestellungen"), ordering="orders_total")
    def order_count(self, obj: User) -> int:
        return obj.orders_total

    @admin.display(description=_("Bestellungen des Kunden"))
    def orders_overview(self, obj: User) -> str:
        """The newest orders as links, and a link to all of them in the order list."""
        if not obj.pk:
            return "–"
        orders = list(
            Order.objects.filter(customer=obj)
            .only("pk", "number", "placed_at", "status", "grand_total", "currency")
            .order_by("-placed_at", "-id")[:CUSTOMER_PAGE_ORDERS]
        )
        if not orders:
            return _("Noch keine Bestellungen.")
        return table_with_more_link(
            headers=(_("Bestellnummer"), _("bestellt am"), _("Status"), _("Gesamtsumme")),
            rows=(
                (
                    admin_link(order, order.number),
                    local_datetime(order.placed_at),
                    order.get_status_display(),
                    money(order.grand_total, order.currency),
                )
                for order in orders
            ),
            more_url=reverse("admin:orders_order_changelist")
            + "?"
            + urlencode({"customer__id__exact": obj.pk}),
            more_text=gettext("Alle Bestellungen dieses Kunden (%(count)s)") % {"count": obj.orders_total},
        )

    @admin.display(description=_("Nachrichten an den Kunden"))
    def messages_overview(self, obj: User) -> str:
        """The newest messages to this customer, each a link to its page (status history and preview)."""
        if not obj.pk:
            return "–"
        messages = list(
            Message.objects.filter(customer=obj)
            .only("pk", "template_key", "channel", "status", "created_at", "subject")
            .order_by("-created_at", "-id")[:CUSTOMER_PAGE_ORDERS]
        )
        if not messages:
            return _("Noch keine Nachrichten.")
        return table_with_more_link(
            headers=(_("Nachricht"), _("Kanal"), _("Status"), _("angelegt am")),
            rows=(
                (
                    admin_link(message, message.subject or message.template_key),
                    message.get_channel_display(),
                    message.get_status_display(),
                    local_datetime(message.created_at),
                )
                for message in messages
            ),
            more_url=reverse("admin:notifications_message_changelist")
            + "?"
            + urlencode({"customer__id__exact": obj.pk}),
            more_text=_("Alle Nachrichten an diesen Kunden"),
        )
