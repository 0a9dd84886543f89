"""The customer area ("Mein Konto"), sign-in, magic links and the guest lookup.

Order pages are open to the order's customer and to a session holding a magic-link grant for that order;
for anyone else the order does not exist (404). Someone not signed in and without a grant is sent to the
login first, for any number, so that the answer does not reveal whether an order exists.
"""

from functools import lru_cache

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access, throttling
from accounts.forms import (
    ActivationForm,
    GuestLookupForm,
    LoginForm,
    NotificationPreferencesForm,
    OrderFilterForm,
    OutboxPasswordResetForm,
    ProfileForm,
)
from accounts.models import Language
from accounts.presentation import (
    days_from_delivery,
    delivered_on,
    line_after_sales,
    line_return_until,
    months_from_delivery,
    order_plain_status,
    parcel_count_sentence,
    shipment_help,
    shipment_plain_status,
    tracking_status_text,
    tracking_steps,
)
from accounts.selectors import order_page, shipment_page
from accounts.services import (
    account_activate,
    account_can_be_activated,
    guest_lookup_request,
    user_language_set,
    user_phone_set,
    user_profile_update,
)
from core.frame import framed
from notifications.consent import marketing_preferences, marketing_preferences_update
from orders import selectors
from orders.invoices import invoice_number, invoice_pdf
from orders.models import OrderStatus, PaymentMethodType
from returns.models import ReturnStatus
from returns.policy import policy_get
from tracking.models import TrackingStatus


def _label(choices, value: str) -> str:
    """A choice's label in the active language (the value itself if it is no choice)."""
    return _choice_label(choices, value, translation.get_language())


