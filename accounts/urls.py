"""The customer area ("Mein Konto"), login and guest lookup. These paths are stable: emails link to them."""

urlpatterns: list = []
