from tests.factories import ProductImageFactory


def test_the_front_page_greets_in_german_and_shows_products_with_pictures(
    client, db, django_assert_max_num_queries
):
    for index in range(8):
        ProductImageFactory(product__name=f"Kuscheldecke Nr. {index}", alt_text=f"Decke {index} von vorne")
    with django_assert_max_num_queries(3):
        response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Willkommen bei Nordlicht Haus" in page
    assert page.count("<h3>Kuscheldecke") == 6
    assert 'alt="Decke' in page
    assert '<html lang="de">' in page