@lru_cache(maxsize=1024)  # a few dozen choices in two languages: labels are fixed while a process runs
def _choice_label(choices, value: str, language: str | None) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _language_cookie(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


# --- Sign-in -------------------------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # From now on the customer's own language, whatever the browser says.
        _language_cookie(response, form.get_user().language)
        return response


class LogoutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    form_class = OutboxPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@require_http_methods(["GET", "POST"])
def account_activate_view(request, token):
    try:
        email = access.activation_check(token=token)
    except access.LinkExpired:
        return render(request, "accounts/link_invalid.html", {"expired": True}, status=410)
    except access.LinkInvalid:
        return render(request, "accounts/link_invalid.html", {"expired": False}, status=404)
    if not account_can_be_activated(email=email):
        messages.info(request, _("Für diese E-Mail-Adresse gibt es schon ein Konto. Bitte melde dich an."))
        return redirect("login")
    initial = {"language": (translation.get_language() or "de")[:2]}
    form = ActivationForm(request.POST or None, email=email, initial=initial)
    if request.method == "POST" and form.is_valid():
        user = account_activate(
            email=email, password=form.cleaned_data["new_password1"], language=form.cleaned_data["language"]
        )
        auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Dein Konto ist bereit. Willkommen!"))
        response = redirect("account_home")
        _language_cookie(response, user.language)
        return response
    return render(request, "accounts/activate.html", {"form": form, "email": email})


@require_GET
def magic_link(request, number, token):
    try:
        until = access.magic_link_check(token=token, number=number)
    except access.LinkExpired:
        return render(request, "accounts/link_invalid.html", {"expired": True}, status=410)
    except access.LinkInvalid:
        return render(request, "accounts/link_invalid.html", {"expired": False}, status=404)
    access.order_grant_add(session=request.session, number=number, until=until)
    return redirect("order_detail", number=number)


@require_http_methods(["GET", "POST"])
def guest_lookup(request):
    form = GuestLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        number, email = form.cleaned_data["number"], form.cleaned_data["email"]
        if not throttling.guest_lookup_allowed(number=number, address=throttling.client_address(request)):
            return render(request, "accounts/track.html", {"form": form, "limited": True}, status=429)
        guest_lookup_request(number=number, email=email)
        # The same answer whether or not the order exists.
        return render(request, "accounts/track.html", {"form": GuestLookupForm(), "sent": True})
    return render(request, "accounts/track.html", {"form": form})


@require_POST
def language_set(request):
    """The language switcher: remembers the choice in a cookie, and in the account when signed in."""
    language = request.POST.get("language", "")
    if language not in Language.values:
        language = settings.LANGUAGE_CODE
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    if request.user.is_authenticated:
        user_language_set(user=request.user, language=language)
    response = HttpResponseRedirect(next_url)
    _language_cookie(response, language)
    return response


# --- The account ---------------------------------------------------------------------------------------


def _with_status(orders):
    return [(order, order_plain_status(order, list(order.shipments.all()))) for order in orders]


@login_required
@require_GET
def account_home(request):
    hub = selectors.customer_hub(user=request.user)
    attention = [(shipment, shipment_plain_status(shipment)) for shipment in hub["attention"]]
    return render(
        request,
        "accounts/home.html",
        {
            "orders": _with_status(hub["recent_orders"]),
            "open_returns": hub["open_returns"],
            "attention": attention,
        },
    )


@login_required
@require_GET
def account_ping(request):
    """Benchmark aid: the cheapest signed-in page (session, user, one line of text), the framework's floor."""
    return HttpResponse(request.user.first_name or "ok", content_type="text/plain; charset=utf-8")


@login_required
@require_GET
def account_orders(request):
    filter_form = OrderFilterForm(request.GET or None)
    status = filter_form.cleaned_data["status"] if filter_form.is_valid() else ""
    paginator = Paginator(
        selectors.customer_orders(user=request.user, status=status), settings.ACCOUNT_ORDERS_PER_PAGE
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/orders.html",
        {
            "page": page,
            "orders": _with_status(page.object_list),
            "filter_form": filter_form,
            "status": status,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request):
    user = request.user
    profile_form = ProfileForm(instance=user)
    password_form = PasswordChangeForm(user)
    preferences_form = None
    if request.method == "POST" and request.POST.get("form") == "profile":
        profile_form = ProfileForm(request.POST, instance=user)
        if profile_form.is_valid():
            data = profile_form.cleaned_data
            user_profile_update(
                user=user,
                first_name=data["first_name"],
                last_name=data["last_name"],
                language=data["language"],
            )
            translation.activate(user.language)
            messages.success(request, _("Deine Angaben sind gespeichert."))
            response = redirect("account_settings")
            _language_cookie(response, user.language)
            return response
    elif request.method == "POST" and request.POST.get("form") == "notifications":
        preferences_form = NotificationPreferencesForm(request.POST)
        if preferences_form.is_valid():
            data = preferences_form.cleaned_data
            if data["phone"] != user.phone:
                user_phone_set(user=user, phone=data["phone"])
            marketing_preferences_update(
                email=user.email,
                phone=user.phone,
                language=user.language,
                wanted={channel: data[channel] for channel in ("email", "sms", "whatsapp")},
            )
            messages.success(
                request,
                _(
                    "Gespeichert. Was du neu eingeschaltet hast, bestätigst du bitte über den Link, den wir dir schicken."
                ),
            )
            return redirect("account_settings")
    elif request.method == "POST" and request.POST.get("form") == "password":
        password_form = PasswordChangeForm(user, request.POST)
        if password_form.is_valid():
            password_form.save()
            update_session_auth_hash(request, password_form.user)
            messages.success(request, _("Dein Passwort ist geändert."))
            return redirect("account_settings")
    current = marketing_preferences(email=user.email, phone=user.phone)
    if preferences_form is None:
        preferences_form = NotificationPreferencesForm(
            initial={"phone": user.phone, **{channel: bool(state) for channel, state in current.items()}}
        )
    return render(
        request,
        "accounts/settings.html",
        {
            "profile_form": profile_form,
            "password_form": password_form,
            "preferences_form": preferences_form,
            "consent": current,
        },
    )


# --- One order: open to its customer and to a magic-link grant -----------------------------------------


class _SignInFirst(Exception):
    pass


class OrderScope:
    """The orders this request may open, narrowed to what is needed for one number."""

    def __init__(self, request, number: str):
        self.number = number
        self.granted = number in access.order_grants(session=request.session)
        if not request.user.is_authenticated and not self.granted:
            raise _SignInFirst
        self.user = request.user

    @cached_property
    def orders(self):
        """The scoped queryset, for the pages that read through it (the order and tracking pages read
        through ``accounts.selectors`` with the same rule)."""
        return selectors.orders_visible(user=self.user, granted_numbers=[self.number] if self.granted else [])

    def page(self, request, *parts, build):
        """Render an order page, or take it from a short-lived cache (``ACCOUNT_PAGE_CACHE_SECONDS``).

        ``build()`` reads what this scope may see and returns (title, Jinja2 template, context), or None
        for "not found" (404, never cached). The cache key holds the scope itself (user id, whether a
        magic-link grant for this number is present) and the language, so a page rendered for one person
        is never served to another: the 404 rule holds with the cache as without it. A page may show a
        parcel's newest scan that many seconds late; the header (language switch, CSRF token, messages)
        is rendered fresh every time."""
        language = translation.get_language()
        key = ":".join(
            ["accounts:page", str(self.user.pk or 0), "g" if self.granted else "-", self.number, language]
            + [str(part) for part in parts]
        )
        seconds = settings.ACCOUNT_PAGE_CACHE_SECONDS
        page = cache.get(key) if seconds else None
        if page is None:
            built = build()
            if built is None:
                raise Http404
            title, template_name, context = built
            # Jinja2 escaped what it filled in; to the site frame (a Django template) the result is markup.
            content = mark_safe(render_to_string(template_name, context, request, using="jinja2"))
            page = {"title": title, "content": content}
            if seconds:
                cache.set(key, page, seconds)
        return framed(request, title=page["title"], content=page["content"])


def _order_page(view):
    def wrapped(request, number, *args, **kwargs):
        try:
            scope = OrderScope(request, number)
        except _SignInFirst:
            return redirect_to_login(request.get_full_path())
        response = view(request, scope, number, *args, **kwargs)
        response.headers.setdefault("Cache-Control", "private, no-store")
        return response

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return require_GET(wrapped)


def _order_context(request, order) -> dict:
    is_owner = request.user.is_authenticated and order.customer_id == request.user.pk
    return {"order": order, "is_owner": is_owner, "via_link": not is_owner}


def _order_title(order) -> str:
    return _("Bestellung %(number)s") % {"number": order.number}


@_order_page
def order_detail(request, scope, number):
    def build():
        page = order_page(number=number, customer_id=scope.user.pk, granted=scope.granted)
        if page is None:
            return None
        order = page.order
        context = _order_context(request, order)
        can_activate = context["via_link"] and account_can_be_activated(email=order.email)
        today = timezone.localdate()  # once: each plain-language status asks
        context.update(
            plain_status=order_plain_status(order, page.shipments, today=today),
            shipments=[
                (shipment, shipment_plain_status(shipment, today=today)) for shipment in page.shipments
            ],
            lines=[
                (
                    line,
                    line_return_until(
                        line, delivered_on=delivered_on(line.quantity, line.deliveries), policy=page.policy
                    ),
                )
                for line in page.lines
            ],
            history=[(_label(OrderStatus, status), changed_at) for status, changed_at in page.history],
            # Labels of choices through the enum: get_FOO_display() rebuilds the choices on every call.
            payment_method=_label(PaymentMethodType, order.payment_method_type),
            returns=[(entry, _label(ReturnStatus, entry.status)) for entry in page.returns],
            activation_link=access.activation_url(email=order.email) if can_activate else "",
        )
        return _order_title(order), "accounts/order_detail.html", context

    return scope.page(request, "order", build=build)


@_order_page
def order_shipping(request, scope, number):
    def build():
        order = selectors.order_shipping(orders=scope.orders, number=number)
        if order is None:
            return None
        shipments = list(order.shipments.all())
        parcels = [
            {
                "shipment": shipment,
                "plain_status": shipment_plain_status(shipment),
                "lines": list(shipment.lines.all()),
                "help": shipment_help(shipment),
            }
            for shipment in shipments
        ]
        unshipped = []
        for line in order.lines.all():
            open_quantity = line.quantity - sum(part.quantity for part in line.shipment_lines.all())
            if open_quantity > 0:
                unshipped.append((line, open_quantity))
        context = _order_context(request, order)
        context.update(
            parcels=parcels,
            parcel_sentence=parcel_count_sentence(len(shipments)) if shipments else "",
            unshipped=unshipped,
        )
        return f"{_('Versand')} · {_order_title(order)}", "accounts/order_shipping.html", context

    return scope.page(request, "shipping", build=build)


@_order_page
def order_line(request, scope, number, line_id):
    def build():
        line = selectors.order_line_detail(orders=scope.orders, number=number, line_id=line_id)
        if line is None:
            return None
        product = line.product
        after_sales = line_after_sales(line, policy=policy_get())
        context = _order_context(request, line.order)
        context.update(
            line=line,
            product=product,
            specs=list(product.specs.all()) if product else [],
            images=list(product.images.all()) if product else [],
            after_sales=after_sales,
            # Plurals are chosen here: makemessages finds no ngettext() in a Jinja2 template (core/jinja2.py).
            return_window=days_from_delivery(after_sales.return_window_days),
            warranty=months_from_delivery(product.warranty_months) if product else "",
        )
        return line.product_name, "accounts/order_line.html", context

    return scope.page(request, "line", line_id, build=build)


@_order_page
def shipment_detail(request, scope, number, shipment_id):
    def build():
        page = shipment_page(
            number=number, shipment_id=shipment_id, customer_id=scope.user.pk, granted=scope.granted
        )
        if page is None:
            return None
        shipment = page.shipment
        # A parcel's scans repeat a few statuses: each one's label once.
        labels = {status: tracking_status_text(status)[0] for status in {event[0] for event in page.events}}
        label, explanation = tracking_status_text(shipment.status)
        context = _order_context(request, shipment.order)
        context.update(
            shipment=shipment,
            plain_status=shipment_plain_status(shipment),
            status_label=label,
            status_explanation=explanation,
            steps=tracking_steps(shipment),
            events=[
                (labels[status], location, description, occurred_at)
                for status, location, description, occurred_at in page.events
            ],
            contents=page.contents,
            help=shipment_help(shipment),
            delayed=shipment.is_delayed and shipment.status != TrackingStatus.DELIVERED,
        )
        return f"{_('Sendungsverlauf')} · {shipment.tracking_number}", "accounts/shipment.html", context

    return scope.page(request, "shipment", shipment_id, build=build)


@_order_page
def order_invoice(request, scope, number):
    order = selectors.order_for_invoice(orders=scope.orders, number=number)
    if order is None:
        raise Http404
    language = (translation.get_language() or "de")[:2]
    pdf = invoice_pdf(order=order, language=language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{invoice_number(order=order)}.pdf"'
    return response
