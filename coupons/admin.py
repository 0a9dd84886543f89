from django.contrib import admin

from coupons.models import Coupon


@admin.register(Coupon)
class CouponAdmin(admin.ModelAdmin):
    list_display = ("code", "percent_off", "email", "issued_for", "valid_until", "redeemed_at")
    list_select_related = ("issued_for",)
    search_fields = ("=code", "=email")
    raw_id_fields = ("issued_for", "customer")
    readonly_fields = ("created_at",)
