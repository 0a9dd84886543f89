"""Reads for products and orders, with their related rows fetched in a fixed number of queries."""

from django.db.models import Prefetch, QuerySet

from orders.models import Product, ProductImage


def products_featured(*, limit: int = 6) -> QuerySet[Product]:
    """A few products for the shop's front page, each with its pictures (two queries in all)."""
    return (
        Product.objects.select_related("category")
        .prefetch_related(Prefetch("images", queryset=ProductImage.objects.order_by("position", "id")))
        .order_by("category__name", "name")[:limit]
    )
