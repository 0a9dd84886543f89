from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def admin_url(model_or_obj, view: str = "change") -> str:
    opts = model_or_obj._meta
    name = f"admin:{opts.app_label}_{opts.model_name}_{view}"
    if view in ("change", "delete", "history"):
        return reverse(name, args=[model_or_obj.pk])
    return reverse(name)


def changelist_results(response) -> list:
    """The objects on a changelist page, in the order shown."""
    return list(response.context["cl"].result_list)


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def change_form_post_data(response) -> dict:
    """What the browser would post back for an unchanged admin change form, inlines included."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if value is None or value is False:
                continue
            if value is True:
                data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(item) for item in value]
            else:
                data[key] = str(getattr(value, "pk", value))
    return data
