from django import template

from returns.models import ReturnStatus

register = template.Library()


@register.filter
def return_refusal(item, today) -> str:
    """Why this line cannot go back as an ordinary return today ("" when it can)."""
    return item.refusal(today=today, defect=False)


@register.simple_tag
def return_status_label(status: str) -> str:
    try:
        return str(ReturnStatus(status).label)
    except ValueError:
        return status


@register.simple_tag(takes_context=True)
def tracking_status_label(context, status: str) -> str:
    from django.utils import translation

    from tracking.statuses import status_text

    return status_text(status, translation.get_language() or "de")[0]
