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
